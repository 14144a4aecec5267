import type { Producer } from 'kafkajs';
import type { StoredEvent } from '../../libs/event-store/event-store.port';
import type { KafkaLogger } from '../../libs/infra/kafka/kafka-client';
import { toKafkaRecord } from './event-envelope';

/**
 * Sends one batch of events in a single produce call and resolves only when the broker has
 * acknowledged every message (acks from all in-sync replicas). A failure rejects the whole call;
 * the caller then sends the same batch again, so a partial success only ever causes duplicates.
 */
export class KafkaBatchPublisher {
  private connected = false;

  constructor(
    private readonly producer: Producer,
    private readonly topic: string,
    private readonly logger: KafkaLogger,
  ) {
    producer.on(producer.events.CONNECT, () => {
      this.connected = true;
    });
    producer.on(producer.events.DISCONNECT, () => {
      this.connected = false;
    });
  }

  async publish(events: readonly StoredEvent[]): Promise<void> {
    if (events.length === 0) return;
    // A producer that failed to connect (broker down at start) is connected again on each attempt.
    if (!this.connected) await this.producer.connect();
    const messages = events.map((event) => {
      const record = toKafkaRecord(event);
      return { key: record.key, value: record.value, headers: record.headers };
    });
    await this.producer.send({ topic: this.topic, acks: -1, messages });
    this.logger.debug({ topic: this.topic, count: events.length, lastPosition: events[events.length - 1].position }, 'batch acknowledged');
  }

  async close(): Promise<void> {
    await this.producer.disconnect();
  }
}
