import type { Pool, PoolClient } from 'pg';
import { PostgresEventStore } from '../libs/event-store/postgres/postgres-event-store';
import { createPool } from '../libs/infra/database/pool';
import { inTransaction } from '../libs/infra/projections/projection-batch';
import { migratedPool, progress, type BenchDatabase, type BenchServer } from './bench-support';
import { generateEvents } from './event-generator';
import { caughtUp } from './renewal.bench';

/**
 * The two ledgers of the growth benchmark. The small one is generated event by event through the
 * decider and the engine (bench/event-generator.ts), its read models caught up. The big one
 * starts as a copy of it (a template database) and is then bulk-loaded the benchmark's own way:
 * set-based INSERT … SELECT statements that clone every account history of the small ledger
 * under new account ids (`sim-7` → `sim-7-g12`) with new event ids, in the template's own event
 * shapes and sizes, together with their rows in the streams table and in the accounts and
 * invoices read models (what the measured reads look at), and then ANALYZE.
 *
 * The cloned rows copy their template's `prev_hash` and `hash`: the hash chain of a cloned stream
 * is therefore not the hash of its own content, and `ledger verify` is out of scope for this data
 * (the template's streams keep a correct chain). Invoice ids inside cloned event data repeat the
 * template's; no consumer of this ledger reads them (the cloned invoice rows get suffixed ids).
 */
export interface GrowthLedgers {
  readonly small: BenchDatabase;
  readonly big: BenchDatabase;
  readonly smallEvents: number;
  readonly bigEvents: number;
  readonly templateAccounts: number;
  readonly copies: number;
  readonly loadSeconds: number;
  readonly loadedEventsPerSecond: number;
}

const CLONE_ROWS_PER_STATEMENT = 250_000;

export async function prepareGrowthLedgers(server: BenchServer, smallEvents: number, bigEvents: number): Promise<GrowthLedgers> {
  const small = await server.createDatabase('growth_small');
  const smallPool = await migratedPool(small);
  try {
    const store = new PostgresEventStore(smallPool);
    await generateEvents(store, { events: smallEvents, label: 'growth bench: generating the small ledger' });
    await caughtUp(smallPool, store);
  } finally {
    await smallPool.end();
  }
  const big = await server.createDatabase('growth_big', small);
  const pool = createPool(big.url, { max: 2 });
  try {
    const started = performance.now();
    const { head, accounts, accountEvents, total } = await templateOf(pool);
    const copies = Math.max(1, Math.ceil((bigEvents - total) / Math.max(accountEvents, 1)));
    const perStatement = Math.max(1, Math.floor(CLONE_ROWS_PER_STATEMENT / Math.max(accountEvents, 1)));
    const uuid = (await pool.query<{ v: number }>(`SELECT current_setting('server_version_num')::int AS v`)).rows[0].v >= 180_000 ? 'uuidv7()' : 'gen_random_uuid()';
    for (let first = 1; first <= copies; first += perStatement) {
      const last = Math.min(copies, first + perStatement - 1);
      await inTransaction(pool, (client) => cloneAccounts(client, first, last, head, uuid));
      progress(`growth bench: bulk-loaded copies ${last}/${copies} (${(total + last * accountEvents).toLocaleString('en-GB')} events)`);
    }
    const headPosition = await new PostgresEventStore(pool).headPosition();
    await pool.query('UPDATE projection_checkpoints SET position = $1', [headPosition]);
    for (const table of ['events', 'streams', 'accounts', 'invoices']) await pool.query(`VACUUM (ANALYZE) ${table}`);
    const seconds = (performance.now() - started) / 1000;
    const bigTotal = Number((await pool.query<{ n: string }>('SELECT count(*) AS n FROM events')).rows[0].n);
    return { small, big, smallEvents: total, bigEvents: bigTotal, templateAccounts: accounts, copies, loadSeconds: Math.round(seconds), loadedEventsPerSecond: Math.round((bigTotal - total) / seconds) };
  } finally {
    await pool.end();
  }
}

async function templateOf(pool: Pool): Promise<{ head: string; accounts: number; accountEvents: number; total: number }> {
  const { rows } = await pool.query<{ head: string; accounts: string; account_events: string; total: string }>(
    `SELECT max(global_position) AS head, count(DISTINCT stream_id) FILTER (WHERE stream_id LIKE 'account-%') AS accounts,
            count(*) FILTER (WHERE stream_id LIKE 'account-%') AS account_events, count(*) AS total FROM events`,
  );
  const row = rows[0];
  return { head: row.head, accounts: Number(row.accounts), accountEvents: Number(row.account_events), total: Number(row.total) };
}

/** Copies `first`…`last` of every template account: events, stream rows, accounts and invoices rows. */
async function cloneAccounts(client: PoolClient, first: number, last: number, head: string, uuid: string): Promise<void> {
  const copies = [first, last, head];
  // Only the opening event names the account inside its data.
  await client.query(
    `INSERT INTO events (stream_id, stream_revision, event_id, event_type, data, metadata, prev_hash, hash, recorded_at)
     SELECT e.stream_id || '-g' || c, e.stream_revision, ${uuid}, e.event_type,
            CASE WHEN e.stream_revision = 0
                 THEN replace(e.data::text, '"' || substr(e.stream_id, 9) || '"', '"' || substr(e.stream_id, 9) || '-g' || c || '"')::jsonb
                 ELSE e.data END,
            e.metadata, e.prev_hash, e.hash, e.recorded_at
       FROM generate_series($1::int, $2::int) AS c, events e
      WHERE e.global_position <= $3 AND e.stream_id LIKE 'account-%'`,
    copies,
  );
  await client.query(
    `INSERT INTO streams (stream_id, revision, last_xid, last_hash)
     SELECT s.stream_id || '-g' || c, s.revision, s.last_xid, s.last_hash
       FROM generate_series($1::int, $2::int) AS c, streams s WHERE s.stream_id ~ '^account-sim-[0-9]+$'`,
    copies.slice(0, 2),
  );
  await client.query(
    `INSERT INTO accounts
     SELECT (jsonb_populate_record(NULL::accounts, to_jsonb(a) || jsonb_build_object(
              'account_id', a.account_id || '-g' || c,
              'state', replace(a.state::text, '"' || a.account_id || '"', '"' || a.account_id || '-g' || c || '"')::jsonb,
              'view', replace(a.view::text, '"' || a.account_id || '"', '"' || a.account_id || '-g' || c || '"')::jsonb))).*
       FROM generate_series($1::int, $2::int) AS c, accounts a WHERE a.account_id ~ '^sim-[0-9]+$'`,
    copies.slice(0, 2),
  );
  await client.query(
    `INSERT INTO invoices
     SELECT (jsonb_populate_record(NULL::invoices, to_jsonb(i) || jsonb_build_object(
              'invoice_id', i.invoice_id || '-g' || c, 'account_id', i.account_id || '-g' || c, 'number', i.number || '-g' || c))).*
       FROM generate_series($1::int, $2::int) AS c, invoices i WHERE i.account_id ~ '^sim-[0-9]+$'`,
    copies.slice(0, 2),
  );
}
