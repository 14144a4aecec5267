import { createHash } from 'node:crypto';
import type { NewEvent, StoredEvent } from './event-store.port';

/**
 * Tamper evidence: every event's `hash` covers its own content and the previous event's hash in
 * the same stream, so a changed amount, a deleted event or a swapped pair breaks the chain at the
 * first link touched. Both engines compute it with these functions (the PostgreSQL engine repeats
 * `chainHash` in SQL; a contract test checks the two agree).
 */
export const GENESIS_HASH = '0'.repeat(64);

/** JSON with object keys sorted at every level: the same value always gives the same text. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new TypeError('non-finite number in event');
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

type ChainlessMetadata = Record<string, unknown>;

function withoutChain(metadata: Record<string, unknown>): ChainlessMetadata {
  const { prevHash: _prev, hash: _hash, ...rest } = metadata;
  return rest;
}

/** Hash of what the caller wrote: id, type, data and metadata (minus the chain itself). */
export function contentHash(event: Pick<NewEvent, 'id' | 'type' | 'data' | 'metadata'>): string {
  return sha256Hex(canonicalJson({ id: event.id, type: event.type, data: event.data, metadata: withoutChain(event.metadata) }));
}

/** The link: previous hash, where the event stands, and what it says. */
export function chainHash(prevHash: string, streamId: string, revision: number, content: string): string {
  return sha256Hex(`${prevHash}|${streamId}|${revision}|${content}`);
}

export interface ChainBreak {
  readonly streamId: string;
  readonly revision: number;
  readonly eventId: string;
  readonly reason: string;
}

/**
 * Walks one stream's events (in revision order, from revision 0) and returns the first broken
 * link, or undefined when the chain holds.
 */
export function findChainBreak(events: readonly StoredEvent[]): ChainBreak | undefined {
  let prevHash = GENESIS_HASH;
  let expectedRevision = 0;
  for (const event of events) {
    const at = { streamId: event.streamId, revision: event.revision, eventId: event.id };
    if (event.revision !== expectedRevision) return { ...at, reason: `revision ${event.revision} where ${expectedRevision} was expected (an event is missing or moved)` };
    if (event.metadata.prevHash !== prevHash) return { ...at, reason: 'prevHash does not match the previous event (an event is missing, moved or altered)' };
    const recomputed = chainHash(prevHash, event.streamId, event.revision, contentHash(event));
    if (recomputed !== event.metadata.hash) return { ...at, reason: 'hash does not match the content (the event was altered)' };
    prevHash = event.metadata.hash;
    expectedRevision += 1;
  }
  return undefined;
}
