import { START } from '@kurrent/kurrentdb-client';
import type { AllStreamResolvedEvent, AllStreamSubscription, ReadPosition } from '@kurrent/kurrentdb-client';
import type { StoredEvent, Subscription, SubscriptionHandler } from '../event-store.port';
import { toStoredEvent } from './event.mapping';
import { feedMember } from './feed.filter';
import type { FeedScope } from './feed.filter';
import { decodePosition, encodePosition } from './position.codec';

/**
 * A catch-up subscription on $all shaped to the port: events arrive in batches, the next batch is
 * handed over only after the handler resolved (the subscriber has saved its checkpoint), and a
 * failing handler stops the subscription instead of skipping anything. KurrentDB's subscription
 * is a Node readable stream; it is read in paused mode, so while the handler works the stream's
 * buffer fills and gRPC flow control holds the server back.
 */
export interface CatchUpOptions {
  readonly scope: FeedScope;
  readonly after: string | undefined;
  readonly batchSize: number;
  readonly handler: SubscriptionHandler;
  readonly onError?: (error: unknown) => void;
  /** Opens KurrentDB's subscription from a position (exclusive) with a buffer of `bufferSize` events. */
  readonly open: (from: ReadPosition, bufferSize: number) => AllStreamSubscription;
}

/**
 * Turns raw $all events into the port's, dropping what is outside the feed and anything at or
 * before the cursor (a restart position is exclusive, whatever the server does with it).
 */
export function feedEvents(scope: FeedScope, raw: readonly AllStreamResolvedEvent[], cursor: string | undefined): { events: StoredEvent[]; cursor: string | undefined } {
  const events: StoredEvent[] = [];
  let last = cursor;
  for (const resolved of raw) {
    const recorded = resolved.event;
    if (!recorded) continue;
    const position = encodePosition(recorded.position);
    if (last !== undefined && position <= last) continue;
    last = position;
    const streamId = feedMember(scope, recorded.streamId, recorded.type);
    if (streamId !== undefined) events.push(toStoredEvent(recorded, streamId));
  }
  return { events, cursor: last };
}

export class CatchUpSubscription implements Subscription {
  readonly done: Promise<void>;
  private stopping = false;
  private ended = false;
  private failure: { readonly error: unknown } | undefined;
  private wake: (() => void) | undefined;

  constructor(private readonly options: CatchUpOptions) {
    this.done = this.run();
    // A subscriber that only ever calls stop() must not crash the process with an unhandled rejection.
    this.done.catch(() => undefined);
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    await this.done.catch(() => undefined);
  }

  private async run(): Promise<void> {
    const { after, batchSize, handler, scope } = this.options;
    const source = this.options.open(after === undefined ? START : decodePosition(after), batchSize);
    // The listeners stay for the subscription's whole life: an 'error' without a listener would
    // crash the process while the handler is busy.
    source.on('readable', () => this.wake?.());
    source.on('end', () => {
      this.ended = true;
      this.wake?.();
    });
    source.on('error', (error: unknown) => {
      this.failure ??= { error };
      this.wake?.();
    });
    let cursor = after;
    try {
      for (;;) {
        const raw = await this.nextBatch(source, batchSize);
        if (raw === undefined) return;
        const batch = feedEvents(scope, raw, cursor);
        if (batch.events.length > 0) await handler(batch.events);
        cursor = batch.cursor;
      }
    } catch (error) {
      this.options.onError?.(error);
      throw error;
    } finally {
      await source.unsubscribe().catch(() => undefined);
      source.destroy();
    }
  }

  /** The next events in hand (at most `max`), waiting for at least one; undefined once stopping. */
  private async nextBatch(source: AllStreamSubscription, max: number): Promise<AllStreamResolvedEvent[] | undefined> {
    for (;;) {
      if (this.failure) throw this.failure.error;
      if (this.stopping) return undefined;
      const batch: AllStreamResolvedEvent[] = [];
      let item: AllStreamResolvedEvent | null;
      while (batch.length < max && (item = source.read() as AllStreamResolvedEvent | null) !== null) batch.push(item);
      if (batch.length > 0) return batch;
      if (this.ended) throw new Error('KurrentDB ended the $all subscription');
      await new Promise<void>((resolve) => {
        this.wake = resolve;
      });
      this.wake = undefined;
    }
  }
}
