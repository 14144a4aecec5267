import { Counter } from 'prom-client';
import { metricsRegistry } from '../../infra/http/metrics';

/** Counters for the payment side, served at /metrics with the rest. */
export const stripeWebhooksTotal = new Counter({
  name: 'stripe_webhooks_total',
  help: 'Verified Stripe webhook events by type and what the ledger did with them',
  labelNames: ['type', 'outcome'] as const,
  registers: [metricsRegistry],
});

export const stripeWebhooksRejectedTotal = new Counter({
  name: 'stripe_webhooks_rejected_total',
  help: 'Stripe webhook deliveries refused before anything was recorded, by reason',
  labelNames: ['reason'] as const,
  registers: [metricsRegistry],
});

export const paymentCollectionsTotal = new Counter({
  name: 'payment_collections_total',
  help: 'Charges the collector attempted, by gateway and outcome',
  labelNames: ['gateway', 'outcome'] as const,
  registers: [metricsRegistry],
});
