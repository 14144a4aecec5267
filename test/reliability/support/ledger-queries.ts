import { PostgresEventStore } from '../../../libs/event-store/postgres/postgres-event-store';
import { createPool, withClient } from '../../../libs/infra/database/pool';

/** Direct reads of the event store's tables, so that tests judge what was really recorded. */
export { withClient };
import { waitForPosition } from '../../../libs/infra/projections/read-your-writes';
import { verifyHashChains, verifyReadModels, verifyStreamTips } from '../../../libs/application/verify/verify-ledger';
import type { Finding } from '../../../libs/infra/findings';
import { ALL_PROJECTIONS } from '../../../projections/all-projections';


export async function countEvents(url: string): Promise<number> {
  return withClient(url, async (client) => Number((await client.query('SELECT count(*) AS n FROM events')).rows[0].n));
}

export interface KeyedAppend {
  readonly key: string;
  readonly events: number;
  readonly transactions: number;
  readonly streams: number;
}

/**
 * Per Idempotency-Key: how many events carry it, in how many transactions and streams. A command
 * that took effect exactly once shows one transaction in one stream.
 */
export async function appendsByKey(url: string, keyPrefix: string): Promise<Map<string, KeyedAppend>> {
  return withClient(url, async (client) => {
    const { rows } = await client.query<{ key: string; events: string; transactions: string; streams: string }>(
      `SELECT metadata->>'idempotencyKey' AS key, count(*) AS events, count(DISTINCT transaction_id::text) AS transactions, count(DISTINCT stream_id) AS streams
         FROM events WHERE metadata->>'idempotencyKey' LIKE $1 || '%' GROUP BY 1`,
      [keyPrefix],
    );
    return new Map(rows.map((row) => [row.key, { key: row.key, events: Number(row.events), transactions: Number(row.transactions), streams: Number(row.streams) }]));
  });
}

/**
 * What `npm run ledger -- verify` checks, once the read models have caught up with the newest
 * event: every hash chain, every stream tip, and every read model against a rebuild from the
 * events. An empty list means the ledger and its read models agree.
 */
export async function verifyLedger(url: string): Promise<Finding[]> {
  const pool = createPool(url, { max: 4 });
  try {
    const store = new PostgresEventStore(pool);
    const head = await store.headPosition();
    const { rows } = await pool.query<{ name: string }>(`SELECT name FROM projection_checkpoints WHERE status = 'running'`);
    if (head && !(await waitForPosition(pool, rows.map((row) => row.name), head, 30_000))) return [{ check: 'catch-up', detail: `read models did not reach ${head}` }];
    const chains = await verifyHashChains(store);
    return [...chains.findings, ...(await verifyStreamTips(pool, chains.tips, chains.broken)), ...(await verifyReadModels(pool, store, ALL_PROJECTIONS))];
  } finally {
    await pool.end();
  }
}
