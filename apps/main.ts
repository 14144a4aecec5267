/**
 * `npm start`: the whole service in one process on embedded defaults — api, worker and, when
 * KAFKA_BROKERS is set, the relay. Each also runs alone (apps/api/main.ts, apps/worker/main.ts,
 * apps/relay/main.ts) for the distributed setup.
 */
import 'reflect-metadata';
import { loadConfig } from '../libs/infra/config/config';
import { createRuntime } from '../libs/infra/runtime';
import { onShutdown, runEntryPoint } from '../libs/infra/shutdown';
import { TokenService } from '../libs/infra/auth/auth';
import { createApiApp } from './api/create-api-app';
import { startWorker } from './worker/worker';
import { startRelay } from './relay/start-relay';

async function main(): Promise<void> {
  const config = loadConfig();
  const runtime = await createRuntime(config);
  const worker = await startWorker(runtime);
  const relay = await startRelay(runtime);
  const app = await createApiApp(runtime);
  await app.listen({ port: config.port, host: config.host });
  const url = `http://${config.host}:${(app.getHttpServer().address() as { port: number }).port}`;
  const adminToken = await new TokenService(config.jwtSecret).mint({ sub: 'admin', role: 'admin' }, 12 * 3600);
  runtime.logger.info({ url, docs: `${url}/docs`, clock: config.clock, eventStore: config.eventStore, relay: config.kafkaBrokers.length > 0 }, 'billing ledger ready');
  // Printed plainly (not only logged) so the person who ran `npm start` can copy them.
  // The sign-in link carries the token in its fragment, which the browser never sends to a server.
  process.stdout.write(`\nBilling ledger listening on ${url}  (OpenAPI: ${url}/docs)\nConsole: ${url}/#token=${adminToken}\nAdmin token (12 h): ${adminToken}\n\n`);

  onShutdown(async (signal) => {
    runtime.logger.info({ signal }, 'shutting down');
    await app.close();
    await worker.stop();
    await relay?.stop();
    await runtime.close();
  });
}

runEntryPoint(main);
