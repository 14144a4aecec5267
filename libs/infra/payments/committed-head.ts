import type { Pool } from 'pg';
import type { EventStore } from '../../event-store/event-store.port';
import { encodePosition } from '../../event-store/position';

/**
 * The position of the newest committed event. `EventStore.headPosition()` of the PostgreSQL
 * engine answers the newest event the feed can show, which stops below the oldest transaction
 * still running anywhere in the cluster: an event committed a moment ago can be missing from it.
 * Waiting for read models to reach that head can then return before they saw the event the
 * caller just wrote. This takes the larger of the feed's head and the newest row of the events
 * table (empty under the KurrentDB engine, where the feed's head is exact).
 */
export async function committedHead(pool: Pool, store: EventStore): Promise<string | undefined> {
  const [feed, table] = await Promise.all([
    store.headPosition(),
    pool.query<{ transaction_id: string; global_position: string }>(
      'SELECT transaction_id, global_position FROM events ORDER BY transaction_id DESC, global_position DESC LIMIT 1',
    ),
  ]);
  const row = table.rows[0];
  const committed = row ? encodePosition(row.transaction_id, row.global_position) : undefined;
  if (committed === undefined) return feed;
  if (feed === undefined) return committed;
  return committed > feed ? committed : feed;
}
