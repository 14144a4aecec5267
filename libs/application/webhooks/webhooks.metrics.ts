import { Counter, Histogram } from 'prom-client';
import { metricsRegistry } from '../../infra/http/metrics';

/** Webhook attempts on /metrics: how each ended and how long the endpoint took. */
export const webhookAttempts = new Counter({
  name: 'webhook_deliveries_total',
  help: 'Webhook delivery attempts by outcome: succeeded, retrying (failed, another attempt scheduled) or failed (schedule exhausted).',
  labelNames: ['outcome'],
  registers: [metricsRegistry],
});

export const webhookAttemptSeconds = new Histogram({
  name: 'webhook_delivery_duration_seconds',
  help: 'Time from sending a webhook to its answer (or the timeout).',
  buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 15],
  registers: [metricsRegistry],
});
