// Rebuilding several read models in one pass over the feed and swapping them in at once gives the
// rows the live runner wrote, while the live runner keeps going; a model that cannot be rebuilt
// stops the swap of all, and a comparison still reports on the others.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Pool, PoolClient } from 'pg';
import type { StoredEvent } from '../../libs/event-store/event-store.port';
import { PostgresEventStore } from '../../libs/event-store/postgres/postgres-event-store';
import { migrate } from '../../libs/infra/database/migrate';
import { createPool } from '../../libs/infra/database/pool';
import { createLogger } from '../../libs/infra/logging/logger';
import type { Projection, TableNamer } from '../../libs/infra/projections/projection';
import { compareEachWithRebuild, ProjectionRebuildFailed, rebuildAndSwap } from '../../libs/infra/projections/projection-rebuild';
import { ProjectionRunner } from '../../libs/infra/projections/projection-runner';
import { ALL_PROJECTIONS } from '../../projections/all-projections';
import { findAccount } from '../../projections/accounts/accounts.query';
import { findInvoice, listAccountInvoices } from '../../projections/invoices/invoices.query';
import { accountHistory, generateEvents } from '../../bench/event-generator';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/** A read model that can be told to refuse every event, as one would after a bad release. */
const refusal = { on: false };
const refusingProjection: Projection = {
  name: 'refusing',
  version: 1,
  tables: ['refusing_events'],
  createTables: (t: TableNamer) => `CREATE TABLE IF NOT EXISTS ${t('refusing_events')} (event_id text PRIMARY KEY)`,
  async apply(client: PoolClient, events: readonly StoredEvent[], t: TableNamer): Promise<void> {
    if (refusal.on) throw new Error('refusing cannot apply any event');
    await client.query(`INSERT INTO ${t('refusing_events')} SELECT unnest($1::text[])`, [events.map((e) => e.id)]);
  },
};

async function snapshot(pool: Pool, projections: readonly Projection[]): Promise<Record<string, unknown[]>> {
  const tables: Record<string, unknown[]> = {};
  for (const table of projections.flatMap((projection) => projection.tables)) {
    tables[table] = (await pool.query(`SELECT * FROM ${table} ORDER BY ${table}::text`)).rows;
  }
  return tables;
}

async function indexes(pool: Pool): Promise<Array<{ indexname: string; indexdef: string }>> {
  const { rows } = await pool.query<{ indexname: string; indexdef: string }>(
    `SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() AND tablename = ANY($1) ORDER BY indexname`,
    [ALL_PROJECTIONS.flatMap((projection) => projection.tables)],
  );
  return rows;
}

describe('rebuilding several read models in one pass', () => {
  let db: TestDatabase;
  let pool: Pool;
  let store: PostgresEventStore;
  let runner: ProjectionRunner;

  before(async () => {
    db = await createTestDatabase('rebuild');
    pool = createPool(db.url, { max: 10 });
    await migrate(pool);
    store = new PostgresEventStore(pool, { pollIntervalMs: 5 });
    process.env.BENCH_QUIET = '1';
    await generateEvents(store, { events: 3_000, label: 'rebuild test events' });
    runner = new ProjectionRunner(pool, store, [...ALL_PROJECTIONS, refusingProjection], createLogger('silent'));
    await runner.start();
    await settled();
  });
  after(async () => {
    await runner.stop();
    await pool.end();
    await db.drop();
  });

  async function settled(): Promise<void> {
    const head = await store.headPosition();
    for (const deadline = Date.now() + 30_000; Date.now() < deadline; await new Promise((resolve) => setTimeout(resolve, 10))) {
      const { rows } = await pool.query<{ position: string | null }>('SELECT position FROM projection_checkpoints WHERE name = ANY($1)', [ALL_PROJECTIONS.map((p) => p.name)]);
      if (rows.length === ALL_PROJECTIONS.length && rows.every((row) => row.position === head)) return;
    }
    throw new Error('the live read models did not reach the head');
  }

  test('every read model rebuilt in one pass and swapped in holds the rows and indexes of the live one', async () => {
    const live = await snapshot(pool, ALL_PROJECTIONS);
    const liveIndexes = await indexes(pool);

    const events = await rebuildAndSwap(pool, store, ALL_PROJECTIONS);

    assert.ok(events >= 3_000, `read ${events} events`);
    assert.deepEqual(await snapshot(pool, ALL_PROJECTIONS), live);
    assert.deepEqual(await indexes(pool), liveIndexes, 'the secondary indexes built after the fill are those of the live tables, under the same names');
    const { rows } = await pool.query(`SELECT name FROM projection_checkpoints WHERE name LIKE '%\\_\\_rebuild'`);
    assert.deepEqual(rows, [], 'no rebuild checkpoint is left behind');
  });

  test('the tables holding the folded account state keep their rows uncompressed, live and swapped in alike', async () => {
    const storage = async () => (await pool.query<{ relname: string; reloptions: string[] | null; compressed: number; rows: number }>(
      `SELECT c.relname, c.reloptions,
         (xpath('/row/n/text()', query_to_xml(format('SELECT count(*) AS n FROM %I WHERE pg_column_compression(state) IS NOT NULL', c.relname), false, true, '')))[1]::text::int AS compressed,
         (xpath('/row/n/text()', query_to_xml(format('SELECT count(*) AS n FROM %I', c.relname), false, true, '')))[1]::text::int AS rows
       FROM pg_class c WHERE c.relname IN ('accounts', 'mrr_accounts') AND c.relnamespace = current_schema()::regnamespace ORDER BY c.relname`,
    )).rows;
    for (const when of ['live', 'swapped in']) {
      if (when === 'swapped in') await rebuildAndSwap(pool, store, ALL_PROJECTIONS);
      const tables = await storage();
      assert.deepEqual(tables.map((table) => table.relname), ['accounts', 'mrr_accounts']);
      for (const table of tables) {
        assert.deepEqual(table.reloptions, ['toast_tuple_target=8160'], `${when} ${table.relname}`);
        assert.ok(table.rows > 0, `${when} ${table.relname} has rows`);
        assert.equal(table.compressed, 0, `${when} ${table.relname}: no state is compressed`);
      }
    }
  });

  test('the named reads a connection prepared before a swap answer the same after it, from the swapped-in tables', async () => {
    const reader = createPool(db.url, { max: 1 });
    try {
      const { rows } = await pool.query<{ account_id: string; invoice_id: string }>('SELECT account_id, invoice_id FROM invoices ORDER BY invoice_id LIMIT 1');
      const [{ account_id: accountId, invoice_id: invoiceId }] = rows;
      const read = async () => ({ account: await findAccount(reader, accountId), invoice: await findInvoice(reader, invoiceId), list: await listAccountInvoices(reader, accountId, 20) });
      const before = await read();
      assert.ok(before.account && before.invoice && before.list.items.length > 0);
      const prepared = async () => (await reader.query<{ name: string }>('SELECT name FROM pg_prepared_statements ORDER BY name')).rows.map((row) => row.name);
      assert.deepEqual(await prepared(), ['accounts_find', 'invoices_find', 'invoices_list'], 'the one connection holds the three statements');

      await rebuildAndSwap(pool, store, ALL_PROJECTIONS);

      assert.deepEqual(await read(), before);
      assert.deepEqual(await prepared(), ['accounts_find', 'invoices_find', 'invoices_list'], 'the same statements, not prepared again');
    } finally {
      await reader.end();
    }
  });

  test('after the swap the live runner applies new events once, on the swapped-in tables', async () => {
    const accountsBefore = Number((await pool.query('SELECT count(*) FROM accounts')).rows[0].count);

    const more = accountHistory(10_000, 50);
    await store.append(more.streamId, more.events, { expectedRevision: 'no_stream' });
    await settled();

    const comparison = await compareEachWithRebuild(pool, store, ALL_PROJECTIONS);
    assert.deepEqual(comparison.failures, new Map());
    for (const [table, count] of Object.entries(comparison.differences)) assert.equal(count, 0, `${table} differs from a rebuild`);
    assert.equal(Number((await pool.query('SELECT count(*) FROM accounts')).rows[0].count), accountsBefore + 1);
  });

  test('a rebuild and a comparison started together take turns on the rebuild tables, and both succeed', async () => {
    const live = await snapshot(pool, ALL_PROJECTIONS);
    const [, compared] = await Promise.all([rebuildAndSwap(pool, store, ALL_PROJECTIONS), compareEachWithRebuild(pool, store, ALL_PROJECTIONS)]);
    assert.deepEqual([...compared.failures.keys()], []);
    assert.deepEqual(Object.entries(compared.differences).filter(([, count]) => count > 0), []);
    assert.deepEqual(await snapshot(pool, ALL_PROJECTIONS), live);
  });

  test('a read model that cannot be rebuilt stops the swap of all, and the live tables stay as they were', async () => {
    const live = await snapshot(pool, [...ALL_PROJECTIONS, refusingProjection]);
    refusal.on = true;
    try {
      await assert.rejects(rebuildAndSwap(pool, store, [ALL_PROJECTIONS[0], refusingProjection]), (error: unknown) => {
        assert.ok(error instanceof ProjectionRebuildFailed);
        assert.deepEqual([...error.failures.keys()], ['refusing']);
        return true;
      });
    } finally {
      refusal.on = false;
    }
    assert.deepEqual(await snapshot(pool, [...ALL_PROJECTIONS, refusingProjection]), live);
  });

  test('a comparison reports the read model that cannot be rebuilt and still compares the others', async () => {
    await pool.query(`DELETE FROM tax_documents WHERE document_id = (SELECT min(document_id) FROM tax_documents)`);
    refusal.on = true;
    try {
      const { differences, failures } = await compareEachWithRebuild(pool, store, [...ALL_PROJECTIONS, refusingProjection]);
      assert.deepEqual([...failures.keys()], ['refusing']);
      assert.equal(differences.tax_documents, 1, 'the deleted row shows');
      assert.equal(differences.refusing_events, undefined);
    } finally {
      refusal.on = false;
    }
  });
});
