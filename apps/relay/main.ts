/**
 * The relay alone, for the distributed setup: publishes the ledger's events to Kafka and nothing
 * else. Exits non-zero if the relay stops on an error, so that a supervisor restarts it; the
 * restart resumes from the checkpoint.
 */
import { ConfigError, loadConfig } from '../../libs/infra/config/config';
import { createRuntime } from '../../libs/infra/runtime';
import { onShutdown, runEntryPoint } from '../../libs/infra/shutdown';
import { startRelay } from './start-relay';

async function main(): Promise<void> {
  const config = loadConfig();
  if (config.kafkaBrokers.length === 0) throw new ConfigError('KAFKA_BROKERS', 'is required to run the relay on its own');
  const runtime = await createRuntime(config);
  const relay = await startRelay(runtime);
  if (!relay) throw new Error('relay did not start');
  runtime.logger.info({ brokers: config.kafkaBrokers, topic: config.kafkaTopic }, 'relay running');

  const stop = async (): Promise<void> => {
    await relay.stop();
    await runtime.close();
  };
  onShutdown(async (signal) => {
    runtime.logger.info({ signal }, 'relay shutting down');
    await stop();
  });
  relay.done.catch(async (error: unknown) => {
    runtime.logger.error({ err: error }, 'relay failed');
    await stop().catch(() => undefined);
    process.exit(1);
  });
}

runEntryPoint(main);
