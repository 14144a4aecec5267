import { Counter } from 'prom-client';
import { metricsRegistry } from '../../infra/http/metrics';

/** Emails on /metrics by outcome: sent, failed (refused for good) or retried (an outage; the batch is tried again). */
export const emailsTotal = new Counter({
  name: 'emails_total',
  help: 'Emails by outcome: sent, failed (the server refused them for good), retried (the server was unreachable; tried again with backoff).',
  labelNames: ['outcome'],
  registers: [metricsRegistry],
});
