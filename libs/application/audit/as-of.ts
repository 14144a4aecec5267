import type { StoredEvent } from '../../event-store/event-store.port';

/**
 * What the ledger knew of a stream at an instant: its events from the first up to, not including,
 * the first one stamped after `asOf`. A prefix and never a filter: a stream is only meaningful in
 * order, and a prefix of a sound stream always folds. A filter would fold a later event without the
 * ones before it whenever a stream holds a stamp earlier than its predecessor's (written before the
 * command loop refused that, and reported by verify), and the fold would fail its assertions.
 */
export function recordedAsOf(events: readonly StoredEvent[], asOf: Date | undefined): StoredEvent[] {
  if (asOf === undefined) return [...events];
  const limit = asOf.getTime();
  const later = events.findIndex((event) => !(Date.parse(event.metadata.occurredAt) <= limit));
  return later < 0 ? [...events] : events.slice(0, later);
}

/** An `asOf` query value as an instant; undefined when absent, NaN-free or refused. */
export function parseAsOf(asOf: string | undefined): Date | undefined | 'invalid' {
  if (asOf === undefined) return undefined;
  const instant = new Date(asOf);
  return Number.isNaN(instant.getTime()) ? 'invalid' : instant;
}
