import type { Pool, PoolClient } from 'pg';
import { toEnvelope } from '../../event-store/event-envelope';
import type { StoredEvent } from '../../event-store/event-store.port';
import type { Clock } from '../../infra/clock/clock';
import type { BatchHandler } from '../../infra/feed/feed-follower';
import { inTransaction } from '../../infra/projections/projection-batch';
import { uuidV7 } from '../commands/uuid-v7';

/** The webhook follower's checkpoint name in feed_checkpoints. */
export const WEBHOOK_FOLLOWER = 'webhooks';

interface EndpointRow {
  readonly id: string;
  readonly event_types: string[];
  readonly status: string;
  readonly position: string;
}

export function matchesEventTypes(eventTypes: readonly string[], type: string): boolean {
  return eventTypes.includes('*') || eventTypes.includes(type);
}

/**
 * The webhook follower's batch handler: records one pending delivery per matching event and
 * enabled endpoint, and moves each endpoint's own checkpoint past the batch, in one transaction.
 * Only database work, so a slow or dead endpoint never holds up the feed: the dispatcher sends
 * what is recorded. The endpoint rows are locked first, so two workers record each delivery
 * once, and an endpoint skips what its checkpoint has seen (it was created after it, or a
 * redelivered batch). A disabled endpoint's checkpoint moves too: it is not sent what happened
 * while it was off.
 */
export function webhookFanOut(pool: Pool, clock: Clock, onRecorded: () => void): BatchHandler {
  return async (events) => {
    const last = events[events.length - 1].position;
    const recorded = await inTransaction(pool, async (client) => {
      const { rows: endpoints } = await client.query<EndpointRow>('SELECT id, event_types, status, position FROM webhook_endpoints ORDER BY id FOR UPDATE');
      const deliveries = endpoints.filter((endpoint) => endpoint.status === 'enabled').flatMap((endpoint) => deliveriesFor(endpoint, events));
      if (deliveries.length > 0) await record(client, deliveries, clock.now());
      await client.query(`UPDATE webhook_endpoints SET position = $1 WHERE position COLLATE "C" < $1 COLLATE "C"`, [last]);
      return deliveries.length;
    });
    if (recorded > 0) onRecorded();
  };
}

/** The deliveries, and each event's body once however many endpoints it goes to. */
async function record(client: PoolClient, deliveries: ReadonlyArray<{ endpointId: string; event: StoredEvent }>, now: Date): Promise<void> {
  const events = [...new Map(deliveries.map((d) => [d.event.id, d.event])).values()];
  await client.query(
    `INSERT INTO webhook_payloads (event_id, payload) SELECT * FROM unnest($1::text[], $2::text[]) ON CONFLICT (event_id) DO NOTHING`,
    [events.map((event) => event.id), events.map((event) => JSON.stringify(toEnvelope(event)))],
  );
  await client.query(
    `INSERT INTO webhook_deliveries (id, endpoint_id, event_id, event_type, event_position, status, next_attempt_at, created_at)
     SELECT d.id, d.endpoint_id, d.event_id, d.event_type, d.event_position, 'pending', $6, $6
     FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[]) AS d(id, endpoint_id, event_id, event_type, event_position)
     ON CONFLICT (endpoint_id, event_position COLLATE "C") DO NOTHING`,
    [deliveries.map(() => uuidV7()), deliveries.map((d) => d.endpointId), deliveries.map((d) => d.event.id), deliveries.map((d) => d.event.type), deliveries.map((d) => d.event.position), now],
  );
}

function deliveriesFor(endpoint: EndpointRow, events: readonly StoredEvent[]): Array<{ endpointId: string; event: StoredEvent }> {
  return events
    .filter((event) => event.position > endpoint.position && matchesEventTypes(endpoint.event_types, event.type))
    .map((event) => ({ endpointId: endpoint.id, event }));
}
