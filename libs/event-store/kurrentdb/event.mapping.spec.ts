// Proves that events keep their metadata and hash chain through KurrentDB's shape, with KurrentDB's `$` keys added and removed again.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { JSONRecordedEvent, Position } from '@kurrent/kurrentdb-client';
import { GENESIS_HASH, chainHash, contentHash, findChainBreak } from '../hash-chain';
import type { NewEvent } from '../event-store.port';
import { CAUSATION_KEY, CORRELATION_KEY, NotALedgerEvent, chainEvents, fromKurrentMetadata, toEventData, toKurrentMetadata, toStoredEvent } from './event.mapping';
import type { ChainedEvent } from './event.mapping';

function newEvent(n: number, extra: Record<string, unknown> = {}): NewEvent {
  return {
    id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    type: 'AccountOpened',
    data: { accountId: 'a-1', amount: { minor: 1250 + n, currency: 'EUR' }, note: 'zürich ✓' },
    metadata: { correlationId: 'corr-1', causationId: `cause-${n}`, actor: 'user-7', command: 'OpenAccount', occurredAt: '2026-11-24T07:00:00.000Z', ...extra },
  };
}

/** What the client hands back after the server stored `chained`: JSON parsed again, bigint revision, a log position. */
function asRecorded(streamName: string, chained: ChainedEvent, position: Position | undefined): JSONRecordedEvent {
  const data = toEventData(chained);
  return {
    streamId: streamName,
    id: data.id,
    isJson: true,
    revision: BigInt(chained.revision),
    type: data.type,
    created: new Date(0),
    data: JSON.parse(JSON.stringify(data.data)) as Record<string, unknown>,
    metadata: JSON.parse(JSON.stringify(data.metadata)) as Record<string, unknown>,
    position,
  } as JSONRecordedEvent;
}

const at = (n: number): Position => ({ commit: BigInt(1000 + n * 100), prepare: BigInt(1000 + n * 100) });

describe('metadata to KurrentDB', () => {
  test("given the port's metadata, when stored, then KurrentDB's $correlationId and $causationId mirror it beside the chain", () => {
    const stored = toKurrentMetadata(newEvent(1).metadata, GENESIS_HASH, 'h1');
    assert.equal(stored[CORRELATION_KEY], 'corr-1');
    assert.equal(stored[CAUSATION_KEY], 'cause-1');
    assert.equal(stored.prevHash, GENESIS_HASH);
    assert.equal(stored.hash, 'h1');
    assert.equal(stored.command, 'OpenAccount');
  });

  test('given metadata that already uses a reserved $ key, when stored, then it is refused', () => {
    assert.throws(() => toKurrentMetadata(newEvent(1, { [CORRELATION_KEY]: 'other' }).metadata, GENESIS_HASH, 'h'), TypeError);
  });

  test('given a new event, when turned into event data, then it is JSON with the caller id and type', () => {
    const [chained] = chainEvents('account-1', { revision: -1, hash: GENESIS_HASH }, [newEvent(1)]);
    const data = toEventData(chained);
    assert.equal(data.contentType, 'application/json');
    assert.equal(data.id, newEvent(1).id);
    assert.equal(data.type, 'AccountOpened');
  });
});

describe('the hash chain', () => {
  test('given an empty stream, when events are chained, then the first links to GENESIS_HASH at revision 0', () => {
    const [first, second] = chainEvents('account-1', { revision: -1, hash: GENESIS_HASH }, [newEvent(1), newEvent(2)]);
    assert.equal(first.revision, 0);
    assert.equal(first.prevHash, GENESIS_HASH);
    assert.equal(first.hash, chainHash(GENESIS_HASH, 'account-1', 0, contentHash(newEvent(1))));
    assert.equal(second.prevHash, first.hash);
    assert.equal(second.revision, 1);
  });

  test('given a stream with a tip, when events are chained, then they continue from the tip revision and hash', () => {
    const [next] = chainEvents('account-1', { revision: 4, hash: 'f'.repeat(64) }, [newEvent(5)]);
    assert.equal(next.revision, 5);
    assert.equal(next.prevHash, 'f'.repeat(64));
  });

  test('given chained events stored and read back from KurrentDB, then the chain verifies and the metadata is the caller metadata plus the chain', () => {
    const chained = chainEvents('account-1', { revision: -1, hash: GENESIS_HASH }, [newEvent(1), newEvent(2), newEvent(3)]);
    const read = chained.map((c, i) => toStoredEvent(asRecorded('ns.account-1', c, at(i)), 'account-1'));
    assert.equal(findChainBreak(read), undefined);
    assert.deepEqual(read[1].metadata, { ...newEvent(2).metadata, prevHash: chained[1].prevHash, hash: chained[1].hash });
    assert.equal(CORRELATION_KEY in read[1].metadata, false);
    assert.equal(read[2].streamId, 'account-1');
    assert.equal(read[2].revision, 2);
    assert.equal(read[2].position, '00000000000004b0-00000000000004b0');
    assert.deepEqual(read[0].data, newEvent(1).data);
  });

  test('given a stored event whose data was altered, when the chain is checked, then it breaks at that event', () => {
    const chained = chainEvents('account-1', { revision: -1, hash: GENESIS_HASH }, [newEvent(1), newEvent(2)]);
    const read = chained.map((c, i) => toStoredEvent(asRecorded('account-1', c, at(i)), 'account-1'));
    const tampered = [read[0], { ...read[1], data: { ...read[1].data, amount: { minor: 1, currency: 'EUR' } } }];
    assert.equal(findChainBreak(tampered)?.revision, 1);
  });
});

describe('events from KurrentDB', () => {
  const [chained] = chainEvents('account-1', { revision: -1, hash: GENESIS_HASH }, [newEvent(1)]);

  test('given metadata without the chain, when read, then the reason names the missing keys', () => {
    assert.match(String(fromKurrentMetadata({ correlationId: 'c', causationId: 'c', actor: 'a', command: 'X', occurredAt: 't' })), /prevHash, hash/);
  });

  test('given binary data, when read, then it is not a ledger event', () => {
    const recorded = { ...asRecorded('account-1', chained, at(0)), isJson: false, data: new Uint8Array([1]) } as unknown as JSONRecordedEvent;
    assert.throws(() => toStoredEvent(recorded, 'account-1'), NotALedgerEvent);
  });

  test('given an event without a log position (a server older than 22.6), when read, then it is refused rather than given a made-up position', () => {
    assert.throws(() => toStoredEvent(asRecorded('account-1', chained, undefined), 'account-1'), /22\.6/);
  });
});
