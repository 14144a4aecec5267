// Proves the subscription's batching, ordering, stop and stop-on-error rules. A Node object stream stands in for KurrentDB's
// subscription stream (the same kind of stream the client returns); KurrentDB itself runs only in the contract suite.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import type { AllStreamResolvedEvent, AllStreamSubscription, ReadPosition } from '@kurrent/kurrentdb-client';
import { GENESIS_HASH } from '../hash-chain';
import type { StoredEvent } from '../event-store.port';
import { CatchUpSubscription, feedEvents } from './catch-up.subscription';
import { chainEvents, toEventData } from './event.mapping';
import { encodePosition } from './position.codec';

function ledgerEvents(streamName: string, count: number, firstPosition = 100): AllStreamResolvedEvent[] {
  const news = Array.from({ length: count }, (_, i) => ({
    id: `00000000-0000-4000-8000-${String(firstPosition + i).padStart(12, '0')}`,
    type: 'AccountOpened',
    data: { n: i },
    metadata: { correlationId: 'c', causationId: 'c', actor: 'test', command: 'OpenAccount', occurredAt: '2026-11-24T07:00:00.000Z' },
  }));
  return chainEvents(streamName, { revision: -1, hash: GENESIS_HASH }, news).map((chained, i) => {
    const data = toEventData(chained);
    const position = { commit: BigInt(firstPosition + i), prepare: BigInt(firstPosition + i) };
    const event = { streamId: streamName, id: data.id, isJson: true, revision: BigInt(chained.revision), type: data.type, created: new Date(0), data: data.data, metadata: data.metadata, position };
    return { event } as AllStreamResolvedEvent;
  });
}

function systemEvent(position: number): AllStreamResolvedEvent {
  const event = { streamId: '$stats-node', id: 'x', isJson: true, revision: 0n, type: '$statsCollected', created: new Date(0), data: {}, metadata: {}, position: { commit: BigInt(position), prepare: BigInt(position) } };
  return { event } as AllStreamResolvedEvent;
}

class FakeSource {
  readonly stream = new PassThrough({ objectMode: true });
  from: ReadPosition | undefined;
  unsubscribed = false;

  open = (from: ReadPosition): AllStreamSubscription => {
    this.from = from;
    return Object.assign(this.stream, {
      unsubscribe: async () => {
        this.unsubscribed = true;
      },
    }) as unknown as AllStreamSubscription;
  };

  push(events: readonly AllStreamResolvedEvent[]): void {
    for (const event of events) this.stream.write(event);
  }
}

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i += 1) await new Promise((resolve) => setTimeout(resolve, 5));
  assert.ok(condition(), 'condition not reached in time');
}

describe('catch-up subscription', () => {
  test('given buffered events, when subscribed with batch size 2, then they arrive in order in batches of at most 2', async () => {
    const source = new FakeSource();
    source.push(ledgerEvents('account-1', 5));
    const batches: StoredEvent[][] = [];
    const subscription = new CatchUpSubscription({ scope: { namespace: '' }, after: undefined, batchSize: 2, open: source.open, handler: async (events) => void batches.push([...events]) });
    await until(() => batches.flat().length === 5);
    await subscription.stop();
    assert.deepEqual(batches.flat().map((e) => e.revision), [0, 1, 2, 3, 4]);
    assert.ok(batches.every((batch) => batch.length <= 2 && batch.length > 0));
    assert.ok(source.unsubscribed);
  });

  test('given a slow handler, when events keep coming, then the next batch waits for the previous handler to resolve', async () => {
    const source = new FakeSource();
    let inFlight = 0;
    let maxInFlight = 0;
    let seen = 0;
    const subscription = new CatchUpSubscription({
      scope: { namespace: '' }, after: undefined, batchSize: 3, open: source.open,
      handler: async (events) => {
        inFlight += 1;
        maxInFlight = Math.max(maxInFlight, inFlight);
        await new Promise((resolve) => setTimeout(resolve, 10));
        seen += events.length;
        inFlight -= 1;
      },
    });
    const events = ledgerEvents('account-1', 10);
    source.push(events.slice(0, 4));
    await new Promise((resolve) => setTimeout(resolve, 5));
    source.push(events.slice(4));
    await until(() => seen === 10);
    await subscription.stop();
    assert.equal(maxInFlight, 1);
  });

  test('given a start position, when subscribed, then KurrentDB is asked from there and nothing at or before it is delivered', async () => {
    const source = new FakeSource();
    const events = ledgerEvents('account-1', 4);
    const after = encodePosition({ commit: 101n, prepare: 101n });
    source.push(events);
    const seen: number[] = [];
    const subscription = new CatchUpSubscription({ scope: { namespace: '' }, after, batchSize: 10, open: source.open, handler: async (batch) => void seen.push(...batch.map((e) => e.revision)) });
    await until(() => seen.length === 2);
    await subscription.stop();
    assert.deepEqual(source.from, { commit: 101n, prepare: 101n });
    assert.deepEqual(seen, [2, 3]);
  });

  test('given system events between ledger events, when delivered, then only ledger events reach the handler', async () => {
    const source = new FakeSource();
    const [first, second] = ledgerEvents('account-1', 2);
    source.push([systemEvent(50), first, systemEvent(100), second]);
    const seen: string[] = [];
    const subscription = new CatchUpSubscription({ scope: { namespace: '' }, after: undefined, batchSize: 10, open: source.open, handler: async (batch) => void seen.push(...batch.map((e) => e.streamId)) });
    await until(() => seen.length === 2);
    await subscription.stop();
    assert.deepEqual(seen, ['account-1', 'account-1']);
  });

  test('given a handler that fails, when it throws, then the subscription stops, reports and delivers nothing after that batch', async () => {
    const source = new FakeSource();
    source.push(ledgerEvents('account-1', 6));
    const failure = new Error('checkpoint not saved');
    const reported: unknown[] = [];
    let calls = 0;
    const subscription = new CatchUpSubscription({
      scope: { namespace: '' }, after: undefined, batchSize: 2, open: source.open, onError: (error) => reported.push(error),
      handler: async () => {
        calls += 1;
        throw failure;
      },
    });
    await assert.rejects(subscription.done, failure);
    assert.equal(calls, 1);
    assert.deepEqual(reported, [failure]);
    assert.ok(source.unsubscribed);
  });

  test('given an idle subscription, when stopped, then stop resolves and the KurrentDB subscription is cancelled', async () => {
    const source = new FakeSource();
    const subscription = new CatchUpSubscription({ scope: { namespace: '' }, after: undefined, batchSize: 2, open: source.open, handler: async () => undefined });
    await subscription.stop();
    await subscription.done;
    assert.ok(source.unsubscribed);
  });

  test('given a server error, when it arrives, then done rejects with it', async () => {
    const source = new FakeSource();
    const subscription = new CatchUpSubscription({ scope: { namespace: '' }, after: undefined, batchSize: 2, open: source.open, handler: async () => undefined });
    const lost = new Error('connection lost');
    source.stream.destroy(lost);
    await assert.rejects(subscription.done, lost);
  });
});

describe('feedEvents', () => {
  test('given a cursor, when raw events repeat it, then the repeat is dropped and the cursor advances past system events too', () => {
    const events = ledgerEvents('account-1', 2);
    const result = feedEvents({ namespace: '' }, [events[0], events[1], systemEvent(300)], encodePosition({ commit: 100n, prepare: 100n }));
    assert.deepEqual(result.events.map((e) => e.revision), [1]);
    assert.equal(result.cursor, encodePosition({ commit: 300n, prepare: 300n }));
  });
});
