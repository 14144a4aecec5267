import { setTimeout as sleep } from 'node:timers/promises';
import type { Pool } from 'pg';

/**
 * `?after=<position>` on a query: wait (at most 5 s) until the named read models have applied
 * that position, so the app reads its own writes. Answers false when the wait timed out; the
 * caller then serves what it has and says so.
 */
export const READ_YOUR_WRITES_TIMEOUT_MS = 5_000;

export async function waitForPosition(pool: Pool, projections: readonly string[], position: string, timeoutMs = READ_YOUR_WRITES_TIMEOUT_MS): Promise<boolean> {
  return pollUntil(async () => {
    const { rows } = await pool.query<{ position: string | null }>('SELECT position FROM projection_checkpoints WHERE name = ANY($1)', [projections]);
    return rows.length === projections.length && rows.every((row) => row.position !== null && row.position >= position);
  }, timeoutMs);
}

/** The same wait on a feed follower's checkpoint (libs/infra/feed): webhook fan-out, email. */
export async function waitForFollower(pool: Pool, follower: string, position: string, timeoutMs = READ_YOUR_WRITES_TIMEOUT_MS): Promise<boolean> {
  return pollUntil(async () => {
    const { rows } = await pool.query<{ position: string }>('SELECT position FROM feed_checkpoints WHERE name = $1', [follower]);
    return rows.length === 1 && rows[0].position >= position;
  }, timeoutMs);
}

async function pollUntil(reached: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (let pause = 2; ; pause = Math.min(pause * 2, 50)) {
    if (await reached()) return true;
    if (Date.now() >= deadline) return false;
    await sleep(pause);
  }
}
