// Group commit keeps every append its own: concurrent appends share a transaction, yet each one
// gets its own revision check, its own error and its own answer, in the order it was issued.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Pool } from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { createPool } from '../../infra/database/pool';
import { migrate } from '../../infra/database/migrate';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database';
import { DuplicateEventId, WrongExpectedRevision, type ExpectedRevision, type NewEvent } from '../event-store.port';
import { findChainBreak } from '../hash-chain';
import { PostgresEventStore } from './postgres-event-store';

const event = (n: number, id = uuidv7()): NewEvent => ({
  id,
  type: 'Counted',
  data: { n },
  metadata: { correlationId: 'c', causationId: 'c', actor: 'test', command: 'Count', occurredAt: '2026-01-01T00:00:00.000Z' },
});

describe('PostgreSQL engine: group commit', () => {
  let db: TestDatabase;
  let pool: Pool;
  let store: PostgresEventStore;

  before(async () => {
    db = await createTestDatabase('batch');
    pool = createPool(db.url, { max: 8 });
    await migrate(pool);
    store = new PostgresEventStore(pool);
  });
  after(async () => {
    await pool?.end();
    await db?.drop();
  });

  const transactionsOf = async (prefix: string) =>
    Number((await pool.query('SELECT count(DISTINCT transaction_id) AS n FROM events WHERE stream_id LIKE $1', [`${prefix}%`])).rows[0].n);

  test('appends issued together share transactions, and each gets its own revision and position', async () => {
    const results = await Promise.all(Array.from({ length: 40 }, (_, i) => store.append(`shared-${i}`, [event(i)], { expectedRevision: 'no_stream' })));
    assert.ok((await transactionsOf('shared-')) < 40, 'no two appends shared a transaction');
    assert.equal(new Set(results.map((r) => r.position)).size, 40);
    for (const result of results) assert.equal(result.nextExpectedRevision, 0);
  });

  test('a wrong expected revision fails that append alone; the rest of its batch commits', async () => {
    await store.append('loser', [event(0)], { expectedRevision: 'no_stream' });
    const outcomes = await Promise.allSettled([
      store.append('winner-a', [event(1)], { expectedRevision: 'no_stream' }),
      store.append('loser', [event(2)], { expectedRevision: 5 }),
      store.append('winner-b', [event(3)], { expectedRevision: 'no_stream' }),
    ]);
    assert.equal(outcomes[0].status, 'fulfilled');
    assert.equal(outcomes[2].status, 'fulfilled');
    assert.ok(outcomes[1].status === 'rejected' && outcomes[1].reason instanceof WrongExpectedRevision);
    assert.equal((outcomes[1] as PromiseRejectedResult).reason.actual, 0);
    assert.equal((await store.readStream('loser')).length, 1);
  });

  test('two appends to one stream in one batch keep the order they were issued in', async () => {
    const [first, second] = await Promise.all([
      store.append('ordered', [event(0), event(1)], { expectedRevision: 'no_stream' }),
      store.append('ordered', [event(2)], { expectedRevision: 1 }),
    ]);
    assert.equal(first.nextExpectedRevision, 1);
    assert.equal(second.nextExpectedRevision, 2);
    // Positions order the feed; reading the feed itself would wait on other suites' transactions.
    const events = await store.readStream('ordered');
    assert.deepEqual(events.map((e) => e.data.n), [0, 1, 2]);
    assert.ok(events[0].position < events[1].position && events[1].position < events[2].position, 'feed order differs from revision order');
  });

  test('an event id stored in another stream fails that append alone with DuplicateEventId', async () => {
    const taken = uuidv7();
    await store.append('owner', [event(0, taken)], { expectedRevision: 'no_stream' });
    const outcomes = await Promise.allSettled([
      store.append('thief', [event(1, taken)], { expectedRevision: 'no_stream' }),
      store.append('bystander', [event(2)], { expectedRevision: 'no_stream' }),
    ]);
    assert.ok(outcomes[0].status === 'rejected' && outcomes[0].reason instanceof DuplicateEventId);
    assert.equal(outcomes[1].status, 'fulfilled');
    assert.equal((await store.readStream('thief')).length, 0);
  });

  test('when a batch falls back to one append at a time, appends to one stream keep their order', async () => {
    const taken = uuidv7();
    await store.append('owner-2', [event(0, taken)], { expectedRevision: 'no_stream' });
    const outcomes = await Promise.allSettled([
      store.append('thief-2', [event(1, taken)], { expectedRevision: 'no_stream' }),
      store.append('sequence', [event(2)], { expectedRevision: 'no_stream' }),
      store.append('sequence', [event(3)], { expectedRevision: 0 }),
    ]);
    assert.ok(outcomes[0].status === 'rejected' && outcomes[0].reason instanceof DuplicateEventId);
    assert.deepEqual(outcomes.slice(1).map((o) => o.status), ['fulfilled', 'fulfilled']);
    assert.deepEqual((await store.readStream('sequence')).map((e) => e.data.n), [2, 3]);
  });

  test('the same events appended twice in one batch are stored once and both answers agree', async () => {
    const same = [event(7)];
    const [first, again] = await Promise.all([
      store.append('twice', same, { expectedRevision: 'no_stream' }),
      store.append('twice', same, { expectedRevision: 'no_stream' }),
    ]);
    assert.deepEqual({ ...again, duplicate: false }, { ...first, duplicate: false });
    assert.deepEqual([first.duplicate, again.duplicate].sort(), [false, true], 'one wrote, the other was the no-op');
    assert.equal((await store.readStream('twice')).length, 1);
  });

  test('a batch of several-event appends in every mode chains each stream as the one-at-a-time path would', async () => {
    const modes: ExpectedRevision[] = [1, 'any', 'exists', 1, 'any', 'exists'];
    await Promise.all(modes.map((_, i) => store.append(`chained-${i}`, [event(0), event(1)], { expectedRevision: 'no_stream' })));
    const results = await Promise.all(
      modes.map((mode, i) => store.append(`chained-${i}`, [event(2), event(3), event(4)], { expectedRevision: mode })),
    );
    assert.ok((await transactionsOf('chained-')) < 12, 'no two appends shared a transaction');
    for (const [i, result] of results.entries()) {
      assert.equal(result.nextExpectedRevision, 4);
      const events = await store.readStream(`chained-${i}`);
      // findChainBreak recomputes every link in Node: the SQL chain must agree with it byte for byte.
      assert.equal(findChainBreak(events), undefined);
      assert.deepEqual(events.map((e) => e.data.n), [0, 1, 2, 3, 4]);
      assert.equal(result.position, events[4].position);
      for (let r = 1; r < events.length; r++) assert.ok(events[r - 1].position < events[r].position, 'feed order differs from revision order');
    }
  });

  test('a batch that creates streams and moves existing ones answers each with its own revision', async () => {
    await store.append('mixed-old', [event(0)], { expectedRevision: 'no_stream' });
    const [created, moved] = await Promise.all([
      store.append('mixed-new', [event(1)], { expectedRevision: 'no_stream' }),
      store.append('mixed-old', [event(2)], { expectedRevision: 0 }),
    ]);
    assert.equal(created.nextExpectedRevision, 0);
    assert.equal(moved.nextExpectedRevision, 1);
    const { rows } = await pool.query('SELECT stream_id, revision, last_hash FROM streams WHERE stream_id LIKE $1 ORDER BY stream_id', ['mixed-%']);
    const tips = await Promise.all(['mixed-new', 'mixed-old'].map(async (id) => (await store.readStream(id)).at(-1)?.metadata.hash));
    assert.deepEqual(rows.map((r) => [r.stream_id, Number(r.revision), r.last_hash]), [['mixed-new', 0, tips[0]], ['mixed-old', 1, tips[1]]]);
  });

  test('an exact or exists append to a missing stream in a batch fails alone with the actual revision -1', async () => {
    await store.append('present', [event(0)], { expectedRevision: 'no_stream' });
    const outcomes = await Promise.allSettled([
      store.append('ghost-exact', [event(1)], { expectedRevision: 3 }),
      store.append('ghost-exists', [event(2)], { expectedRevision: 'exists' }),
      store.append('present', [event(3)], { expectedRevision: 0 }),
    ]);
    for (const outcome of outcomes.slice(0, 2)) assert.ok(outcome.status === 'rejected' && outcome.reason instanceof WrongExpectedRevision && outcome.reason.actual === -1);
    assert.equal(outcomes[2].status, 'fulfilled');
    assert.equal((await store.readStream('ghost-exact')).length, 0);
    assert.equal((await store.readStream('present')).length, 2);
  });
});
