// Whole-stream reads issued together share one query, yet each caller gets exactly its own stream
// and sees every append that finished before its read was issued.
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

describe('PostgreSQL engine: batched stream reads', () => {
  let db: TestDatabase;
  let pool: Pool;
  let store: PostgresEventStore;
  let queries = 0;

  before(async () => {
    db = await createTestDatabase('reads');
    pool = createPool(db.url, { max: 4 });
    await migrate(pool);
    const query = pool.query.bind(pool) as (...args: unknown[]) => unknown;
    (pool as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
      queries++;
      return query(...args);
    };
    store = new PostgresEventStore(pool);
    for (let s = 0; s < 5; s++) await store.append(`read-${s}`, [event(s), event(s + 100)], { expectedRevision: 'no_stream' });
  });
  after(async () => {
    await pool?.end();
    await db?.drop();
  });

  test('five streams read together cost one query and each answer holds only its stream, in order', async () => {
    queries = 0;
    const streams = await Promise.all([0, 1, 2, 3, 4, 2].map((s) => store.readStream(`read-${s}`)));
    assert.equal(queries, 1);
    streams.forEach((events, index) => {
      const s = [0, 1, 2, 3, 4, 2][index];
      assert.deepEqual(events.map((e) => [e.streamId, e.revision, e.data.n]), [[`read-${s}`, 0, s], [`read-${s}`, 1, s + 100]]);
    });
  });

  test('a stream that does not exist reads as empty beside one that does', async () => {
    const [missing, present] = await Promise.all([store.readStream('read-none'), store.readStream('read-0')]);
    assert.deepEqual(missing, []);
    assert.equal(present.length, 2);
  });

  test('a read issued after an append returns sees that append', async () => {
    const appended = store.append('read-0', [event(7)], { expectedRevision: 1 });
    await appended;
    const events = await store.readStream('read-0');
    assert.equal(events.at(-1)?.data.n, 7);
  });
});
