import { BACKWARDS, END, FORWARDS, KurrentDBClient, START, WrongExpectedVersionError } from '@kurrent/kurrentdb-client';
import type { AllStreamResolvedEvent, AppendStreamState, ReadPosition, RecordedEvent, ResolvedEvent } from '@kurrent/kurrentdb-client';
import { DuplicateEventId } from '../event-store.port';
import type {
  AppendResult, EventStore, ExpectedRevision, NewEvent, ReadAllOptions, ReadStreamOptions, StoredEvent, SubscribeOptions, Subscription, SubscriptionHandler,
} from '../event-store.port';
import { GENESIS_HASH } from '../hash-chain';
import { CatchUpSubscription, feedEvents } from './catch-up.subscription';
import { NotALedgerEvent, chainEvents, fromKurrentMetadata, positionOf, toEventData, toStoredEvent } from './event.mapping';
import type { ChainTip } from './event.mapping';
import { feedMember, serverFilter, toStreamName } from './feed.filter';
import type { FeedScope } from './feed.filter';
import { decodePosition } from './position.codec';
import {
  appendStreamState, isStreamNotFound, isWrongExpectedVersion, stateOfRevision, toKurrentRevision, toPortRevision, toWrongExpectedRevision,
} from './stream-state.mapping';

export interface KurrentDbEventStoreOptions {
  /** Prefix of every ledger stream name in KurrentDB, so that one server can hold several ledgers. */
  readonly namespace?: string;
  /** How many of a stream's newest events an append reads to recognise a retried batch. */
  readonly duplicateWindow?: number;
  /** How often an 'any' / 'exists' append is redone when a concurrent writer moved the stream. */
  readonly conflictRetries?: number;
  readonly pageSize?: number;
}

const DEFAULTS = { duplicateWindow: 32, conflictRetries: 8, pageSize: 512, batchSize: 256 };

/** The KurrentDB engine from a connection string (`kurrentdb://…`, or the older `esdb://…`). */
export function createKurrentDbEventStore(connectionString: string, options: KurrentDbEventStoreOptions = {}): KurrentDbEventStore {
  return new KurrentDbEventStore(KurrentDBClient.connectionString(connectionString), options);
}

/**
 * The event store port on KurrentDB / EventStoreDB. KurrentDB gives optimistic concurrency per
 * stream and a total order ($all) for free; this adapter adds the ledger's hash chain, the port's
 * idempotency rule and the port's shapes (number revisions, string positions).
 */
export class KurrentDbEventStore implements EventStore {
  private readonly namespace: string;
  private readonly settings: typeof DEFAULTS;
  private readonly subscriptions = new Set<Subscription>();

  constructor(private readonly client: KurrentDBClient, options: KurrentDbEventStoreOptions = {}) {
    this.namespace = options.namespace ?? '';
    if (this.namespace.startsWith('$')) throw new TypeError('a ledger namespace must not start with $ (reserved for KurrentDB system streams)');
    this.settings = {
      duplicateWindow: Math.max(1, options.duplicateWindow ?? DEFAULTS.duplicateWindow),
      conflictRetries: options.conflictRetries ?? DEFAULTS.conflictRetries,
      pageSize: Math.max(2, options.pageSize ?? DEFAULTS.pageSize),
      batchSize: DEFAULTS.batchSize,
    };
  }

  async append(streamId: string, events: readonly NewEvent[], options: { expectedRevision: ExpectedRevision }): Promise<AppendResult> {
    if (events.length === 0) throw new TypeError('append needs at least one event');
    const expected = options.expectedRevision;
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.appendOnce(streamId, events, expected);
      } catch (error) {
        // The stream moved between the read of its tip and the write. The next attempt reads
        // again: it finds the batch already stored (an identical concurrent retry), or reports
        // the mismatch, or, for 'any' / 'exists', chains onto the new tip.
        if (!isWrongExpectedVersion(error)) throw error;
        if (attempt > this.settings.conflictRetries) throw toWrongExpectedRevision(streamId, expected, error);
      }
    }
  }

  private async appendOnce(streamId: string, events: readonly NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    const name = toStreamName(this.namespace, streamId);
    const tail = await this.readRecorded(name, { direction: BACKWARDS, fromRevision: END, maxCount: this.settings.duplicateWindow });
    const tip = chainTip(tail[0]);
    const stored = await this.findStoredBatch(name, events, expected, tail);
    if (stored) return stored;
    const streamState = appendStreamState(streamId, expected, tip.revision);
    const chained = chainEvents(streamId, tip, events);
    const result = await this.client.appendToStream(name, chained.map(toEventData), { streamState });
    if (!result.success) throw rejectedAppend(name, streamState, result.nextExpectedRevision);
    const last = toPortRevision(result.nextExpectedRevision);
    const lastChained = chained[chained.length - 1];
    if (last !== lastChained.revision) throw new Error(`KurrentDB put ${name} at revision ${last}, the chain expected ${lastChained.revision}`);
    return { nextExpectedRevision: last, position: await this.positionAt(name, last), duplicate: false };
  }

  /**
   * The port's idempotency rule: a batch whose events already stand in the stream, one after the
   * other, is a no-op answering like the first append; the same ids anywhere else in the stream
   * are a caller bug. KurrentDB keeps no index by event id, so the search covers the stream's
   * newest `duplicateWindow` events plus, for an exact expected revision, the place the batch
   * was meant for. (KurrentDB's own idempotency only covers a retry with the same stream state;
   * this adapter always appends with the tip it read, which moved after the first success.)
   */
  private async findStoredBatch(name: string, events: readonly NewEvent[], expected: ExpectedRevision, tail: readonly RecordedEvent[]): Promise<AppendResult | undefined> {
    const index = new Map(events.map((event, i) => [event.id, i]));
    const known = tail.find((recorded) => index.has(recorded.id));
    let start = known ? toPortRevision(known.revision) - (index.get(known.id) ?? 0) : undefined;
    const intended = expected === 'no_stream' ? 0 : typeof expected === 'number' ? expected + 1 : undefined;
    const oldest = tail.length > 0 ? toPortRevision(tail[tail.length - 1].revision) : undefined;
    if (start === undefined && intended !== undefined && oldest !== undefined && intended < oldest) {
      const [candidate] = await this.readRecorded(name, { fromRevision: toKurrentRevision(intended), maxCount: 1 });
      if (candidate?.id === events[0].id) start = intended;
    }
    if (start === undefined) return undefined;
    const stored = start < 0 ? [] : await this.readRecorded(name, { fromRevision: toKurrentRevision(start), maxCount: events.length });
    const same = stored.length === events.length && stored.every((recorded, i) => recorded.id === events[i].id);
    if (!same) throw new DuplicateEventId(known?.id ?? events[0].id);
    const last = stored[stored.length - 1];
    return { nextExpectedRevision: toPortRevision(last.revision), position: positionOf(last), duplicate: true };
  }

  /** The position of the event at `revision`, as readers of $all will see it. */
  private async positionAt(name: string, revision: number): Promise<string> {
    const [recorded] = await this.readRecorded(name, { fromRevision: toKurrentRevision(revision), maxCount: 1 });
    if (!recorded) throw new Error(`${name}@${revision} was appended but cannot be read back`);
    return positionOf(recorded);
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<StoredEvent[]> {
    if (options.maxCount === 0) return [];
    const direction = options.direction === 'backwards' ? BACKWARDS : FORWARDS;
    const fromRevision = options.fromRevision !== undefined ? toKurrentRevision(options.fromRevision) : direction === BACKWARDS ? END : START;
    const recorded = await this.readRecorded(toStreamName(this.namespace, streamId), { direction, fromRevision, maxCount: options.maxCount });
    return recorded.map((event) => toStoredEvent(event, streamId));
  }

  async readAll(options: ReadAllOptions = {}): Promise<StoredEvent[]> {
    const scope: FeedScope = { namespace: this.namespace, filter: options.filter };
    const limit = options.maxCount ?? Number.POSITIVE_INFINITY;
    const events: StoredEvent[] = [];
    let cursor = options.after;
    while (events.length < limit) {
      // One more than still wanted: a read from a position may return the event at that position.
      const page = Math.max(2, Math.min(this.settings.pageSize, limit - events.length + 1));
      const raw = await this.readAllPage(cursor === undefined ? START : decodePosition(cursor), page, scope);
      const batch = feedEvents(scope, raw, cursor);
      events.push(...batch.events.slice(0, limit - events.length));
      if (raw.length < page) break;
      if (batch.cursor === cursor) throw new Error(`$all did not advance past ${String(cursor)}`);
      cursor = batch.cursor;
    }
    return events;
  }

  subscribe(after: string | undefined, handler: SubscriptionHandler, options: SubscribeOptions = {}): Subscription {
    const scope: FeedScope = { namespace: this.namespace, filter: options.filter };
    const subscription = new CatchUpSubscription({
      scope,
      after,
      handler,
      batchSize: options.batchSize ?? this.settings.batchSize,
      onError: options.onError,
      open: (fromPosition, bufferSize) => this.client.subscribeToAll({ fromPosition, filter: serverFilter(scope) }, { highWaterMark: bufferSize }),
    });
    this.subscriptions.add(subscription);
    void subscription.done.catch(() => undefined).finally(() => this.subscriptions.delete(subscription));
    return subscription;
  }

  async headPosition(): Promise<string | undefined> {
    return (await this.lastEvent())?.position;
  }

  /** Reads $all backwards, past server events, to the newest event of this ledger. */
  async lastEvent(): Promise<StoredEvent | undefined> {
    const scope: FeedScope = { namespace: this.namespace };
    let from: ReadPosition = END;
    for (;;) {
      const raw: AllStreamResolvedEvent[] = await this.collect(this.client.readAll({ direction: BACKWARDS, fromPosition: from, maxCount: this.settings.pageSize, filter: serverFilter(scope) }));
      for (const resolved of raw) {
        const streamId = resolved.event ? feedMember(scope, resolved.event.streamId, resolved.event.type) : undefined;
        if (resolved.event && streamId !== undefined) return toStoredEvent(resolved.event, streamId);
      }
      const oldest: AllStreamResolvedEvent['event'] = raw[raw.length - 1]?.event;
      if (raw.length < this.settings.pageSize || !oldest) return undefined;
      from = oldest.position;
    }
  }

  async close(): Promise<void> {
    await Promise.all([...this.subscriptions].map((subscription) => subscription.stop()));
    await this.client.dispose();
  }

  private readAllPage(fromPosition: ReadPosition, maxCount: number, scope: FeedScope): Promise<AllStreamResolvedEvent[]> {
    return this.collect(this.client.readAll({ direction: FORWARDS, fromPosition, maxCount, filter: serverFilter(scope) }));
  }

  /** A stream's events; a stream that does not exist reads as empty. */
  private async readRecorded(name: string, options: { direction?: typeof FORWARDS | typeof BACKWARDS; fromRevision: bigint | typeof START | typeof END; maxCount?: number }): Promise<RecordedEvent[]> {
    try {
      const resolved = await this.collect<ResolvedEvent>(this.client.readStream(name, options));
      return resolved.flatMap((event) => (event.event ? [event.event] : []));
    } catch (error) {
      if (isStreamNotFound(error)) return [];
      throw error;
    }
  }

  private async collect<T>(iterator: AsyncIterable<T>): Promise<T[]> {
    const items: T[] = [];
    for await (const item of iterator) items.push(item);
    return items;
  }
}

/** The chain's tip from the stream's newest event (undefined for an empty stream). */
function chainTip(newest: RecordedEvent | undefined): ChainTip {
  if (!newest) return { revision: -1, hash: GENESIS_HASH };
  const metadata = fromKurrentMetadata(newest.metadata);
  if (typeof metadata === 'string') throw new NotALedgerEvent(newest.streamId, newest.revision, metadata);
  return { revision: toPortRevision(newest.revision), hash: metadata.hash };
}

/** A client built with throwOnAppendFailure: false reports a conflict in the result instead of throwing. */
function rejectedAppend(streamName: string, expected: AppendStreamState, current: bigint): WrongExpectedVersionError {
  return new WrongExpectedVersionError(undefined, { streamName, expected, current: stateOfRevision(current < 0n ? -1 : toPortRevision(current)) });
}
