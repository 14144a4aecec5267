/**
 * The event store port (shared/spec/event-store.md). Two engines implement it — PostgreSQL and
 * KurrentDB — and both must pass the one contract suite in test/event-store-contract.
 *
 * Revisions are 0-based per stream, as in KurrentDB. Positions are opaque strings that order
 * events in the global feed; two positions from the same engine compare with `comparePositions`
 * of that engine, and for both engines plain string comparison gives the same order.
 */

export type ExpectedRevision = 'no_stream' | 'any' | 'exists' | number;

/** Who did it and why: carried on every event and into logs and Kafka headers. */
export interface EventMetadata {
  readonly correlationId: string;
  readonly causationId: string;
  /** `sub` of the caller, or a system actor such as `worker` or `stripe`. */
  readonly actor: string;
  /** The command that produced the event, e.g. `OpenAccount`. */
  readonly command: string;
  /** ISO-8601 UTC instant from the injected clock. */
  readonly occurredAt: string;
  /** Extra, optional keys (idempotency key, request hash, role …). Values must be JSON. */
  readonly [key: string]: unknown;
}

export interface NewEvent {
  /** Set by the caller (UUID). Appending an id the stream already holds at that place is a no-op. */
  readonly id: string;
  readonly type: string;
  readonly data: Record<string, unknown>;
  readonly metadata: EventMetadata;
}

/** Metadata as stored: the caller's metadata plus the stream's hash chain. */
export type StoredMetadata = EventMetadata & { readonly prevHash: string; readonly hash: string };

export interface StoredEvent {
  readonly id: string;
  readonly type: string;
  readonly streamId: string;
  readonly revision: number;
  readonly position: string;
  readonly data: Record<string, unknown>;
  readonly metadata: StoredMetadata;
}

export interface AppendResult {
  /** Revision of the stream's last event after the append. */
  readonly nextExpectedRevision: number;
  /** Global position of the last appended event. */
  readonly position: string;
  /**
   * True when the events' ids already stood in the stream at those revisions and nothing was
   * written (the idempotent no-op); the answer then describes what was recorded before.
   */
  readonly duplicate: boolean;
}

export interface ReadStreamOptions {
  readonly fromRevision?: number;
  readonly maxCount?: number;
  readonly direction?: 'forwards' | 'backwards';
}

export interface ReadAllFilter {
  /** Only streams whose id starts with one of these prefixes. */
  readonly streamPrefixes?: readonly string[];
  /** Only these event types. */
  readonly eventTypes?: readonly string[];
}

export interface ReadAllOptions {
  /** Exclusive: events strictly after this position. Omit to start at the beginning. */
  readonly after?: string;
  readonly maxCount?: number;
  readonly filter?: ReadAllFilter;
}

/** A batch handler: resolves once the subscriber has durably recorded its checkpoint. */
export type SubscriptionHandler = (events: readonly StoredEvent[]) => Promise<void>;

export interface SubscribeOptions {
  readonly filter?: ReadAllFilter;
  readonly batchSize?: number;
  /** Called when the handler throws; the subscription stops (it never skips an event). */
  readonly onError?: (error: unknown) => void;
}

export interface Subscription {
  /** Stops after the batch in hand; resolves when stopped. */
  stop(): Promise<void>;
  /** Resolves when the subscription stopped, rejects if it stopped on an error. */
  readonly done: Promise<void>;
}

export interface EventStore {
  append(streamId: string, events: readonly NewEvent[], options: { expectedRevision: ExpectedRevision }): Promise<AppendResult>;
  readStream(streamId: string, options?: ReadStreamOptions): Promise<StoredEvent[]>;
  readAll(options?: ReadAllOptions): Promise<StoredEvent[]>;
  /** Catch-up subscription: every event after `after`, then live ones, in global order. */
  subscribe(after: string | undefined, handler: SubscriptionHandler, options?: SubscribeOptions): Subscription;
  /**
   * Position of the newest committed event (undefined when the store is empty). A subscriber that
   * has handled this position has seen every event committed before the call.
   */
  headPosition(): Promise<string | undefined>;
  /**
   * The newest committed event (the one at `headPosition`), undefined when the store is empty.
   * The manual clock resumes from its `occurredAt` after a restart, whichever engine holds events.
   */
  lastEvent(): Promise<StoredEvent | undefined>;
  close(): Promise<void>;
}

export class WrongExpectedRevision extends Error {
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    /** The stream's actual revision; -1 when the stream does not exist. */
    readonly actual: number,
  ) {
    super(`stream ${streamId}: expected revision ${String(expected)}, actual ${actual}`);
    this.name = 'WrongExpectedRevision';
  }
}

/**
 * A writer that met WrongExpectedRevision on every one of its bounded retries gives up with this
 * (the API answers 409 CONCURRENCY_CONFLICT). It lives beside the error it summarises so that the
 * HTTP plumbing can map it without depending on the command loop that throws it.
 */
export class ConcurrencyConflict extends Error {
  constructor(readonly streamId: string, readonly attempts: number) {
    super(`stream ${streamId} kept changing; gave up after ${attempts} attempts`);
    this.name = 'ConcurrencyConflict';
  }
}

/** The same event id was appended at a different place: a caller bug, never silently accepted. */
export class DuplicateEventId extends Error {
  constructor(readonly eventId: string) {
    super(`event id ${eventId} is already stored elsewhere`);
    this.name = 'DuplicateEventId';
  }
}
