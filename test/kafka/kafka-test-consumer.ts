import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, Partitioners, type Consumer } from 'kafkajs';

/** What a test consumer saw of one Kafka message. */
export interface ReceivedMessage {
  readonly partition: number;
  readonly offset: string;
  readonly key: string;
  readonly value: Record<string, unknown>;
  readonly headers: Record<string, string>;
  /**
   * The producer id of the record batch the message came in: -1 unless an idempotent (or
   * transactional) producer wrote it. kafkajs decodes it but leaves it out of its types.
   */
  readonly producerId: string;
}

export interface TestConsumer {
  readonly received: ReceivedMessage[];
  /** Resolves once `predicate` holds for what was received, or rejects after `timeoutMs`. */
  waitFor(predicate: (received: readonly ReceivedMessage[]) => boolean, timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

/** A consumer group of its own reading the topic from the beginning, as a downstream service would. */
export async function startTestConsumer(brokers: readonly string[], topic: string): Promise<TestConsumer> {
  const kafka = new Kafka({ clientId: 'test-consumer', brokers: [...brokers], logLevel: logLevel.NOTHING });
  const consumer: Consumer = kafka.consumer({ groupId: `test-${randomUUID()}`, sessionTimeout: 10_000, heartbeatInterval: 1_000 });
  const received: ReceivedMessage[] = [];
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ partition, message }) => {
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(message.headers ?? {})) headers[name] = String(value);
      received.push({
        partition,
        offset: message.offset,
        key: message.key?.toString() ?? '',
        value: JSON.parse(message.value?.toString() ?? 'null') as Record<string, unknown>,
        headers,
        producerId: (message as { batchContext?: { producerId?: string } }).batchContext?.producerId ?? '-1',
      });
    },
  });
  return {
    received,
    waitFor: (predicate, timeoutMs = 30_000) => poll(() => predicate(received), timeoutMs, () => `only ${received.length} messages received`),
    stop: () => consumer.disconnect(),
  };
}

/** Each stream's revisions in the order its messages arrived. */
export function revisionsByStream(messages: readonly ReceivedMessage[]): Map<string, number[]> {
  const byStream = new Map<string, number[]>();
  for (const message of messages) byStream.set(message.key, [...(byStream.get(message.key) ?? []), message.value.revision as number]);
  return byStream;
}

export const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

export async function poll(condition: () => boolean, timeoutMs: number, describe: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms: ${describe()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** How many messages the topic holds: the sum of its partitions' high watermarks. */
export async function topicMessageCount(brokers: readonly string[], topic: string): Promise<number> {
  const admin = new Kafka({ clientId: 'test-admin', brokers: [...brokers], logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    const offsets = await admin.fetchTopicOffsets(topic);
    return offsets.reduce((sum, partition) => sum + Number(partition.high) - Number(partition.low), 0);
  } finally {
    await admin.disconnect();
  }
}

/**
 * The broker leading the partition that `key` goes to, as the producer's partitioner picks it.
 * The mock cluster chooses partition leaders at random, so an outage test asks rather than assumes.
 */
export async function leaderForKey(brokers: readonly string[], topic: string, key: string): Promise<{ partition: number; leader: number }> {
  const admin = new Kafka({ clientId: 'test-admin', brokers: [...brokers], logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });
    const partitionMetadata = topics[0].partitions;
    const partition = Partitioners.DefaultPartitioner()({ topic, partitionMetadata, message: { key, value: null } });
    const leader = partitionMetadata.find((p) => p.partitionId === partition)?.leader;
    if (leader === undefined) throw new Error(`no leader for ${topic}[${partition}]`);
    return { partition, leader };
  } finally {
    await admin.disconnect();
  }
}
