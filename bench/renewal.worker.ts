/**
 * One worker process of the renewal-day benchmark (forked by renewal.bench.ts), composed as
 * apps/worker composes it: a DueWorkRunner for its share of the accounts (WORKER_SHARE) and, in
 * the process that follows the feed, the read models and the payment collector. It waits for
 * `run`, moves its manual clock to the instant given and runs the due work; it answers `cpu` with
 * the CPU seconds it has used, and exits on `stop`.
 */
import 'reflect-metadata';
import { BillingCommands } from '../libs/application/commands/billing-commands';
import { DueWorkRunner } from '../libs/application/due-work/due-work.runner';
import { PaymentCollector } from '../libs/application/payments/collector';
import { createPaymentGateways } from '../libs/payments/payment-gateways.factory';
import { ManualClock } from '../libs/infra/clock/clock';
import { loadConfig } from '../libs/infra/config/config';
import { ProjectionRunner } from '../libs/infra/projections/projection-runner';
import { createRuntime } from '../libs/infra/runtime';
import { ALL_PROJECTIONS } from '../projections/all-projections';
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
  });
  const clock = new ManualClock(RENEWAL_DAY_START);
  const runtime = await createRuntime(config, { clock });
  const commands = new BillingCommands(runtime.store, clock);
  const followsFeed = process.env.BENCH_RENEWAL_FOLLOWS_FEED === '1';
  const projections = new ProjectionRunner(runtime.pool, runtime.store, ALL_PROJECTIONS, runtime.logger);
  const collector = new PaymentCollector(runtime.pool, runtime.store, commands, createPaymentGateways(), undefined, runtime.logger);
  if (followsFeed) {
    await projections.start();
    await collector.start();
  }
  const dueWork = new DueWorkRunner(runtime.pool, runtime.store, commands, clock, runtime.logger, config.workerShare);
  const send = (reply: WorkerReply) => process.send?.(reply);
  process.on('message', (message: WorkerMessage) => {
    if (message.type === 'run') {
      clock.advanceTo(new Date(message.at));
      dueWork.runDue().then(
        (advanced) => send({ type: 'done', advanced }),
        (error: unknown) => send({ type: 'failed', error: error instanceof Error ? error.stack ?? error.message : String(error) }),
      );
    } else if (message.type === 'cpu') {
      const usage = process.cpuUsage();
      send({ type: 'cpu', seconds: (usage.user + usage.system) / 1e6 });
    } else {
      void (async () => {
        await collector.stop();
        await projections.stop();
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
