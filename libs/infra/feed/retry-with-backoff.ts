/**
 * Retries one action with exponential backoff. The delay is bounded, and so is the number of
 * attempts (unbounded unless set), so a down broker or server makes a follower wait rather than skip or spin.
 */
export interface RetryPolicy {
  readonly initialDelayMs: number;
  readonly maxDelayMs: number;
  /** Attempts before giving up with the last error; Infinity keeps waiting for the broker. */
  readonly maxAttempts: number;
}

export const defaultRetryPolicy: RetryPolicy = { initialDelayMs: 200, maxDelayMs: 10_000, maxAttempts: Number.POSITIVE_INFINITY };

export class RetryAborted extends Error {
  constructor() {
    super('retry aborted: the follower is stopping');
    this.name = 'RetryAborted';
  }
}

export function backoffDelayMs(policy: RetryPolicy, failedAttempts: number): number {
  return Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** Math.max(0, failedAttempts - 1));
}

export async function retryWithBackoff<T>(
  action: () => Promise<T>,
  policy: RetryPolicy,
  signal: AbortSignal,
  onFailure: (error: unknown, attempt: number, delayMs: number) => void,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    if (signal.aborted) throw new RetryAborted();
    try {
      return await action();
    } catch (error) {
      if (attempt >= policy.maxAttempts) throw error;
      const delayMs = backoffDelayMs(policy, attempt);
      onFailure(error, attempt, delayMs);
      await sleep(delayMs, signal);
    }
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new RetryAborted());
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new RetryAborted());
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
