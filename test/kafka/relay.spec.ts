/** The relay publishes the real PostgreSQL event store to Kafka in order per account, and waits out a broker outage without losing an event. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Registry } from 'prom-client';
import { EventRelay } from '../../apps/relay/event-relay';
import { FeedCheckpoints } from '../../libs/infra/feed/feed-checkpoints';
import { registerRelayMetrics } from '../../apps/relay/relay.metrics';
import type { StoredEvent } from '../../libs/event-store/event-store.port';
import { findChainBreak } from '../../libs/event-store/hash-chain';
import { leaderForKey, poll, range, revisionsByStream, startTestConsumer } from './kafka-test-consumer';
import { startMockCluster, type MockCluster } from './mock-cluster';
import { appendInterleaved, capturingLogger, createLedgerFixture, type CapturedLog, type LedgerFixture } from './relay-fixture';

let cluster: MockCluster;
let ledger: LedgerFixture;

const fastRetry = { initialDelayMs: 100, maxDelayMs: 1_000, maxAttempts: Number.POSITIVE_INFINITY };

describe('event relay on the real event store and the mock Kafka cluster', () => {
  before(async () => {
    cluster = await startMockCluster({ brokerCount: 3, topics: [{ name: 'ordered', partitions: 6 }, { name: 'outage', partitions: 4 }, { name: 'one-down', partitions: 6 }] });
    ledger = await createLedgerFixture();
  });
  after(async () => {
    await ledger?.close();
    await cluster?.stop();
  });

  test('given many accounts over several partitions, when relayed (catch-up then live), then each account arrives in revision order with CloudEvents headers', async () => {
    await appendInterleaved(ledger.store, 30, 10, 'shop');
    const relay = new EventRelay({ eventStore: ledger.store, pool: ledger.pool, brokers: cluster.brokers, topic: 'ordered', name: 'ordered', idempotent: false, batchSize: 40, lagIntervalMs: 0 });
    await relay.start();
    const consumer = await startTestConsumer(cluster.brokers, 'ordered');
    try {
      await appendInterleaved(ledger.store, 30, 10, 'late');
      await consumer.waitFor((received) => received.length >= 600);
      const byStream = revisionsByStream(consumer.received);
      assert.equal(byStream.size, 60);
      for (const [streamId, revisions] of byStream) assert.deepEqual(revisions, range(10), `revisions of ${streamId}`);
      assert.ok(new Set(consumer.received.map((m) => m.partition)).size > 1, 'accounts spread over several partitions');

      const [stored] = await ledger.store.readStream('shop-7', { fromRevision: 3, maxCount: 1 });
      const message = consumer.received.find((m) => m.headers.ce_id === stored.id);
      assert.deepEqual(message?.headers, {
        ce_specversion: '1.0',
        ce_id: stored.id,
        ce_type: 'ProductCountSet',
        ce_source: 'billing-ledger',
        ce_time: stored.metadata.occurredAt,
        ce_subject: 'shop-7',
        'content-type': 'application/json',
      });
      assert.equal(message?.key, 'shop-7');
      assert.equal(message?.value.position, stored.position);

      const shop7 = consumer.received.filter((m) => m.key === 'shop-7').map((m) => m.value as unknown as StoredEvent);
      assert.equal(findChainBreak(shop7), undefined, 'a consumer can verify the hash chain from the messages alone');
    } finally {
      await consumer.stop();
      await relay.stop();
    }
    assert.equal(await new FeedCheckpoints(ledger.pool).load('ordered'), await ledger.store.headPosition());
  });

  test('given every broker down, when events are appended, then the relay retries the same batch without advancing its checkpoint and delivers everything once the brokers return', async () => {
    const logs: CapturedLog[] = [];
    const relay = new EventRelay({
      eventStore: ledger.store, pool: ledger.pool, brokers: cluster.brokers, topic: 'outage', name: 'outage',
      idempotent: false, batchSize: 25, retry: fastRetry, lagIntervalMs: 0, logger: capturingLogger(logs),
      // The first test's events share this store; this relay publishes only its own streams.
      filter: { streamPrefixes: ['before-outage-', 'during-outage-'] },
    });
    const checkpoints = new FeedCheckpoints(ledger.pool);
    const failures = () => logs.filter((line) => line.level === 'warn' && line.message?.startsWith('relay publish failed')).length;
    await relay.start();
    try {
      await appendInterleaved(ledger.store, 10, 5, 'before-outage');
      const head = await ledger.store.headPosition();
      await poll(() => relay.position === head, 20_000, () => 'relay did not catch up before the outage');

      await cluster.brokerDown(-1);
      await appendInterleaved(ledger.store, 10, 5, 'during-outage');
      await poll(() => failures() >= 2, 30_000, () => 'relay never reported a failed publish');
      assert.equal(await checkpoints.load('outage'), head, 'checkpoint stays put while the broker is down');
      assert.ok((await relay.sampleLag()).events > 0, 'lag is visible while the broker is down');

      await cluster.brokerUp(-1);
      const newHead = await ledger.store.headPosition();
      await poll(() => relay.position === newHead, 30_000, () => 'relay did not resume after the brokers returned');
      assert.deepEqual(await relay.sampleLag(), { events: 0, seconds: 0 });
    } finally {
      await cluster.brokerUp(-1);
      await relay.stop();
    }

    const consumer = await startTestConsumer(cluster.brokers, 'outage');
    try {
      await consumer.waitFor((received) => received.length >= 100);
      const ids = consumer.received.map((m) => m.headers.ce_id);
      assert.equal(new Set(ids).size, 100, 'every event arrived');
      for (const revisions of revisionsByStream(consumer.received).values()) assert.deepEqual(revisions, range(5));
    } finally {
      await consumer.stop();
    }

    const registry = new Registry();
    registerRelayMetrics(registry);
    registerRelayMetrics(registry);
    const exposition = await registry.metrics();
    assert.match(exposition, /relay_events_published_total\{relay="outage"\} 100\n/);
    const errors = Number(/relay_publish_errors_total\{relay="outage"\} (\d+)/.exec(exposition)?.[1]);
    assert.equal(errors, failures(), 'each failed attempt is counted');
  });

  test('given the broker leading one account partition down, when a batch spans its partitions, then the whole batch is retried and a consumer deduping on ce_id sees every event once, in order', async () => {
    const logs: CapturedLog[] = [];
    const relay = new EventRelay({
      eventStore: ledger.store, pool: ledger.pool, brokers: cluster.brokers, topic: 'one-down', name: 'one-down',
      idempotent: false, batchSize: 30, retry: fastRetry, lagIntervalMs: 0, logger: capturingLogger(logs),
      filter: { streamPrefixes: ['one-down-'] },
    });
    // Take down the broker that leads account one-down-0's partition, whichever the mock chose.
    const { partition, leader } = await leaderForKey(cluster.brokers, 'one-down', 'one-down-0');
    await cluster.brokerDown(leader);
    try {
      await relay.start();
      await appendInterleaved(ledger.store, 12, 5, 'one-down');
      await poll(() => logs.some((line) => line.message?.startsWith('relay publish failed')), 30_000, () => `no failed publish with broker ${leader} down`);
    } finally {
      await cluster.brokerUp(leader);
    }
    try {
      const head = (await ledger.store.readAll({ maxCount: 100_000, filter: { streamPrefixes: ['one-down-'] } })).at(-1)?.position;
      await poll(() => relay.position === head, 30_000, () => `relay did not finish after broker ${leader} returned`);
    } finally {
      await relay.stop();
    }

    const consumer = await startTestConsumer(cluster.brokers, 'one-down');
    try {
      await consumer.waitFor((received) => new Set(received.map((m) => m.headers.ce_id)).size >= 60);
      const firstSeen = consumer.received.filter((m, i, all) => all.findIndex((o) => o.headers.ce_id === m.headers.ce_id) === i);
      assert.equal(firstSeen.length, 60);
      assert.equal(firstSeen.find((m) => m.key === 'one-down-0')?.partition, partition, 'the partitioner agrees with the relay');
      for (const revisions of revisionsByStream(firstSeen).values()) assert.deepEqual(revisions, range(5));
    } finally {
      await consumer.stop();
    }
  });
});
