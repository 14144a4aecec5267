import { setTimeout as sleep } from 'node:timers/promises';
import type { StoredEvent, Subscription, SubscriptionHandler } from './event-store.port';

/**
 * A catch-up subscription by polling the global feed: read a batch after the last position, hand
 * it over, repeat at once while batches come full, and wait a little when caught up. The
 * subscriber owns the checkpoint (the handler records it before it resolves); a handler failure
 * stops the loop so that no event is ever skipped.
 */
export interface SubscriptionLoopOptions {
  readonly after: string | undefined;
  readonly handler: SubscriptionHandler;
  readonly batchSize: number;
  readonly pollIntervalMs: number;
  readonly read: (after: string | undefined, maxCount: number) => Promise<StoredEvent[]>;
  readonly onError?: (error: unknown) => void;
}

export function runSubscription(options: SubscriptionLoopOptions): Subscription {
  let stopping = false;
  let wake: (() => void) | undefined;
  const loop = async (): Promise<void> => {
    let after = options.after;
    while (!stopping) {
      const batch = await options.read(after, options.batchSize);
      if (batch.length > 0) {
        await options.handler(batch);
        after = batch[batch.length - 1].position;
      }
      if (batch.length < options.batchSize && !stopping) {
        await new Promise<void>((resolve) => {
          wake = resolve;
          void sleep(options.pollIntervalMs).then(resolve);
        });
        wake = undefined;
      }
    }
  };
  const done = loop().catch((error: unknown) => {
    options.onError?.(error);
    throw error;
  });
  // A subscription that fails must not crash the process as an unhandled rejection; callers
  // observe the failure through `done` and onError.
  done.catch(() => undefined);
  return {
    done,
    stop: async () => {
      stopping = true;
      wake?.();
      await done.catch(() => undefined);
    },
  };
}
