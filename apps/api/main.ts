/** The HTTP API alone, for the distributed setup; a worker process keeps its read models. */
import 'reflect-metadata';
import { loadConfig, ConfigError } from '../../libs/infra/config/config';
import { createRuntime } from '../../libs/infra/runtime';
import { onShutdown } from '../../libs/infra/shutdown';
import { createApiApp } from './create-api-app';

async function main(): Promise<void> {
  const config = loadConfig();
  const runtime = await createRuntime(config);
  const app = await createApiApp(runtime);
  await app.listen({ port: config.port, host: config.host });
  runtime.logger.info({ port: config.port }, 'api listening');
  onShutdown(async () => {
    await app.close();
    await runtime.close();
  });
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(error instanceof ConfigError ? 2 : 1);
});
