import type { ApiExtras } from '../api/api.module';
import { ClockController } from '../api/admin/clock.controller';
import { BillingCommands } from '../../libs/application/commands/billing-commands';
import { ProjectionRunner } from '../../libs/infra/projections/projection-runner';
import type { Runtime } from '../../libs/infra/runtime';
import { ALL_PROJECTIONS } from '../../projections/all-projections';
import { DueWorkRunner } from '../../libs/application/due-work/due-work.runner';
import { createPaymentGateways } from '../../libs/payments/payment-gateways.factory';
import { PaymentCollector } from '../../libs/application/payments/collector';
import { StripeWebhookProcessor } from '../../libs/application/payments/stripe-webhook.processor';

/**
 * The worker: keeps the read models up to date and runs the work that falls due with time.
 * Returns what the API needs from it when both run in one process (the manual clock's endpoint
 * drives this worker's due-work runner).
 */
export interface RunningWorker {
  readonly projections: ProjectionRunner;
  readonly dueWork: DueWorkRunner;
  readonly collector: PaymentCollector;
  readonly apiExtras: ApiExtras;
  stop(): Promise<void>;
}

export async function startWorker(runtime: Runtime): Promise<RunningWorker> {
  const projections = new ProjectionRunner(runtime.pool, runtime.store, ALL_PROJECTIONS, runtime.logger);
  await projections.start();
  const commands = new BillingCommands(runtime.store, runtime.clock);
  const { config } = runtime;
  const gateways = createPaymentGateways({ stripeSecretKey: config.stripeSecretKey, stripeApiBase: config.stripeApiBase, timeoutMs: 15_000, maxNetworkRetries: 2 });
  const webhooks = new StripeWebhookProcessor(runtime.pool, runtime.store, commands, runtime.clock, runtime.logger);
  const collector = new PaymentCollector(runtime.pool, runtime.store, commands, gateways, webhooks, runtime.logger);
  await collector.start();
  const dueWork = new DueWorkRunner(runtime.pool, runtime.store, commands, runtime.clock, runtime.logger);
  const manualClock = runtime.config.clock === 'manual';
  if (!manualClock) dueWork.startPolling();
  return {
    projections,
    dueWork,
    collector,
    apiExtras: manualClock ? { controllers: [ClockController], providers: [{ provide: DueWorkRunner, useValue: dueWork }] } : {},
    stop: async () => {
      await dueWork.stop();
      await collector.stop();
      await projections.stop();
    },
  };
}
