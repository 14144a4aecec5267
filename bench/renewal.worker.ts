/**
 * One worker process of the renewal-day benchmark (forked by renewal.bench.ts): apps/worker's
 * own composition (startWorker) with its share of the due work (WORKER_SHARE) and the feed's
 * followers it is given (WORKER_FOLLOWS), under a manual clock. It waits for
 * `run`, moves its manual clock to the instant given and runs the due work; it answers `cpu` with
 * the CPU seconds it has used, and exits on `stop`.
 */
import 'reflect-metadata';
import { startWorker } from '../apps/worker/worker';
import { ManualClock } from '../libs/infra/clock/clock';
import { loadConfig } from '../libs/infra/config/config';
import { createRuntime } from '../libs/infra/runtime';
import { RENEWAL_DAY_START } from './renewal-accounts';

export type WorkerMessage = { type: 'run'; at: string } | { type: 'cpu' } | { type: 'stop' };
export type WorkerReply = { type: 'ready' } | { type: 'done'; advanced: number } | { type: 'cpu'; seconds: number } | { type: 'failed'; error: string };

async function main(): Promise<void> {
  const config = loadConfig({
    DATABASE_URL: process.env.BENCH_RENEWAL_DATABASE_URL,
    JWT_SECRET: 'bench-secret-that-is-long-enough-for-hs256-0123456789',
    LOG_LEVEL: 'silent',
    BILLING_CLOCK: 'manual',
    WORKER_SHARE: process.env.WORKER_SHARE,
    WORKER_FOLLOWS: process.env.WORKER_FOLLOWS,
  });
  const clock = new ManualClock(RENEWAL_DAY_START);
  const runtime = await createRuntime(config, { clock });
  const worker = await startWorker(runtime);
  const send = (reply: WorkerReply) => process.send?.(reply);
  process.on('message', (message: WorkerMessage) => {
    if (message.type === 'run') {
      clock.advanceTo(new Date(message.at));
      worker.dueWork.runDue().then(
        (advanced) => send({ type: 'done', advanced }),
        (error: unknown) => send({ type: 'failed', error: error instanceof Error ? error.stack ?? error.message : String(error) }),
      );
    } else if (message.type === 'cpu') {
      const usage = process.cpuUsage();
      send({ type: 'cpu', seconds: (usage.user + usage.system) / 1e6 });
    } else {
      void (async () => {
        await worker.stop();
        await runtime.close();
        process.exit(0);
      })();
    }
  });
  send({ type: 'ready' });
}

main().catch((error: unknown) => {
  process.send?.({ type: 'failed', error: error instanceof Error ? error.stack ?? error.message : String(error) });
  process.exit(1);
});
