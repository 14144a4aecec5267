import * as crypto from 'node:crypto';
import { createHash } from 'node:crypto';
import type { NewEvent, StoredEvent } from './event-store.port';

/**
 * Tamper evidence: every event's `hash` covers its own content and the previous event's hash in
 * the same stream, so a changed amount, a deleted event or a swapped pair breaks the chain at the
 * first link touched. Both engines compute it with these functions (the PostgreSQL engine repeats
 * `chainHash` in SQL; a contract test checks the two agree).
 */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * JSON with object keys sorted at every level: the same value always gives the same text. Stored
 * chains depend on this text byte for byte, so its quirks stay as they were: undefined-valued keys
 * are left out, an undefined array item leaves an empty slot, keys sort by UTF-16 code units. It is
 * built by concatenation and sorts only the keys that are out of order, because every appended
 * event goes through it (hash-chain.spec.ts checks it against the first, simpler version).
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return primitiveJson(value);
  return Array.isArray(value) ? arrayJson(value) : objectJson(value as Record<string, unknown>, NO_KEYS);
}

const NO_KEYS: ReadonlySet<string> = new Set();
const CHAIN_KEYS: ReadonlySet<string> = new Set(['prevHash', 'hash']);

function primitiveJson(value: unknown): string {
  if (typeof value === 'number' && !Number.isFinite(value)) throw new TypeError('non-finite number in event');
  // Undefined, functions and symbols give undefined here, as JSON.stringify does; callers rely on it.
  return JSON.stringify(value);
}

function arrayJson(array: readonly unknown[]): string {
  let out = '[';
  for (let i = 0; i < array.length; i++) {
    if (i > 0) out += ',';
    const item = canonicalJson(array[i]) as string | undefined;
    if (item !== undefined) out += item;
  }
  return `${out}]`;
}

function objectJson(object: Record<string, unknown>, skip: ReadonlySet<string>): string {
  const keys = Object.keys(object);
  // Most objects are built with their keys in order already; sorting those would only cost.
  for (let i = 1; i < keys.length; i++) {
    if (keys[i - 1] > keys[i]) {
      keys.sort();
      break;
    }
  }
  let out = '{';
  let first = true;
  for (const key of keys) {
    const item = object[key];
    if (item === undefined || skip.has(key)) continue;
    // A function or symbol value reads "undefined" here, as the template literal of old did.
    out += `${first ? '' : ','}${JSON.stringify(key)}:${canonicalJson(item) as string | undefined}`;
    first = false;
  }
  return `${out}}`;
}

// One-shot hashing (Node >= 20.12) skips the Hash object; older Node takes the streaming API.
const oneShotHash = (crypto as { hash?: (algorithm: string, data: string, encoding: 'hex') => string }).hash;
function sha256Hex(text: string): string {
  return oneShotHash ? oneShotHash('sha256', text, 'hex') : createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Hash of what the caller wrote: id, type, data and metadata (minus the chain itself). */
export function contentHash(event: Pick<NewEvent, 'id' | 'type' | 'data' | 'metadata'>): string {
  return sha256Hex(contentJson(event));
}

/** The canonical text of `{ id, type, data, metadata minus prevHash and hash }`, without building that object. */
function contentJson(event: Pick<NewEvent, 'id' | 'type' | 'data' | 'metadata'>): string {
  const metadata: unknown = event.metadata;
  if (metadata === null || typeof metadata !== 'object' || Array.isArray(metadata)) {
    const { prevHash: _prev, hash: _hash, ...rest } = metadata as Record<string, unknown>;
    return canonicalJson({ id: event.id, type: event.type, data: event.data, metadata: rest });
  }
  // The keys in sorted order: data, id, metadata, type.
  const parts = [
    event.data === undefined ? undefined : `"data":${canonicalJson(event.data) as string | undefined}`,
    event.id === undefined ? undefined : `"id":${canonicalJson(event.id) as string | undefined}`,
    `"metadata":${objectJson(metadata as Record<string, unknown>, CHAIN_KEYS)}`,
    event.type === undefined ? undefined : `"type":${canonicalJson(event.type) as string | undefined}`,
  ];
  return `{${parts.filter((part) => part !== undefined).join(',')}}`;
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
