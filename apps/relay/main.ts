/**
 * The relay alone, for the distributed setup: publishes the ledger's events to Kafka and nothing
 * else. Exits non-zero if the relay stops on an error, so that a supervisor restarts it; the
 * restart resumes from the checkpoint.
 */
import { ConfigError, loadConfig } from '../../libs/infra/config/config';
import { createRuntime } from '../../libs/infra/runtime';
import { startRelay } from './start-relay';

async function main(): Promise<void> {
  const config = loadConfig();
  if (config.kafkaBrokers.length === 0) throw new ConfigError('KAFKA_BROKERS', 'is required to run the relay on its own');
  const runtime = await createRuntime(config);
  const relay = await startRelay(runtime);
  if (!relay) throw new Error('relay did not start');
  runtime.logger.info({ brokers: config.kafkaBrokers, topic: config.kafkaTopic }, 'relay running');

  let stopping = false;
  const shutdown = async (signal: string, code: number): Promise<void> => {
    if (stopping) return;
    stopping = true;
    runtime.logger.info({ signal }, 'relay shutting down');
    await relay.stop();
    await runtime.close();
    process.exit(code);
  };
  process.on('SIGINT', () => void shutdown('SIGINT', 0));
  process.on('SIGTERM', () => void shutdown('SIGTERM', 0));
  relay.done.catch((error: unknown) => {
    runtime.logger.error({ err: error }, 'relay failed');
    void shutdown('error', 1);
  });
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(2);
  }
  console.error(error);
  process.exit(1);
});
