import { BillingCommands } from '../../libs/application/commands/billing-commands';
import { ProjectionRunner } from '../../libs/infra/projections/projection-runner';
import type { Runtime } from '../../libs/infra/runtime';
import { ALL_PROJECTIONS } from '../../projections/all-projections';
import { DueWorkRunner } from '../../libs/application/due-work/due-work.runner';
import { createPaymentGateways } from '../../libs/payments/payment-gateways.factory';
import { PaymentCollector } from '../../libs/application/payments/collector';
import { StripeWebhookProcessor } from '../../libs/application/payments/stripe-webhook.processor';
import { startWebhookDelivery, type RunningWebhooks } from '../../libs/application/webhooks/webhook-delivery';
import { startEmailDelivery, type RunningEmail } from '../../libs/application/email/email-delivery';
import { CouponCommands } from '../../libs/application/coupons/coupon-commands';
import { RedemptionCompleter } from '../../libs/application/coupons/redemption-completer';

/**
 * The worker: keeps the read models up to date, collects payments, sends webhooks and email, and
 * runs the work that falls due with time (polling under the system clock; under the manual clock
 * the api's clock endpoint drives its own runner of the same use case).
 */
export interface RunningWorker {
  readonly projections: ProjectionRunner;
  readonly dueWork: DueWorkRunner;
  readonly collector: PaymentCollector;
  /** Absent when WORKER_FOLLOWS leaves the notifications to another worker. */
  readonly webhooks: RunningWebhooks | undefined;
  readonly email: RunningEmail | undefined;
  readonly redemptions: RedemptionCompleter;
  stop(): Promise<void>;
}

export async function startWorker(runtime: Runtime): Promise<RunningWorker> {
  const { config } = runtime;
  const projections = new ProjectionRunner(runtime.pool, runtime.store, ALL_PROJECTIONS, runtime.logger);
  if (config.workerFollows.includes('read-models')) await projections.start();
  const commands = new BillingCommands(runtime.store, runtime.clock);
  const gateways = createPaymentGateways({ stripeSecretKey: config.stripeSecretKey, stripeApiBase: config.stripeApiBase, timeoutMs: 15_000, maxNetworkRetries: 2 });
  const webhooks = new StripeWebhookProcessor(runtime.pool, runtime.store, commands, runtime.clock, runtime.logger);
  const collector = new PaymentCollector(runtime.pool, runtime.store, commands, gateways, webhooks, runtime.logger);
  if (config.workerFollows.includes('collector')) await collector.start();
  const dueWork = new DueWorkRunner(runtime.pool, runtime.store, commands, runtime.clock, runtime.logger, { share: config.workerShare });
  if (runtime.config.clock !== 'manual') dueWork.startPolling();
  const redemptions = new RedemptionCompleter(runtime.pool, new CouponCommands(runtime.store, runtime.clock, commands), runtime.logger);
  redemptions.start();
  const notifying = config.workerFollows.includes('notifications');
  const webhookDelivery = notifying ? await startWebhookDelivery(runtime) : undefined;
  const email = notifying ? await startEmailDelivery(runtime) : undefined;
  return {
    projections,
    dueWork,
    collector,
    webhooks: webhookDelivery,
    email,
    redemptions,
    stop: async () => {
      await email?.stop();
      await webhookDelivery?.stop();
      await redemptions.stop();
      await dueWork.stop();
      await collector.stop();
      await projections.stop();
    },
  };
}
