import type { Pool } from 'pg';
import type { EventStore, ReadAllFilter, StoredEvent, Subscription } from '../../event-store/event-store.port';
import { FeedCheckpoints } from './feed-checkpoints';
import { followerLagEvents, followerLagSeconds, followerRetries } from './feed-follower.metrics';
import { backoffDelayMs, defaultRetryPolicy, retryWithBackoff, RetryAborted, type RetryPolicy } from './retry-with-backoff';

/** The slice of a pino logger a follower uses; any pino logger fits. */
export interface FollowerLogger {
  debug(fields: object, message?: string): void;
  info(fields: object, message?: string): void;
  warn(fields: object, message?: string): void;
  error(fields: object, message?: string): void;
}

export const silentFollowerLogger: FollowerLogger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

/**
 * What a follower does with one batch, outside the database: publish it, fan it out, mail it.
 * It resolves once the outside world has acknowledged the batch; a throw sends the same batch
 * again after a backoff. The signal aborts when the follower stops.
 */
export type BatchHandler = (events: readonly StoredEvent[], signal: AbortSignal) => Promise<void>;

export interface AttemptFailure {
  /** `handle` (the batch handler) or `checkpoint` (saving the position afterwards). */
  readonly step: 'handle' | 'checkpoint';
  readonly error: unknown;
  readonly attempt: number;
  readonly delayMs: number;
  readonly events: readonly StoredEvent[];
}

export interface FeedFollowerOptions {
  /** The checkpoint row's name and the metrics label. */
  readonly name: string;
  readonly store: EventStore;
  /** PostgreSQL holding feed_checkpoints (migration 0040). */
  readonly pool: Pool;
  readonly handle: BatchHandler;
  readonly batchSize?: number;
  readonly filter?: ReadAllFilter;
  readonly retry?: RetryPolicy;
  readonly logger?: FollowerLogger;
  /**
   * Where a follower without a checkpoint begins: the first event (the relay: Kafka gets the whole
   * history) or the feed's head at its first start (email: an upgrade must not mail the past).
   */
  readonly startFrom?: 'beginning' | 'head';
  /** How often lag is sampled; 0 turns sampling off. */
  readonly lagIntervalMs?: number;
  /** Words for log lines: `${kind} ${handleStep} failed` (the relay says "relay publish failed"). */
  readonly kind?: string;
  readonly handleStep?: string;
  /**
   * Called after the handler resolved and before the checkpoint is saved: the one moment a crash
   * causes duplicates. Crash tests kill the process here on purpose.
   */
  readonly onBatchHandled?: (events: readonly StoredEvent[]) => void | Promise<void>;
  readonly onAttemptFailed?: (failure: AttemptFailure) => void;
  readonly onBatchDone?: (events: readonly StoredEvent[], seconds: number) => void;
  readonly onLag?: (lag: FollowerLag) => void;
}

export interface FollowerLag {
  /** Events after the checkpoint, capped at the sample size. */
  readonly events: number;
  /** Age of the oldest of them by its occurredAt; 0 when caught up. */
  readonly seconds: number;
}

/** Cap on how many unhandled events one lag sample reads. */
const LAG_SAMPLE_MAX = 10_000;

/**
 * Follows the event store's feed from a durable checkpoint and does something outside with each
 * batch, at least once and in feed order. A catch-up subscription starts after the checkpoint;
 * each batch is handed to `handle`, retried with backoff until it succeeds (so an outage makes
 * the follower wait, never skip), and only then checkpointed. A crash between the two hands the
 * same batch over again on restart, and nothing before it. When reading the feed fails (the
 * database went away) the follower waits and subscribes again from its checkpoint.
 *
 * The relay, webhook fan-out and email are each one of these, supplying only `handle`.
 */
export class FeedFollower {
  readonly name: string;
  private readonly checkpoints: FeedCheckpoints;
  private readonly logger: FollowerLogger;
  private readonly retry: RetryPolicy;
  private readonly abort = new AbortController();
  private subscription: Subscription | undefined;
  private lagTimer: NodeJS.Timeout | undefined;
  private checkpoint: string | undefined;
  private stopping = false;
  private stopped: Promise<void> = Promise.resolve();
  private resolveStopped: () => void = () => undefined;

  constructor(private readonly options: FeedFollowerOptions) {
    this.name = options.name;
    this.logger = options.logger ?? silentFollowerLogger;
    this.retry = options.retry ?? defaultRetryPolicy;
    this.checkpoints = new FeedCheckpoints(options.pool);
  }

  /** Loads (or, starting from the head, first writes) the checkpoint and starts following. */
  async start(): Promise<void> {
    if (this.subscription) throw new Error(`follower ${this.name} already started`);
    this.checkpoint = await this.checkpoints.load(this.name);
    if (this.checkpoint === undefined && this.options.startFrom === 'head') {
      const head = await this.options.store.headPosition();
      if (head !== undefined) this.checkpoint = await this.checkpoints.initialise(this.name, head);
    }
    this.stopped = new Promise((resolve) => (this.resolveStopped = resolve));
    this.logger.info({ follower: this.name, after: this.checkpoint ?? null }, `${this.kind} starting`);
    this.follow(0);
    const interval = this.options.lagIntervalMs ?? 5_000;
    if (interval > 0) {
      this.lagTimer = setInterval(() => void this.sampleLag().catch(() => undefined), interval);
      this.lagTimer.unref();
    }
  }

  /** Resolves once the follower has stopped. */
  get done(): Promise<void> {
    return this.stopped;
  }

  /** The position of the last handled and checkpointed event. */
  get position(): string | undefined {
    return this.checkpoint;
  }

  /** Stops after the batch in hand (or abandons a batch that is waiting out an outage). */
  async stop(): Promise<void> {
    this.stopping = true;
    this.abort.abort();
    if (this.lagTimer) clearInterval(this.lagTimer);
    await this.subscription?.stop().catch(() => undefined);
    this.resolveStopped();
    this.logger.info({ follower: this.name, position: this.checkpoint ?? null }, `${this.kind} stopped`);
  }

  /** Reads up to LAG_SAMPLE_MAX events after the checkpoint to measure the lag. */
  async sampleLag(): Promise<FollowerLag> {
    const pending = await this.options.store.readAll({ after: this.checkpoint, maxCount: LAG_SAMPLE_MAX, filter: this.options.filter });
    const oldest = pending[0]?.metadata.occurredAt;
    const lag = { events: pending.length, seconds: oldest ? Math.max(0, (Date.now() - Date.parse(oldest)) / 1000) : 0 };
    followerLagEvents.set({ follower: this.name }, lag.events);
    followerLagSeconds.set({ follower: this.name }, lag.seconds);
    this.options.onLag?.(lag);
    return lag;
  }

  private get kind(): string {
    return this.options.kind ?? 'follower';
  }

  private follow(failedReads: number): void {
    const subscription = this.options.store.subscribe(this.checkpoint, (events) => this.handleBatch(events), {
      batchSize: this.options.batchSize ?? 500,
      filter: this.options.filter,
    });
    this.subscription = subscription;
    subscription.done.then(
      () => undefined,
      (error: unknown) => {
        if (this.stopping || error instanceof RetryAborted) return;
        const delayMs = backoffDelayMs(this.retry, failedReads + 1);
        this.logger.warn({ follower: this.name, retryInMs: delayMs, err: describe(error) }, `${this.kind} could not read the feed; resuming from its checkpoint`);
        const timer = setTimeout(() => {
          if (!this.stopping) this.follow(failedReads + 1);
        }, delayMs);
        timer.unref();
      },
    );
  }

  private async handleBatch(events: readonly StoredEvent[]): Promise<void> {
    if (events.length === 0) return;
    const started = process.hrtime.bigint();
    const last = events[events.length - 1].position;
    const signal = this.abort.signal;
    await retryWithBackoff(() => this.options.handle(events, signal), this.retry, signal, (error, attempt, delayMs) =>
      this.reportFailure({ step: 'handle', error, attempt, delayMs, events }),
    );
    await this.options.onBatchHandled?.(events);
    await retryWithBackoff(() => this.checkpoints.save(this.name, last), this.retry, signal, (error, attempt, delayMs) =>
      this.reportFailure({ step: 'checkpoint', error, attempt, delayMs, events }),
    );
    this.checkpoint = last;
    this.options.onBatchDone?.(events, Number(process.hrtime.bigint() - started) / 1e9);
  }

  private reportFailure(failure: AttemptFailure): void {
    followerRetries.inc({ follower: this.name, step: failure.step });
    this.options.onAttemptFailed?.(failure);
    const step = failure.step === 'handle' ? (this.options.handleStep ?? 'handle') : 'checkpoint';
    this.logger.warn(
      {
        follower: this.name,
        step,
        attempt: failure.attempt,
        retryInMs: failure.delayMs,
        batchSize: failure.events.length,
        firstPosition: failure.events[0].position,
        err: describe(failure.error),
      },
      `${this.kind} ${step} failed; retrying the same batch`,
    );
  }
}

/** Name and message only: an error object may carry a request with credentials in it. */
function describe(error: unknown): { name: string; message: string } | string {
  return error instanceof Error ? { name: error.name, message: error.message } : String(error);
}
