import { jsonEvent } from '@kurrent/kurrentdb-client';
import type { EventData, JSONEventType, RecordedEvent } from '@kurrent/kurrentdb-client';
import { chainHash, contentHash } from '../hash-chain';
import type { EventMetadata, NewEvent, StoredEvent, StoredMetadata } from '../event-store.port';
import { encodePosition } from './position.codec';
import { toPortRevision } from './stream-state.mapping';

/**
 * Events between the port and KurrentDB. Stored metadata is the caller's metadata, the stream's
 * hash chain (prevHash, hash), and KurrentDB's conventional `$correlationId` / `$causationId` so
 * that KurrentDB's own tools (the $by_correlation_id projection, the UI) can follow a request.
 * The `$` copies are dropped again on read; the port's metadata comes back exactly as written.
 */
export const CORRELATION_KEY = '$correlationId';
export const CAUSATION_KEY = '$causationId';

/** The stream's last event as far as the chain is concerned: revision -1 and GENESIS_HASH when empty. */
export interface ChainTip {
  readonly revision: number;
  readonly hash: string;
}

export interface ChainedEvent {
  readonly event: NewEvent;
  readonly revision: number;
  readonly prevHash: string;
  readonly hash: string;
}

type LedgerEventType = JSONEventType<string, Record<string, unknown>, Record<string, unknown>>;

/** Links the new events onto the tip, each at the revision it will take. */
export function chainEvents(streamId: string, tip: ChainTip, events: readonly NewEvent[]): ChainedEvent[] {
  const chained: ChainedEvent[] = [];
  let prevHash = tip.hash;
  events.forEach((event, index) => {
    const revision = tip.revision + 1 + index;
    const hash = chainHash(prevHash, streamId, revision, contentHash(event));
    chained.push({ event, revision, prevHash, hash });
    prevHash = hash;
  });
  return chained;
}

export function toKurrentMetadata(metadata: EventMetadata, prevHash: string, hash: string): Record<string, unknown> {
  if (CORRELATION_KEY in metadata || CAUSATION_KEY in metadata) {
    throw new TypeError(`metadata keys ${CORRELATION_KEY} and ${CAUSATION_KEY} are reserved for the KurrentDB engine`);
  }
  return { ...metadata, prevHash, hash, [CORRELATION_KEY]: metadata.correlationId, [CAUSATION_KEY]: metadata.causationId };
}

export function toEventData(chained: ChainedEvent): EventData<LedgerEventType> {
  const { event, prevHash, hash } = chained;
  return jsonEvent<LedgerEventType>({ id: event.id, type: event.type, data: event.data, metadata: toKurrentMetadata(event.metadata, prevHash, hash) });
}

/** A stored event that is not the ledger's shape is corruption or a foreign writer: it stops the reader. */
export class NotALedgerEvent extends Error {
  constructor(readonly streamName: string, readonly revision: bigint, reason: string) {
    super(`event ${streamName}@${revision} is not a ledger event: ${reason}`);
    this.name = 'NotALedgerEvent';
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);
}

const REQUIRED_KEYS = ['correlationId', 'causationId', 'actor', 'command', 'occurredAt', 'prevHash', 'hash'] as const;

/** The port's metadata from what KurrentDB returns, or the reason it cannot be. */
export function fromKurrentMetadata(raw: unknown): StoredMetadata | string {
  if (!isObject(raw)) return 'metadata is not a JSON object';
  const missing = REQUIRED_KEYS.filter((key) => typeof raw[key] !== 'string');
  if (missing.length > 0) return `metadata lacks ${missing.join(', ')}`;
  const { [CORRELATION_KEY]: _correlation, [CAUSATION_KEY]: _causation, ...metadata } = raw;
  return metadata as StoredMetadata;
}

/** The event's log position; stream reads carry it from KurrentDB/EventStoreDB 22.6 on. */
export function positionOf(recorded: RecordedEvent): string {
  if (!recorded.position) throw new NotALedgerEvent(recorded.streamId, recorded.revision, 'the server did not report its log position (KurrentDB/EventStoreDB 22.6 or later is needed)');
  return encodePosition(recorded.position);
}

/**
 * The port's event for a recorded one. `streamId` is the port's id (without any namespace);
 * the position must be known, which it is on $all reads and, from server 22.6 on, stream reads.
 */
export function toStoredEvent(recorded: RecordedEvent, streamId: string): StoredEvent {
  const fail = (reason: string) => new NotALedgerEvent(recorded.streamId, recorded.revision, reason);
  if (!recorded.isJson || !isObject(recorded.data)) throw fail('data is not a JSON object');
  const metadata = fromKurrentMetadata(recorded.metadata);
  if (typeof metadata === 'string') throw fail(metadata);
  return {
    id: recorded.id,
    type: recorded.type,
    streamId,
    revision: toPortRevision(recorded.revision),
    position: positionOf(recorded),
    data: recorded.data,
    metadata,
  };
}
