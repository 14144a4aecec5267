// Subscribers asking for the same full page of the feed share one read, while the feed's end (a
// short page) is always read afresh, so nobody ever misses an event appended later.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Pool } from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { createPool } from '../../infra/database/pool';
import { migrate } from '../../infra/database/migrate';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database';
import type { NewEvent } from '../event-store.port';
import { PostgresEventStore } from './postgres-event-store';

const event = (n: number): NewEvent => ({
  id: uuidv7(),
  type: 'Counted',
  data: { n },
  metadata: { correlationId: 'c', causationId: 'c', actor: 'test', command: 'Count', occurredAt: '2026-01-01T00:00:00.000Z' },
});

/**
 * The feed shows only events below the oldest transaction running anywhere on the server, and
 * other suites share it: wait until the feed has caught up instead of reading it once.
 */
async function feedOf(store: PostgresEventStore, count: number): Promise<number[]> {
  for (let attempt = 0; attempt < 500; attempt++) {
    const page = await store.readAll({ maxCount: 100 });
    if (page.length >= count) return page.map((e) => e.data.n as number);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`the feed never showed ${count} events`);
}

describe('PostgreSQL engine: cached full feed pages', () => {
  let db: TestDatabase;
  let pool: Pool;
  let store: PostgresEventStore;
  let feedQueries = 0;

  before(async () => {
    db = await createTestDatabase('pages');
    pool = createPool(db.url, { max: 4 });
    await migrate(pool);
    const query = pool.query.bind(pool) as (...args: unknown[]) => unknown;
    (pool as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
      if (String((args[0] as { name?: string }).name ?? '').startsWith('ledger_feed')) feedQueries++;
      return query(...args);
    };
    store = new PostgresEventStore(pool);
    await store.append('pages', Array.from({ length: 10 }, (_, i) => event(i)), { expectedRevision: 'no_stream' });
    await feedOf(store, 10);
  });
  after(async () => {
    await pool?.end();
    await db?.drop();
  });

  test('the same full page asked for twice is read from the database once and comes back equal', async () => {
    feedQueries = 0;
    const first = await store.readAll({ maxCount: 4 });
    const second = await store.readAll({ maxCount: 4 });
    assert.equal(feedQueries, 1);
    assert.equal(first.length, 4);
    assert.deepEqual(second, first);
  });

  test('the short page at the end of the feed is read afresh and shows later appends', async () => {
    assert.equal((await store.readAll({ maxCount: 100 })).length, 10);
    await store.append('pages', [event(10)], { expectedRevision: 9 });
    assert.deepEqual(await feedOf(store, 11), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  test('changing a page handed out does not change what the next reader gets', async () => {
    const mine = await store.readAll({ maxCount: 3 });
    mine.reverse();
    const theirs = await store.readAll({ maxCount: 3 });
    assert.deepEqual(theirs.map((e) => e.data.n), [0, 1, 2]);
  });
});
