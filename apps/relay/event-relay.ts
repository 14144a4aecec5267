import type { Pool } from 'pg';
import type { EventStore, ReadAllFilter, StoredEvent, Subscription } from '../../libs/event-store/event-store.port';
import { createKafka, createProducer, silentLogger, type KafkaLogger } from '../../libs/infra/kafka/kafka-client';
import { KafkaBatchPublisher } from './kafka-batch.publisher';
import { RelayCheckpointStore } from './relay-checkpoint.store';
import { relayBatchSeconds, relayEventsPublished, relayLagEvents, relayLagSeconds, relayPublishErrors } from './relay.metrics';
import { defaultRetryPolicy, retryWithBackoff, RetryAborted, type RetryPolicy } from './retry-with-backoff';

export const DEFAULT_TOPIC = 'billing.events.v1';

export interface EventRelayOptions {
  readonly eventStore: EventStore;
  /** PostgreSQL holding relay_checkpoints (migration 0010). */
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

/** Cap on how many unpublished events one lag sample reads. */
const LAG_SAMPLE_MAX = 10_000;

/**
 * Publishes every stored event to Kafka, at least once and in order per stream. A catch-up
 * subscription starts after the durable checkpoint; each batch is sent, acknowledged, and only
 * then checkpointed. While the broker is down the same batch is retried with backoff, so the
 * relay waits and never skips. A crash between acknowledgement and checkpoint re-sends that one
 * batch on restart; consumers dedupe on the event id (`ce_id`).
 */
export class EventRelay {
  readonly name: string;
  private readonly topic: string;
  private readonly checkpoints: RelayCheckpointStore;
  private readonly publisher: KafkaBatchPublisher;
  private readonly logger: KafkaLogger;
  private readonly retry: RetryPolicy;
  private readonly abort = new AbortController();
  private subscription: Subscription | undefined;
  private lagTimer: NodeJS.Timeout | undefined;
  private checkpoint: string | undefined;
  private stopping = false;

  constructor(private readonly options: EventRelayOptions) {
    this.name = options.name ?? 'kafka';
    this.topic = options.topic ?? DEFAULT_TOPIC;
    this.logger = options.logger ?? silentLogger;
    this.retry = options.retry ?? defaultRetryPolicy;
    this.checkpoints = new RelayCheckpointStore(options.pool);
    const kafka = createKafka({ brokers: options.brokers, clientId: options.clientId ?? 'billing-ledger-relay', logger: this.logger });
    this.publisher = new KafkaBatchPublisher(() => createProducer(kafka, { idempotent: options.idempotent ?? true }), this.topic, this.logger);
  }

  /** Loads the checkpoint and starts publishing; resolves once the subscription runs. */
  async start(): Promise<void> {
    if (this.subscription) throw new Error(`relay ${this.name} already started`);
    this.checkpoint = await this.checkpoints.load(this.name);
    this.logger.info({ relay: this.name, topic: this.topic, after: this.checkpoint ?? null }, 'relay starting');
    this.subscription = this.options.eventStore.subscribe(this.checkpoint, (events) => this.handleBatch(events), {
      batchSize: this.options.batchSize ?? 500,
      filter: this.options.filter,
      onError: (error) => {
        if (!(error instanceof RetryAborted)) this.logger.error({ relay: this.name, err: error }, 'relay stopped on an error');
      },
    });
    const interval = this.options.lagIntervalMs ?? 5_000;
    if (interval > 0) {
      this.lagTimer = setInterval(() => void this.sampleLag().catch(() => undefined), interval);
      this.lagTimer.unref();
    }
  }

  /** Resolves when the relay stopped cleanly; rejects if it stopped on an error. */
  get done(): Promise<void> {
    if (!this.subscription) return Promise.reject(new Error(`relay ${this.name} not started`));
    return this.subscription.done.catch((error: unknown) => {
      if (!(this.stopping && error instanceof RetryAborted)) throw error;
    });
  }

  /** The position of the last acknowledged and checkpointed event. */
  get position(): string | undefined {
    return this.checkpoint;
  }

  /** Stops after the batch in hand (or abandons a batch that is waiting for the broker). */
  async stop(): Promise<void> {
    this.stopping = true;
    this.abort.abort();
    if (this.lagTimer) clearInterval(this.lagTimer);
    if (this.subscription) {
      await this.subscription.stop().catch(() => undefined);
      await this.done.catch(() => undefined);
    }
    await this.publisher.close().catch(() => undefined);
    this.logger.info({ relay: this.name, position: this.checkpoint ?? null }, 'relay stopped');
  }

  /** Reads up to LAG_SAMPLE_MAX unpublished events to set the lag gauges; also returns them. */
  async sampleLag(): Promise<{ events: number; seconds: number }> {
    const pending = await this.options.eventStore.readAll({ after: this.checkpoint, maxCount: LAG_SAMPLE_MAX, filter: this.options.filter });
    const oldest = pending[0]?.metadata.occurredAt;
    const seconds = oldest ? Math.max(0, (Date.now() - Date.parse(oldest)) / 1000) : 0;
    relayLagEvents.set({ relay: this.name }, pending.length);
    relayLagSeconds.set({ relay: this.name }, seconds);
    return { events: pending.length, seconds };
  }

  private async handleBatch(events: readonly StoredEvent[]): Promise<void> {
    if (events.length === 0) return;
    const endTimer = relayBatchSeconds.startTimer({ relay: this.name });
    const last = events[events.length - 1].position;
    await retryWithBackoff(() => this.publisher.publish(events), this.retry, this.abort.signal, (error, attempt, delayMs) =>
      this.reportFailure('publish', error, attempt, delayMs, events),
    );
    relayEventsPublished.inc({ relay: this.name }, events.length);
    await this.options.onBatchPublished?.(events);
    await retryWithBackoff(() => this.checkpoints.save(this.name, last), this.retry, this.abort.signal, (error, attempt, delayMs) =>
      this.reportFailure('checkpoint', error, attempt, delayMs, events),
    );
    this.checkpoint = last;
    endTimer();
  }

  private reportFailure(step: string, error: unknown, attempt: number, delayMs: number, events: readonly StoredEvent[]): void {
    relayPublishErrors.inc({ relay: this.name });
    this.logger.warn(
      {
        relay: this.name,
        step,
        attempt,
        retryInMs: delayMs,
        batchSize: events.length,
        firstPosition: events[0].position,
        err: error instanceof Error ? { name: error.name, message: error.message } : String(error),
      },
      `relay ${step} failed; retrying the same batch`,
    );
  }
}
