import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/**
 * The relay's Prometheus metrics, labelled by relay name. They are created without a registry so
 * that tests can run several relays in one process; the /metrics endpoint registers them once
 * with `registerRelayMetrics`.
 */
export const relayLagEvents = new Gauge({
  name: 'relay_lag_events',
  help: 'Events in the store not yet acknowledged by Kafka (sampled, capped at the sample size).',
  labelNames: ['relay'],
  registers: [],
});

export const relayLagSeconds = new Gauge({
  name: 'relay_lag_seconds',
  help: 'Age of the oldest event not yet acknowledged by Kafka, by its occurredAt; 0 when caught up.',
  labelNames: ['relay'],
  registers: [],
});

export const relayEventsPublished = new Counter({
  name: 'relay_events_published_total',
  help: 'Events acknowledged by Kafka (a batch replayed after a crash counts again).',
  labelNames: ['relay'],
  registers: [],
});

export const relayPublishErrors = new Counter({
  name: 'relay_publish_errors_total',
  help: 'Failed attempts to publish a batch or save the checkpoint; each is retried.',
  labelNames: ['relay'],
  registers: [],
});

export const relayBatchSeconds = new Histogram({
  name: 'relay_batch_duration_seconds',
  help: 'Time from receiving a batch to its saved checkpoint, retries included.',
  labelNames: ['relay'],
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  registers: [],
});

export const relayMetrics = [relayLagEvents, relayLagSeconds, relayEventsPublished, relayPublishErrors, relayBatchSeconds] as const;

const registered = new WeakSet<Registry>();

/** Idempotent, so the in-process and the standalone relay can both call it. */
export function registerRelayMetrics(registry: Registry): void {
  if (registered.has(registry)) return;
  for (const metric of relayMetrics) registry.registerMetric(metric);
  registered.add(registry);
}
