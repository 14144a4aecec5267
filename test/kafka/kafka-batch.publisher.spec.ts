/** The batch publisher puts each stream's events on Kafka in order, with the contract's headers, through a broker outage. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { KafkaBatchPublisher } from '../../apps/relay/kafka-batch.publisher';
import { retryWithBackoff } from '../../libs/infra/feed/retry-with-backoff';
import type { StoredEvent } from '../../libs/event-store/event-store.port';
import { createKafka, createProducer } from '../../libs/infra/kafka/kafka-client';
import { startMockCluster, type MockCluster } from './mock-cluster';
import { poll, startTestConsumer, type ReceivedMessage } from './kafka-test-consumer';

const partitions = 6;
let cluster: MockCluster;

function syntheticEvents(streams: number, perStream: number, offset = 0): StoredEvent[] {
  const events: StoredEvent[] = [];
  for (let revision = 0; revision < perStream; revision++) {
    for (let s = 0; s < streams; s++) {
      const position = String(offset + events.length + 1).padStart(20, '0');
      events.push({
        id: `evt-${offset}-${s}-${revision}`,
        type: 'ProductCountSet',
        streamId: `account-${s}`,
        revision,
        position,
        data: { count: revision },
        metadata: { correlationId: 'c', causationId: 'c', actor: 'test', command: 'SetProductCount', occurredAt: '2026-03-01T00:00:00.000Z', prevHash: '', hash: '' },
      });
    }
  }
  return events;
}

function revisionsByStream(messages: readonly ReceivedMessage[]): Map<string, number[]> {
  const byStream = new Map<string, number[]>();
  for (const message of messages) {
    const list = byStream.get(message.key) ?? [];
    list.push(message.value.revision as number);
    byStream.set(message.key, list);
  }
  return byStream;
}

describe('Kafka batch publisher on the mock cluster', () => {
  before(async () => {
    cluster = await startMockCluster({ brokerCount: 3, topics: [{ name: 'orders', partitions }, { name: 'outage', partitions: 3 }] });
  });
  after(async () => {
    await cluster?.stop();
  });

  test('given many streams over several partitions, when published in batches, then each stream arrives in revision order with CloudEvents headers', async () => {
    const kafka = createKafka({ brokers: cluster.brokers, clientId: 'publisher-test' });
    const publisher = new KafkaBatchPublisher(() => createProducer(kafka, { idempotent: false }), 'orders', { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined });
    const events = syntheticEvents(40, 10);
    for (let i = 0; i < events.length; i += 50) await publisher.publish(events.slice(i, i + 50));
    await publisher.close();

    const consumer = await startTestConsumer(cluster.brokers, 'orders');
    try {
      await consumer.waitFor((received) => received.length >= events.length);
      const byStream = revisionsByStream(consumer.received);
      assert.equal(byStream.size, 40);
      for (const revisions of byStream.values()) assert.deepEqual(revisions, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
      assert.ok(new Set(consumer.received.map((m) => m.partition)).size > 1, 'streams spread over several partitions');
      const first = consumer.received.find((m) => m.key === 'account-3' && m.value.revision === 0);
      assert.deepEqual(first?.headers, {
        ce_specversion: '1.0',
        ce_id: 'evt-0-3-0',
        ce_type: 'ProductCountSet',
        ce_source: 'billing-ledger',
        ce_time: '2026-03-01T00:00:00.000Z',
        ce_subject: 'account-3',
        'content-type': 'application/json',
      });
    } finally {
      await consumer.stop();
    }
  });

  test('given every broker down, when a batch is published with retries, then it fails until the brokers return and is then acknowledged', async () => {
    const kafka = createKafka({ brokers: cluster.brokers, clientId: 'outage-test' });
    const publisher = new KafkaBatchPublisher(() => createProducer(kafka, { idempotent: false }), 'outage', { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined });
    await publisher.publish(syntheticEvents(3, 1));
    await cluster.brokerDown(-1);
    const failures: number[] = [];
    const batch = syntheticEvents(3, 2, 1000).slice(3);
    const sending = retryWithBackoff(() => publisher.publish(batch), { initialDelayMs: 100, maxDelayMs: 500, maxAttempts: 20 }, new AbortController().signal, (_e, attempt) => {
      failures.push(attempt);
    });
    try {
      await poll(() => failures.length >= 2, 20_000, () => 'publishing kept succeeding while every broker was down');
    } finally {
      await cluster.brokerUp(-1);
      await sending;
    }
    await publisher.close();

    const consumer = await startTestConsumer(cluster.brokers, 'outage');
    try {
      await consumer.waitFor((received) => received.length >= 6);
      const byStream = revisionsByStream(consumer.received);
      for (const revisions of byStream.values()) assert.deepEqual(revisions, [0, 1]);
    } finally {
      await consumer.stop();
    }
  });
});
