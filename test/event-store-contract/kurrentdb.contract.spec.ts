// The event store contract against KurrentDB / EventStoreDB, plus what only this engine must show. Runs when KURRENTDB_URL
// points at a server (e.g. kurrentdb://localhost:2113?tls=false); otherwise it registers one skipped test that says so.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { KurrentDBClient } from '@kurrent/kurrentdb-client';
import { DuplicateEventId } from '../../libs/event-store/event-store.port';
import { CAUSATION_KEY, CORRELATION_KEY } from '../../libs/event-store/kurrentdb/event.mapping';
import { createKurrentDbEventStore, type KurrentDbEventStore } from '../../libs/event-store/kurrentdb/kurrentdb.event-store';
import { newEvent, runEventStoreContract, stream } from './event-store.contract';

const url = process.env.KURRENTDB_URL;
const SKIPPED = 'KurrentDB contract suite SKIPPED: KURRENTDB_URL is not set (npm run test:servers starts a KurrentDB); skipped is not passed';

if (!url) {
  test('event store contract: kurrentdb', { skip: SKIPPED }, () => undefined);
} else {
  runEventStoreContract(
    'kurrentdb',
    async () => {
      const store = createKurrentDbEventStore(url);
      return { store, dispose: () => store.close() };
    },
    { streamsAtScale: Number(process.env.KURRENTDB_CONTRACT_STREAMS ?? 100_000) },
  );
  kurrentDbSpecifics(url);
}

function kurrentDbSpecifics(connectionString: string): void {
  describe('KurrentDB engine specifics', () => {
    const namespace = `ledger-spec-${randomUUID().slice(0, 8)}.`;
    let store: KurrentDbEventStore;
    let raw: KurrentDBClient;
    before(() => {
      store = createKurrentDbEventStore(connectionString, { namespace });
      raw = KurrentDBClient.connectionString(connectionString);
    });
    after(async () => {
      await store.close();
      await raw.dispose();
    });

    test("KurrentDB's own $correlationId / $causationId are stored, and the port's reads do not show them", async () => {
      const id = stream('meta');
      const event = newEvent('Traced');
      await store.append(id, [event], { expectedRevision: 'no_stream' });
      const stored: Record<string, unknown>[] = [];
      for await (const resolved of raw.readStream(`${namespace}${id}`)) stored.push(resolved.event?.metadata as Record<string, unknown>);
      assert.equal(stored[0][CORRELATION_KEY], event.metadata.correlationId);
      assert.equal(stored[0][CAUSATION_KEY], event.metadata.causationId);
      const [read] = await store.readStream(id);
      assert.equal(CORRELATION_KEY in read.metadata, false);
    });

    test('the feed has no system events and stays inside the namespace; headPosition is the last append', async () => {
      // A sibling namespace, not a nested one: 'a.' would also match 'a.b.' streams.
      const outside = createKurrentDbEventStore(connectionString, { namespace: `${namespace.slice(0, -1)}-other.` });
      const outsideId = stream('outside');
      try {
        await outside.append(outsideId, [newEvent()], { expectedRevision: 'no_stream' });
        const last = await store.append(stream('head'), [newEvent(), newEvent()], { expectedRevision: 'no_stream' });
        const feed = await store.readAll();
        assert.ok(feed.length >= 2);
        assert.ok(feed.every((e) => !e.streamId.startsWith('$') && !e.type.startsWith('$') && e.streamId !== outsideId));
        assert.equal(await store.headPosition(), last.position);
        assert.equal(feed.at(-1)?.position, last.position);
      } finally {
        await outside.close();
      }
    });

    test('a retried append with an exact expected revision is a no-op even when the stream grew past the duplicate window', async () => {
      const id = stream('window');
      const batch = [newEvent(), newEvent()];
      const first = await store.append(id, batch, { expectedRevision: 'no_stream' });
      for (let i = 0; i < 40; i++) await store.append(id, [newEvent()], { expectedRevision: 'any' });
      assert.deepEqual(await store.append(id, batch, { expectedRevision: 'no_stream' }), first);
      assert.equal((await store.readStream(id)).length, 42);
    });

    test('an event id the stream already holds at another place is refused as DuplicateEventId', async () => {
      const id = stream('dup');
      const [a, b] = [newEvent(), newEvent()];
      await store.append(id, [a, b], { expectedRevision: 'no_stream' });
      await assert.rejects(store.append(id, [b, newEvent()], { expectedRevision: 'any' }), DuplicateEventId);
      await assert.rejects(store.append(id, [newEvent(), a], { expectedRevision: 1 }), DuplicateEventId);
      assert.equal((await store.readStream(id)).length, 2);
    });
  });
}
