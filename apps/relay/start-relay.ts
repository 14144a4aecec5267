import { metricsRegistry } from '../../libs/infra/http/metrics';
import type { Runtime } from '../../libs/infra/runtime';
import { EventRelay, type EventRelayOptions } from './event-relay';
import { registerRelayMetrics } from './relay.metrics';

/**
 * Starts the relay on the shared runtime when KAFKA_BROKERS is set (api.md, "Configuration");
 * used both by `npm start` in one process and by apps/relay/main.ts alone. Its metrics join the
 * service's registry, so the api's /metrics shows them when both run in one process.
 */
export async function startRelay(runtime: Runtime, overrides: Partial<EventRelayOptions> = {}): Promise<EventRelay | undefined> {
  const { config } = runtime;
  if (config.kafkaBrokers.length === 0) return undefined;
  registerRelayMetrics(metricsRegistry);
  const relay = new EventRelay({
    eventStore: runtime.store,
    pool: runtime.pool,
    brokers: config.kafkaBrokers,
    topic: config.kafkaTopic,
    idempotent: config.kafkaIdempotentProducer,
    logger: runtime.logger.child({ component: 'relay' }),
    ...overrides,
  });
  await relay.start();
  return relay;
}
