import type { Runtime } from '../../libs/infra/runtime';
import { EventRelay, type EventRelayOptions } from './event-relay';

/**
 * Starts the relay on the shared runtime when KAFKA_BROKERS is set (api.md, "Configuration");
 * used both by `npm start` in one process and by apps/relay/main.ts alone.
 */
export async function startRelay(runtime: Runtime, overrides: Partial<EventRelayOptions> = {}): Promise<EventRelay | undefined> {
  const { config } = runtime;
  if (config.kafkaBrokers.length === 0) return undefined;
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
