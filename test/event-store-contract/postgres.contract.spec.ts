// The event store contract against the PostgreSQL engine, plus what only PostgreSQL can show:
// the immutability trigger, the interleaving guard, and migrations that are safe to repeat.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Pool } from 'pg';
import { PostgresEventStore } from '../../libs/event-store/postgres/postgres-event-store';
import { contentHash } from '../../libs/event-store/hash-chain';
import type { NewEvent } from '../../libs/event-store/event-store.port';
import { createPool } from '../../libs/infra/database/pool';
import { migrate } from '../../libs/infra/database/migrate';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { newEvent, runEventStoreContract, stream } from './event-store.contract';

function appendSql(streamId: string, events: NewEvent[], expected: number | null, mode: string) {
  return {
    text: 'SELECT * FROM ledger_append($1, $2, $3, $4, $5, $6, $7, $8)',
    values: [streamId, mode, expected, events.map((e) => e.id), events.map((e) => e.type), events.map((e) => JSON.stringify(e.data)), events.map((e) => JSON.stringify(e.metadata)), events.map(contentHash)],
  };
}

async function postgresEngine() {
  const db = await createTestDatabase('contract');
  const pool = createPool(db.url, { max: 40 });
  await migrate(pool);
  return {
    store: new PostgresEventStore(pool, { pollIntervalMs: 5 }),
    slowAppend: async (streamId: string, events: NewEvent[], holdMs: number) => {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        await client.query(appendSql(streamId, events, null, 'no_stream'));
        await new Promise((r) => setTimeout(r, holdMs));
        await client.query('COMMIT');
      } finally {
        client.release();
      }
    },
    dispose: async () => {
      await pool.end();
      await db.drop();
    },
  };
}

runEventStoreContract('postgres', postgresEngine);

describe('PostgreSQL engine specifics', () => {
  let db: TestDatabase;
  let pool: Pool;
  before(async () => {
    db = await createTestDatabase('pgspec');
    pool = createPool(db.url);
    await migrate(pool);
  });
  after(async () => {
    await pool.end();
    await db.drop();
  });

  test('property 5: UPDATE, DELETE and TRUNCATE on events are rejected by the database', async () => {
    const store = new PostgresEventStore(pool);
    const id = stream('immutable');
    await store.append(id, [newEvent('Kept', { amount: 100 })], { expectedRevision: 'no_stream' });
    await assert.rejects(pool.query(`UPDATE events SET data = '{"amount": 1}' WHERE stream_id = $1`, [id]), /events are immutable: UPDATE/);
    await assert.rejects(pool.query('DELETE FROM events WHERE stream_id = $1', [id]), /events are immutable: DELETE/);
    await assert.rejects(pool.query('TRUNCATE events'), /events are immutable: TRUNCATE/);
    const [event] = await store.readStream(id);
    assert.equal(event.data.amount, 100);
  });

  test('an append in a transaction older than the stream\'s last writer fails with 40001 instead of inverting the feed', async () => {
    const store = new PostgresEventStore(pool);
    const id = stream('pitfall');
    const older = await pool.connect();
    try {
      await older.query('BEGIN');
      await older.query('SELECT pg_current_xact_id()');
      await store.append(id, [newEvent()], { expectedRevision: 'no_stream' });
      await assert.rejects(older.query(appendSql(id, [newEvent()], 0, 'exact')), (e: { code?: string }) => e.code === '40001');
      await older.query('ROLLBACK');
    } finally {
      older.release();
    }
    assert.equal((await store.readStream(id)).length, 1);
  });

  test('headPosition names an event committed behind an older open transaction, which the feed holds back until that one ends', async () => {
    const store = new PostgresEventStore(pool);
    const id = stream('head');
    const older = await pool.connect();
    try {
      await older.query('BEGIN');
      await older.query('SELECT pg_current_xact_id()');
      const appended = await store.append(id, [newEvent()], { expectedRevision: 'no_stream' });
      assert.equal(await store.headPosition(), appended.position);
      assert.deepEqual(await store.readAll({ filter: { streamPrefixes: [id] } }), []);
      await older.query('ROLLBACK');
    } finally {
      older.release();
    }
    assert.equal((await store.readAll({ filter: { streamPrefixes: [id] } })).length, 1);
  });

  test('migrations are safe to run twice and from two processes at once', async () => {
    const fresh = await createTestDatabase('migrate');
    const pools = [createPool(fresh.url), createPool(fresh.url)];
    try {
      const applied = await Promise.all(pools.map((p) => migrate(p)));
      assert.ok(applied.flat().length > 0);
      assert.deepEqual(applied[0].filter((m) => applied[1].includes(m)), [], 'no migration applied twice');
      assert.deepEqual(await migrate(pools[0]), []);
    } finally {
      await Promise.all(pools.map((p) => p.end()));
      await fresh.drop();
    }
  });
});
