/**
 * The relay against a real Kafka broker: what librdkafka's mock cluster cannot do. Topics come
 * from kafkajs's CreateTopics, and the relay publishes with the idempotent producer it uses in
 * production, both in-process and as the standalone process on its default configuration.
 * Runs when KAFKA_BROKERS names a broker (`npm run test:servers` starts one in a container);
 * otherwise it registers one skipped test that says so.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Kafka, logLevel, type Admin } from 'kafkajs';
import { EventRelay } from '../../apps/relay/event-relay';
import { FeedCheckpoints } from '../../libs/infra/feed/feed-checkpoints';
import type { StoredEvent } from '../../libs/event-store/event-store.port';
import { findChainBreak } from '../../libs/event-store/hash-chain';
import { poll, range, revisionsByStream, startTestConsumer, topicMessageCount } from './kafka-test-consumer';
import { appendInterleaved, createLedgerFixture, type LedgerFixture } from './relay-fixture';
import { runRelayMain } from './relay-process';

const brokers = (process.env.KAFKA_BROKERS ?? '').split(',').map((b) => b.trim()).filter(Boolean);
const SKIPPED = 'real Kafka suite SKIPPED: KAFKA_BROKERS is not set (npm run test:servers starts a broker); skipped is not passed';

/** Topic names of their own, so a broker that already runs can be used again and again. */
const topicName = (purpose: string): string => `ledger-test-${purpose}-${randomUUID().slice(0, 8)}`;

if (brokers.length === 0) {
  test('relay on a real Kafka broker', { skip: SKIPPED }, () => undefined);
} else {
  describe('relay on a real Kafka broker', () => {
    let admin: Admin;
    let ledger: LedgerFixture;
    before(async () => {
      admin = new Kafka({ clientId: 'ledger-test-admin', brokers, logLevel: logLevel.NOTHING }).admin();
      await admin.connect();
      ledger = await createLedgerFixture();
    });
    after(async () => {
      await ledger?.close();
      await admin?.disconnect();
    });

    async function createTopic(purpose: string, partitions: number): Promise<string> {
      const topic = topicName(purpose);
      // The broker's default replication factor: 1 on a single test broker, the cluster's own elsewhere.
      assert.equal(await admin.createTopics({ topics: [{ topic, numPartitions: partitions }], waitForLeaders: true }), true, `topic ${topic} was created`);
      return topic;
    }

    test('CreateTopics makes the topic with the partitions asked for, and a second request for it is a no-op', async () => {
      const topic = await createTopic('create', 6);
      const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });
      assert.equal(topics[0].partitions.length, 6);
      assert.equal(await admin.createTopics({ topics: [{ topic, numPartitions: 6 }], waitForLeaders: true }), false);
    });

    test('the idempotent producer delivers 60 accounts in revision order, every event once on the broker, verifiable by a consumer', async () => {
      const topic = await createTopic('ordered', 6);
      await appendInterleaved(ledger.store, 30, 10, `${topic}-caught-up`);
      const relay = new EventRelay({
        eventStore: ledger.store, pool: ledger.pool, brokers, topic, name: topic, idempotent: true, batchSize: 40, lagIntervalMs: 0,
        filter: { streamPrefixes: [`${topic}-`] },
      });
      await relay.start();
      const consumer = await startTestConsumer(brokers, topic);
      try {
        await appendInterleaved(ledger.store, 30, 10, `${topic}-live`);
        await consumer.waitFor((received) => received.length >= 600, 60_000);
        const byStream = revisionsByStream(consumer.received);
        assert.equal(byStream.size, 60);
        for (const [streamId, revisions] of byStream) assert.deepEqual(revisions, range(10), `revisions of ${streamId}`);
        assert.ok(new Set(consumer.received.map((m) => m.partition)).size > 1, 'accounts spread over several partitions');
        assert.ok(consumer.received.every((m) => Number(m.producerId) >= 0), 'every batch carries a producer id: the broker took them from an idempotent producer');
        const one = consumer.received.filter((m) => m.key === `${topic}-live-7`).map((m) => m.value as unknown as StoredEvent);
        assert.equal(findChainBreak(one), undefined, 'a consumer can verify the hash chain from the messages alone');
      } finally {
        await consumer.stop();
        await relay.stop();
      }
      assert.equal(await topicMessageCount(brokers, topic), 600, 'no event was written twice');
      const head = (await ledger.store.readAll({ maxCount: 100_000, filter: { streamPrefixes: [`${topic}-`] } })).at(-1)?.position;
      assert.equal(await new FeedCheckpoints(ledger.pool).load(topic), head);
    });

    test('a relay restarted from its checkpoint publishes only what was appended while it was down', async () => {
      const topic = await createTopic('restart', 3);
      const options = { eventStore: ledger.store, pool: ledger.pool, brokers, topic, name: topic, idempotent: true, batchSize: 15, lagIntervalMs: 0, filter: { streamPrefixes: [`${topic}-`] } };
      const headOf = async () => (await ledger.store.readAll({ maxCount: 100_000, filter: { streamPrefixes: [`${topic}-`] } })).at(-1)?.position;
      const first = new EventRelay(options);
      await appendInterleaved(ledger.store, 5, 4, `${topic}-before`);
      await first.start();
      const before = await headOf();
      await poll(() => first.position === before, 30_000, () => 'first relay did not catch up');
      await first.stop();

      await appendInterleaved(ledger.store, 5, 4, `${topic}-while-down`);
      const second = new EventRelay(options);
      await second.start();
      try {
        const after = await headOf();
        await poll(() => second.position === after, 30_000, () => 'restarted relay did not catch up');
      } finally {
        await second.stop();
      }
      assert.equal(await topicMessageCount(brokers, topic), 40);
      const consumer = await startTestConsumer(brokers, topic);
      try {
        await consumer.waitFor((received) => received.length >= 40);
        assert.equal(new Set(consumer.received.map((m) => m.headers.ce_id)).size, 40);
        for (const revisions of revisionsByStream(consumer.received).values()) assert.deepEqual(revisions, range(4));
      } finally {
        await consumer.stop();
      }
    });

    test('the standalone relay process on its default configuration (idempotent producer) publishes every event and exits 0 on SIGTERM', async () => {
      const topic = await createTopic('process', 3);
      // A database of its own: the process relays the whole feed, not a prefix of it.
      const own = await createLedgerFixture();
      const dataDir = mkdtempSync(join(tmpdir(), 'relay-real-kafka-'));
      try {
        await appendInterleaved(own.store, 4, 5, 'process');
        // KAFKA_IDEMPOTENT is left unset: the production default is what is under test.
        const run = runRelayMain(dataDir, { DATABASE_URL: own.database.url, KAFKA_BROKERS: brokers.join(','), KAFKA_TOPIC: topic });
        const consumer = await startTestConsumer(brokers, topic);
        try {
          await consumer.waitFor((received) => received.length >= 20, 60_000);
          assert.deepEqual(new Set(consumer.received.map((m) => m.key)), new Set(['process-0', 'process-1', 'process-2', 'process-3']));
          assert.ok(consumer.received.every((m) => Number(m.producerId) >= 0), 'the process published with an idempotent producer');
        } finally {
          await consumer.stop();
          run.child.kill('SIGTERM');
        }
        assert.equal(await run.exit, 0, run.output());
        assert.equal(await topicMessageCount(brokers, topic), 20);
      } finally {
        await own.close();
        rmSync(dataDir, { recursive: true, force: true });
      }
    });
  });
}
