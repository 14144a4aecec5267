import { Kafka, logLevel, Partitioners, type LogEntry, type Producer } from 'kafkajs';
import { silentFollowerLogger, type FollowerLogger } from '../feed/feed-follower';

/** The slice of a pino logger that the Kafka pieces use: the feed followers' logger. */
export type KafkaLogger = FollowerLogger;

export const silentLogger: KafkaLogger = silentFollowerLogger;

export interface KafkaClientOptions {
  readonly brokers: readonly string[];
  readonly clientId: string;
  readonly logger?: KafkaLogger;
}

export interface ProducerOptions {
  /**
   * Exactly-once writes per partition. On for real Kafka; off for librdkafka's mock cluster,
   * which reports a controller id no broker has, so kafkajs cannot obtain a producer id there.
   */
  readonly idempotent: boolean;
}

export function createKafka(options: KafkaClientOptions): Kafka {
  const logger = options.logger ?? silentLogger;
  return new Kafka({
    clientId: options.clientId,
    brokers: [...options.brokers],
    logLevel: logLevel.WARN,
    logCreator: () => (entry) => forwardLog(logger, entry),
    // Connection attempts fail fast; the caller owns the longer backoff and logs each failure.
    connectionTimeout: 3_000,
    retry: { retries: 3, initialRetryTime: 200, maxRetryTime: 2_000 },
  });
}

/**
 * One request in flight per broker keeps each key's messages in order even when a request is
 * retried. kafkajs's own retries are bounded so that a down broker surfaces as an error to the
 * caller, which retries the same batch with its own backoff.
 */
export function createProducer(kafka: Kafka, options: ProducerOptions): Producer {
  return kafka.producer({
    idempotent: options.idempotent,
    maxInFlightRequests: 1,
    // The Java client's murmur2 partitioner, so consumers in any language agree on partitions.
    createPartitioner: Partitioners.DefaultPartitioner,
    retry: { retries: 3, initialRetryTime: 200, maxRetryTime: 2_000 },
  });
}

/**
 * kafkajs reports every refused connection as an error, a dozen per attempt while a broker is
 * down. The caller logs each failed attempt itself, so kafkajs's own lines go one level down.
 */
function forwardLog(logger: KafkaLogger, entry: LogEntry): void {
  const { message, ...fields } = entry.log;
  const record = { ...fields, kafkaNamespace: entry.namespace };
  if (entry.level === logLevel.ERROR) logger.warn(record, message);
  else if (entry.level === logLevel.WARN) logger.info(record, message);
  else logger.debug(record, message);
}
