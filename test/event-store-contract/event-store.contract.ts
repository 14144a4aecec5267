/**
 * The event store contract (shared/spec/event-store.md), written once and run against every
 * engine: each engine's *.contract.spec.ts calls runEventStoreContract with its factory.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { WrongExpectedRevision, type EventStore, type NewEvent, type StoredEvent } from '../../libs/event-store/event-store.port';
import { findChainBreak } from '../../libs/event-store/hash-chain';
import { runStressScenario } from './stress-scenario';

export interface ContractEngine {
  readonly store: EventStore;
  /** Appends inside a transaction the engine keeps open for holdMs (engines that have one). */
  readonly slowAppend?: (streamId: string, events: NewEvent[], holdMs: number) => Promise<void>;
  dispose(): Promise<void>;
}

export interface ContractOptions {
  /** A reason to skip the whole suite; printed, and never counted as a pass. */
  readonly skip?: string;
  readonly streamsAtScale?: number;
}

export function newEvent(type = 'Tested', data: Record<string, unknown> = {}): NewEvent {
  return {
    id: randomUUID(),
    type,
    data,
    metadata: { correlationId: randomUUID(), causationId: randomUUID(), actor: 'contract-test', command: 'Test', occurredAt: '2026-01-01T00:00:00.000Z' },
  };
}

export const stream = (label: string) => `contract-${label}-${randomUUID().slice(0, 8)}`;

export async function readWholeFeed(store: EventStore, prefix: string): Promise<StoredEvent[]> {
  const all: StoredEvent[] = [];
  for (;;) {
    const page = await store.readAll({ after: all.at(-1)?.position, maxCount: 5000, filter: { streamPrefixes: [prefix] } });
    all.push(...page);
    if (page.length < 5000) return all;
  }
}

export function runEventStoreContract(engineName: string, create: () => Promise<ContractEngine>, options: ContractOptions = {}): void {
  describe(`event store contract: ${engineName}`, { skip: options.skip }, () => {
    let engine: ContractEngine;
    let store: EventStore;
    before(async () => {
      engine = await create();
      store = engine.store;
    });
    after(async () => engine?.dispose());

    test('append returns the new revision and a position; readStream returns the events in order', async () => {
      const id = stream('basic');
      const first = await store.append(id, [newEvent('A'), newEvent('B')], { expectedRevision: 'no_stream' });
      assert.equal(first.nextExpectedRevision, 1);
      const second = await store.append(id, [newEvent('C')], { expectedRevision: 1 });
      assert.equal(second.nextExpectedRevision, 2);
      assert.ok(second.position > first.position, 'positions order as strings');
      const events = await store.readStream(id);
      assert.deepEqual(events.map((e) => [e.type, e.revision]), [['A', 0], ['B', 1], ['C', 2]]);
      const backwards = await store.readStream(id, { direction: 'backwards', maxCount: 2 });
      assert.deepEqual(backwards.map((e) => e.revision), [2, 1]);
      const middle = await store.readStream(id, { fromRevision: 1, maxCount: 1 });
      assert.deepEqual(middle.map((e) => e.type), ['B']);
    });

    test('expected revision modes: no_stream, exists, any and exact each refuse what they must', async () => {
      const id = stream('modes');
      await assert.rejects(store.append(id, [newEvent()], { expectedRevision: 'exists' }), (e: unknown) => e instanceof WrongExpectedRevision && e.actual === -1);
      await assert.rejects(store.append(id, [newEvent()], { expectedRevision: 0 }), (e: unknown) => e instanceof WrongExpectedRevision && e.actual === -1);
      await store.append(id, [newEvent()], { expectedRevision: 'any' });
      await assert.rejects(store.append(id, [newEvent()], { expectedRevision: 'no_stream' }), (e: unknown) => e instanceof WrongExpectedRevision && e.actual === 0);
      await store.append(id, [newEvent()], { expectedRevision: 'exists' });
      await assert.rejects(store.append(id, [newEvent()], { expectedRevision: 0 }), (e: unknown) => e instanceof WrongExpectedRevision && e.actual === 1);
      assert.equal((await store.readStream(id)).length, 2);
      assert.deepEqual(await store.readStream(stream('absent')), []);
    });

    test('property 1: of two concurrent appends at the same expected revision exactly one wins, and the loser leaves nothing', async () => {
      for (let round = 0; round < 20; round++) {
        const id = stream('race');
        await store.append(id, [newEvent()], { expectedRevision: 'no_stream' });
        const contenders = [[newEvent('X'), newEvent('X')], [newEvent('Y'), newEvent('Y')]];
        const outcomes = await Promise.allSettled(contenders.map((events) => store.append(id, events, { expectedRevision: 0 })));
        assert.equal(outcomes.filter((o) => o.status === 'fulfilled').length, 1, 'exactly one winner');
        const loser = outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult;
        assert.ok(loser.reason instanceof WrongExpectedRevision);
        assert.equal(loser.reason.actual, 2);
        const loserIds = new Set(contenders[outcomes.indexOf(loser)].map((e) => e.id));
        const visible = [...(await store.readStream(id)), ...(await readWholeFeed(store, id))];
        assert.ok(visible.every((e) => !loserIds.has(e.id)), 'no event of the loser is visible');
      }
    });

    test('properties 2 and 3: the feed is gap-free and keeps each stream in revision order under concurrent writers and a slow transaction', async () => {
      const report = await runStressScenario(engine, { writers: 16, appendsPerWriter: 120, sharedStreams: 4, slowTransactionMs: 1500 });
      assert.equal(report.readerSawAll, true);
      assert.ok(report.eventsWritten >= 16 * 120, `wrote ${report.eventsWritten}`);
    });

    test('property 4: a subscriber restarted from its checkpoint sees every later event exactly once', async () => {
      const id = stream('sub');
      const seen: string[] = [];
      let checkpoint: string | undefined;
      const filter = { streamPrefixes: [id] };
      const first = store.subscribe(undefined, async (batch) => {
        seen.push(...batch.map((e) => e.id));
        checkpoint = batch.at(-1)?.position;
      }, { filter, batchSize: 7 });
      const written: string[] = [];
      for (let i = 0; i < 30; i++) {
        const events = [newEvent(), newEvent()];
        written.push(...events.map((e) => e.id));
        await store.append(id, events, { expectedRevision: 'any' });
      }
      await waitUntil(() => seen.length >= 60);
      await first.stop();
      for (let i = 0; i < 20; i++) {
        const event = newEvent();
        written.push(event.id);
        await store.append(id, [event], { expectedRevision: 'any' });
      }
      const resumed: string[] = [];
      const second = store.subscribe(checkpoint, async (batch) => {
        resumed.push(...batch.map((e) => e.id));
      }, { filter, batchSize: 7 });
      await waitUntil(() => seen.length + resumed.length >= 80);
      await new Promise((r) => setTimeout(r, 100));
      await second.stop();
      assert.deepEqual([...seen, ...resumed], written, 'every event once, in order, across the restart');
    });

    test('property 4b: a handler that fails stops the subscription instead of skipping', async () => {
      const id = stream('fail');
      await store.append(id, [newEvent(), newEvent()], { expectedRevision: 'no_stream' });
      let calls = 0;
      const subscription = store.subscribe(undefined, async () => {
        calls++;
        throw new Error('projection cannot apply');
      }, { filter: { streamPrefixes: [id] } });
      await assert.rejects(subscription.done, /projection cannot apply/);
      assert.equal(calls, 1);
    });

    test('property 6: appending the same event ids again is a no-op that answers like the first', async () => {
      const id = stream('idem');
      const events = [newEvent(), newEvent()];
      const first = await store.append(id, events, { expectedRevision: 'no_stream' });
      const again = await store.append(id, events, { expectedRevision: 'no_stream' });
      const anyAgain = await store.append(id, events, { expectedRevision: 'any' });
      assert.equal(first.duplicate, false);
      assert.deepEqual(again, { ...first, duplicate: true });
      assert.deepEqual(anyAgain, { ...first, duplicate: true });
      const racing = [newEvent()];
      const results = await Promise.all([1, 2, 3].map(() => store.append(id, racing, { expectedRevision: 'any' })));
      assert.equal(new Set(results.map((r) => r.position)).size, 1);
      assert.equal(results.filter((r) => !r.duplicate).length, 1, 'exactly one of the racing copies wrote');
      assert.equal((await store.readStream(id)).length, 3);
    });

    test('metadata is kept and every stream is a valid hash chain', async () => {
      const id = stream('chain');
      const event = newEvent('Chained', { amount: 145 });
      await store.append(id, [event], { expectedRevision: 'no_stream' });
      await store.append(id, [newEvent(), newEvent()], { expectedRevision: 0 });
      const events = await store.readStream(id);
      assert.equal(events[0].metadata.correlationId, event.metadata.correlationId);
      assert.equal(events[0].metadata.actor, 'contract-test');
      assert.equal(events[1].metadata.prevHash, events[0].metadata.hash);
      assert.equal(findChainBreak(events), undefined);
    });

    test('lastEvent is the newest event of the feed, whole, at headPosition', async () => {
      const id = stream('last');
      const newest = { ...newEvent('Newest', { n: 2 }), metadata: { ...newEvent().metadata, occurredAt: '2027-01-10T09:00:00.000Z' } };
      await store.append(id, [newEvent('Older', { n: 1 }), newest], { expectedRevision: 'no_stream' });
      const last = await store.lastEvent();
      assert.ok(last, 'a store with events has a last one');
      assert.deepEqual([last.id, last.type, last.streamId, last.revision, last.data], [newest.id, 'Newest', id, 1, { n: 2 }]);
      assert.equal(last.metadata.occurredAt, '2027-01-10T09:00:00.000Z');
      assert.equal(last.position, await store.headPosition());
      await store.append(stream('later'), [newEvent('Later')], { expectedRevision: 'no_stream' });
      assert.equal((await store.lastEvent())?.type, 'Later', 'it follows new appends');
    });

    test('property 7: large payloads and unicode come back exactly', async () => {
      const id = stream('big');
      const text = 'ünïcödé £€¥ 日本語 עברית 🧾💷 e\u0301 '.repeat(1000);
      const large = { blob: 'x'.repeat(1_000_000), text, nested: { list: Array.from({ length: 1000 }, (_, i) => ({ i, s: `${i}✓` })) } };
      await store.append(id, [newEvent('Large', large)], { expectedRevision: 'no_stream' });
      const [stored] = await store.readStream(id);
      assert.deepEqual(stored.data, large);
    });

    test('property 7: 10 000 events in one stream', async () => {
      const id = stream('long');
      for (let batch = 0; batch < 10; batch++) {
        const events = Array.from({ length: 1000 }, (_, i) => newEvent('Numbered', { n: batch * 1000 + i }));
        await store.append(id, events, { expectedRevision: batch === 0 ? 'no_stream' : batch * 1000 - 1 });
      }
      const events = await store.readStream(id);
      assert.equal(events.length, 10_000);
      assert.ok(events.every((e, i) => e.revision === i && e.data.n === i));
      assert.equal(findChainBreak(events), undefined);
      assert.equal((await store.readStream(id, { fromRevision: 9_998 })).length, 2);
    });

    test('property 7: many streams (100 000 by default) all readable from the feed', async () => {
      const count = options.streamsAtScale ?? 100_000;
      const prefix = stream('many');
      let next = 0;
      const writer = async () => {
        while (next < count) {
          const n = next++;
          await store.append(`${prefix}-${n}`, [newEvent('Numbered', { n })], { expectedRevision: 'no_stream' });
        }
      };
      await Promise.all(Array.from({ length: 32 }, writer));
      const feed = await readWholeFeed(store, prefix);
      assert.equal(feed.length, count);
      assert.equal(new Set(feed.map((e) => e.streamId)).size, count);
      const sample = await store.readStream(`${prefix}-${count - 1}`);
      assert.equal(sample[0].data.n, count - 1);
    });
  });
}

export async function waitUntil(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}
