import { Client } from 'pg';

/** Direct reads of the event store's tables, so that tests judge what was really recorded. */
export async function withDatabase<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export async function countEvents(url: string): Promise<number> {
  return withDatabase(url, async (client) => Number((await client.query('SELECT count(*) AS n FROM events')).rows[0].n));
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
  return withDatabase(url, async (client) => {
    const { rows } = await client.query<{ key: string; events: string; transactions: string; streams: string }>(
      `SELECT metadata->>'idempotencyKey' AS key, count(*) AS events, count(DISTINCT transaction_id::text) AS transactions, count(DISTINCT stream_id) AS streams
         FROM events WHERE metadata->>'idempotencyKey' LIKE $1 || '%' GROUP BY 1`,
      [keyPrefix],
    );
    return new Map(rows.map((row) => [row.key, { key: row.key, events: Number(row.events), transactions: Number(row.transactions), streams: Number(row.streams) }]));
  });
}
