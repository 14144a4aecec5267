/** The worker alone, for the distributed setup: read models and due work, no HTTP API. */
import 'reflect-metadata';
import { loadConfig, ConfigError } from '../../libs/infra/config/config';
import { createRuntime } from '../../libs/infra/runtime';
import { onShutdown } from '../../libs/infra/shutdown';
import { startWorker } from './worker';

async function main(): Promise<void> {
  const runtime = await createRuntime(loadConfig());
  const worker = await startWorker(runtime);
  runtime.logger.info('worker running');
  onShutdown(async () => {
    await worker.stop();
    await runtime.close();
  });
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(error instanceof ConfigError ? 2 : 1);
});
