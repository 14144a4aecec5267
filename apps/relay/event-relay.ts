import type { Pool } from 'pg';
import type { EventStore, ReadAllFilter, StoredEvent } from '../../libs/event-store/event-store.port';
import { FeedFollower, type FollowerLag } from '../../libs/infra/feed/feed-follower';
import type { RetryPolicy } from '../../libs/infra/feed/retry-with-backoff';
import { createKafka, createProducer, silentLogger, type KafkaLogger } from '../../libs/infra/kafka/kafka-client';
import { KafkaBatchPublisher } from './kafka-batch.publisher';
import { relayBatchSeconds, relayEventsPublished, relayLagEvents, relayLagSeconds, relayPublishErrors } from './relay.metrics';

export const DEFAULT_TOPIC = 'billing.events.v1';

export interface EventRelayOptions {
  readonly eventStore: EventStore;
  /** PostgreSQL holding feed_checkpoints (migration 0040). */
  readonly pool: Pool;
  readonly brokers: readonly string[];
  readonly topic?: string;
  readonly clientId?: string;
  /** Checkpoint row and metrics label; two relays with different names publish independently. */
  readonly name?: string;
  /** Idempotent producer: on for real Kafka (the default), off for librdkafka's mock cluster. */
  readonly idempotent?: boolean;
  readonly batchSize?: number;
  readonly filter?: ReadAllFilter;
  readonly retry?: RetryPolicy;
  /** How often the lag gauges are sampled; 0 turns sampling off. */
  readonly lagIntervalMs?: number;
  readonly logger?: KafkaLogger;
  /**
   * Called after the broker acknowledged a batch and before its checkpoint is saved: the one
   * moment a crash causes duplicates. Tests use it to crash there on purpose.
   */
  readonly onBatchPublished?: (events: readonly StoredEvent[]) => void | Promise<void>;
}

/**
 * Publishes every stored event to Kafka, at least once and in order per stream: a feed follower
 * (libs/infra/feed) whose batch handler is one acknowledged produce call. The follower owns the
 * checkpoint and the retries: while the broker is down the same batch is retried with backoff,
 * so the relay waits and never skips, and a crash between acknowledgement and checkpoint re-sends
 * that one batch on restart; consumers dedupe on the event id (`ce_id`).
 */
export class EventRelay {
  readonly name: string;
  private readonly publisher: KafkaBatchPublisher;
  private readonly follower: FeedFollower;

  constructor(options: EventRelayOptions) {
    this.name = options.name ?? 'kafka';
    const topic = options.topic ?? DEFAULT_TOPIC;
    const logger = options.logger ?? silentLogger;
    const kafka = createKafka({ brokers: options.brokers, clientId: options.clientId ?? 'billing-ledger-relay', logger });
    this.publisher = new KafkaBatchPublisher(() => createProducer(kafka, { idempotent: options.idempotent ?? true }), topic, logger);
    const relay = { relay: this.name };
    this.follower = new FeedFollower({
      name: this.name,
      store: options.eventStore,
      pool: options.pool,
      batchSize: options.batchSize ?? 500,
      filter: options.filter,
      retry: options.retry,
      lagIntervalMs: options.lagIntervalMs,
      logger,
      kind: 'relay',
      handleStep: 'publish',
      handle: (events) => this.publisher.publish(events),
      onBatchHandled: (events) => {
        relayEventsPublished.inc(relay, events.length);
        return options.onBatchPublished?.(events);
      },
      onAttemptFailed: () => relayPublishErrors.inc(relay),
      onBatchDone: (_events, seconds) => relayBatchSeconds.observe(relay, seconds),
      onLag: (lag) => {
        relayLagEvents.set(relay, lag.events);
        relayLagSeconds.set(relay, lag.seconds);
      },
    });
  }

  /** Loads the checkpoint and starts publishing; resolves once the subscription runs. */
  start(): Promise<void> {
    return this.follower.start();
  }

  /** Resolves when the relay has stopped. */
  get done(): Promise<void> {
    return this.follower.done;
  }

  /** The position of the last acknowledged and checkpointed event. */
  get position(): string | undefined {
    return this.follower.position;
  }

  /** Stops after the batch in hand (or abandons a batch that is waiting for the broker). */
  async stop(): Promise<void> {
    await this.follower.stop();
    await this.publisher.close().catch(() => undefined);
  }

  /** Reads up to 10 000 unpublished events to set the lag gauges; also returns the figures. */
  sampleLag(): Promise<FollowerLag> {
    return this.follower.sampleLag();
  }
}
