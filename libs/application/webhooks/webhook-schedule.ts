/**
 * When a failed delivery is tried again (api.md): +5 s, +5 min, +30 min, +2 h, +5 h, +10 h and
 * +10 h, each counted from the attempt before it (so the last try comes about 27 h 40 min after
 * the first), with up to a tenth of the gap as jitter either way so that endpoints which failed
 * together are not retried in lockstep. After the eighth attempt the delivery is `failed`.
 */
export const RETRY_GAPS_MS: readonly number[] = [5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000];
export const JITTER_FRACTION = 0.1;

/**
 * The instant of the next attempt after `attemptsMade` attempts, the latest of which failed at
 * `failedAt`; undefined when the schedule is exhausted. `random` is in [0, 1).
 */
export function nextAttemptAt(attemptsMade: number, failedAt: Date, random: number = Math.random()): Date | undefined {
  const gap = RETRY_GAPS_MS[attemptsMade - 1];
  if (gap === undefined) return undefined;
  const jitter = gap * JITTER_FRACTION * (2 * random - 1);
  return new Date(failedAt.getTime() + Math.round(gap + jitter));
}
