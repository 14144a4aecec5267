import type { Provider, Type } from '@nestjs/common';
import { BillingCommands } from '../../../libs/application/commands/billing-commands';
import { Refunds } from '../../../libs/application/payments/refunds';
import { PAYMENT_GATEWAYS } from '../../../libs/application/payments/payments.tokens';
import { StripeWebhookProcessor } from '../../../libs/application/payments/stripe-webhook.processor';
import type { Runtime } from '../../../libs/infra/runtime';
import { createPaymentGateways } from '../../../libs/payments/payment-gateways.factory';
import { PayNowController } from './pay-now.controller';
import { PaymentsController } from './payments.controller';
import { StripeWebhooksController } from './stripe-webhooks.controller';

/** The payments feature's controllers and providers, registered by ApiModule. */
export const PAYMENT_CONTROLLERS: Type[] = [PaymentsController, PayNowController, StripeWebhooksController];

export function paymentProviders(runtime: Runtime): Provider[] {
  const { config } = runtime;
  const gateways = createPaymentGateways({ stripeSecretKey: config.stripeSecretKey, stripeApiBase: config.stripeApiBase, timeoutMs: 15_000, maxNetworkRetries: 2 });
  return [
    { provide: PAYMENT_GATEWAYS, useValue: gateways },
    {
      provide: StripeWebhookProcessor,
      useFactory: (commands: BillingCommands) => new StripeWebhookProcessor(runtime.pool, runtime.store, commands, runtime.clock, runtime.logger),
      inject: [BillingCommands],
    },
    {
      provide: Refunds,
      useFactory: (commands: BillingCommands) => new Refunds(runtime.pool, runtime.store, commands, gateways, runtime.clock),
      inject: [BillingCommands],
    },
  ];
}
