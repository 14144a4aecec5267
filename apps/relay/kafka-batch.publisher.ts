import type { Producer } from 'kafkajs';
import type { StoredEvent } from '../../libs/event-store/event-store.port';
import type { KafkaLogger } from '../../libs/infra/kafka/kafka-client';
import { toKafkaRecord } from './event-envelope';

/**
 * Sends one batch of events in a single produce call and resolves only when the broker has
 * acknowledged every message (acks from all in-sync replicas). A failure rejects the whole call;
 * the caller then sends the same batch again, so a partial success only ever causes duplicates.
 *
 * After a failure the producer is thrown away and the next attempt starts a fresh one: an
 * idempotent producer whose request failed half-way can be left with sequence numbers the broker
 * rejects for good, and a fresh producer id clears that.
 */
export class KafkaBatchPublisher {
  private producer: Producer | undefined;

  constructor(
    private readonly createProducer: () => Producer,
    private readonly topic: string,
    private readonly logger: KafkaLogger,
  ) {}

  async publish(events: readonly StoredEvent[]): Promise<void> {
    if (events.length === 0) return;
    const messages = events.map((event) => {
      const record = toKafkaRecord(event);
      return { key: record.key, value: record.value, headers: record.headers };
    });
    try {
      const producer = await this.connected();
      await producer.send({ topic: this.topic, acks: -1, messages });
    } catch (error) {
      await this.discardProducer();
      throw error;
    }
    this.logger.debug({ topic: this.topic, count: events.length, lastPosition: events[events.length - 1].position }, 'batch acknowledged');
  }

  async close(): Promise<void> {
    await this.discardProducer();
  }

  private async connected(): Promise<Producer> {
    if (this.producer) return this.producer;
    const producer = this.createProducer();
    this.producer = producer;
    await producer.connect();
    return producer;
  }

  private async discardProducer(): Promise<void> {
    const producer = this.producer;
    this.producer = undefined;
    await producer?.disconnect().catch(() => undefined);
  }
}
