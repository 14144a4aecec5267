/** Backoff doubles up to its bound, retries until success, and gives up only when told to. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { backoffDelayMs, retryWithBackoff, RetryAborted } from './retry-with-backoff';

const fast = { initialDelayMs: 1, maxDelayMs: 4, maxAttempts: Number.POSITIVE_INFINITY };

describe('retryWithBackoff', () => {
  test('given repeated failures, when computing delays, then they double up to the bound', () => {
    const policy = { initialDelayMs: 100, maxDelayMs: 1_000, maxAttempts: 10 };
    assert.deepEqual([1, 2, 3, 4, 5, 6].map((n) => backoffDelayMs(policy, n)), [100, 200, 400, 800, 1_000, 1_000]);
  });

  test('given an action that fails three times, when retried, then it succeeds and each failure is reported', async () => {
    let calls = 0;
    const failures: number[] = [];
    const result = await retryWithBackoff(
      async () => {
        calls++;
        if (calls <= 3) throw new Error(`fail ${calls}`);
        return 'sent';
      },
      fast,
      new AbortController().signal,
      (_error, attempt) => failures.push(attempt),
    );
    assert.equal(result, 'sent');
    assert.deepEqual(failures, [1, 2, 3]);
  });

  test('given a bound on attempts, when every attempt fails, then the last error is thrown', async () => {
    const attempt = retryWithBackoff(() => Promise.reject(new Error('broker down')), { ...fast, maxAttempts: 3 }, new AbortController().signal, () => undefined);
    await assert.rejects(attempt, /broker down/);
  });

  test('given a retry waiting, when aborted, then it stops with RetryAborted', async () => {
    const controller = new AbortController();
    const attempt = retryWithBackoff(() => Promise.reject(new Error('down')), { ...fast, initialDelayMs: 60_000, maxDelayMs: 60_000 }, controller.signal, () =>
      controller.abort(),
    );
    await assert.rejects(attempt, RetryAborted);
  });
});
