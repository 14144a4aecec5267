import { Counter, Gauge } from 'prom-client';
import { metricsRegistry } from '../http/metrics';

/** Every feed follower's lag and retries on /metrics, labelled by follower name (relay, webhooks, email). */
export const followerLagEvents = new Gauge({
  name: 'feed_follower_lag_events',
  help: 'Events in the store after the follower checkpoint (sampled, capped at the sample size).',
  labelNames: ['follower'],
  registers: [metricsRegistry],
});

export const followerLagSeconds = new Gauge({
  name: 'feed_follower_lag_seconds',
  help: 'Age of the oldest event the follower has not handled yet, by its occurredAt; 0 when caught up.',
  labelNames: ['follower'],
  registers: [metricsRegistry],
});

export const followerRetries = new Counter({
  name: 'feed_follower_retries_total',
  help: 'Failed attempts to handle a batch or save its checkpoint; each is retried with backoff.',
  labelNames: ['follower', 'step'],
  registers: [metricsRegistry],
});
