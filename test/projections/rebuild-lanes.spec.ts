// A rebuild's fill deals the read models into two lanes that apply the feed side by side. Each
// model still sees every event once and in feed order however far apart the lanes drift; a lane
// never runs more than a batch ahead of the slowest, so the feed held in memory stays bounded; a
// model that refuses an event is left behind while the others go on; and a lost database stops
// both lanes before the fill answers.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { Pool, PoolClient } from 'pg';
import type { EventStore, ReadAllOptions, StoredEvent } from '../../libs/event-store/event-store.port';
import { PostgresEventStore } from '../../libs/event-store/postgres/postgres-event-store';
import { migrate } from '../../libs/infra/database/migrate';
import { createPool } from '../../libs/infra/database/pool';
import { rebuildTables, type Projection, type TableNamer } from '../../libs/infra/projections/projection';
import type { BatchTarget } from '../../libs/infra/projections/projection-batch';
import { fillInLanes, REBUILD_LANES } from '../../libs/infra/projections/rebuild-lanes';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { until } from '../support/until';

const EVENTS = 420;
const BATCH = 25;
const BATCHES = Math.ceil(EVENTS / BATCH);

/** A read model that writes down each event it is given, in the order given; `hook` runs first. */
function recorder(name: string, hook?: (events: readonly StoredEvent[]) => Promise<void>): Projection {
  return {
    name,
    version: 1,
    tables: [name],
    createTables: (t: TableNamer) => `CREATE TABLE IF NOT EXISTS ${t(name)} (seq bigserial PRIMARY KEY, event_id text NOT NULL)`,
    async apply(client: PoolClient, events: readonly StoredEvent[], t: TableNamer): Promise<void> {
      await hook?.(events);
      await client.query(`INSERT INTO ${t(name)} (event_id) SELECT unnest($1::text[])`, [events.map((event) => event.id)]);
    },
  };
}

/** The store, counting the feed batches read: what the fill holds in memory is bounded by it. */
class CountingStore {
  reads = 0;
  constructor(private readonly store: EventStore) {}
  readAll(options?: ReadAllOptions): Promise<StoredEvent[]> {
    this.reads += 1;
    return this.store.readAll(options);
  }
}

describe('filling rebuild tables in lanes', () => {
  let db: TestDatabase;
  let pool: Pool;
  let store: PostgresEventStore;
  let feed: string[];

  before(async () => {
    db = await createTestDatabase('lanes');
    pool = createPool(db.url, { max: 10 });
    await migrate(pool);
    store = new PostgresEventStore(pool);
    const metadata = { correlationId: 'lanes', causationId: 'lanes', actor: 'test', command: 'Test', occurredAt: '2026-12-05T00:00:00.000Z' };
    for (let stream = 0; stream < EVENTS / 10; stream++) {
      const events = Array.from({ length: 10 }, (_, i) => ({ id: randomUUID(), type: 'Noted', data: { i }, metadata }));
      await store.append(`note-${stream}`, events, { expectedRevision: 'no_stream' });
    }
    // The feed shows an event once no older transaction is still open anywhere on the server (the
    // store's contract), and other suites share the server: wait until it shows them all.
    await until(async () => (await store.readAll({ maxCount: EVENTS + 1 })).length === EVENTS, 'the feed shows every event');
    feed = (await store.readAll({ maxCount: EVENTS + 1 })).map((event) => event.id);
  });
  after(async () => {
    await pool.end();
    await db.drop();
  });

  async function prepare(projections: readonly Projection[]): Promise<BatchTarget[]> {
    for (const projection of projections) {
      await pool.query(`DROP TABLE IF EXISTS ${rebuildTables(projection.name)}`);
      await pool.query(projection.createTables(rebuildTables));
      await pool.query(
        `INSERT INTO projection_checkpoints (name, version, position, status) VALUES ($1, 1, NULL, 'rebuilding')
         ON CONFLICT (name) DO UPDATE SET position = NULL, status = 'rebuilding', error = NULL`,
        [`${projection.name}__rebuild`],
      );
    }
    return projections.map((projection) => ({ projection, tables: rebuildTables, checkpoint: `${projection.name}__rebuild` }));
  }

  const recorded = async (name: string): Promise<string[]> =>
    (await pool.query<{ event_id: string }>(`SELECT event_id FROM ${rebuildTables(name)} ORDER BY seq`)).rows.map((row) => row.event_id);

  test('given models in both lanes, one of them slow, when filled over many batches, then each holds every event once, in feed order', async () => {
    assert.equal(REBUILD_LANES, 2);
    const slow = recorder('lane_slow', () => new Promise((resolve) => setTimeout(resolve, 3)));
    const targets = await prepare([slow, recorder('lane_fast'), recorder('lane_third')]);
    const reported: number[] = [];

    const outcome = await fillInLanes(pool, store, targets, BATCH, (applied) => reported.push(applied));

    assert.equal(outcome.events, EVENTS);
    assert.equal(outcome.failures.size, 0);
    for (const name of ['lane_slow', 'lane_fast', 'lane_third']) assert.deepEqual(await recorded(name), feed, name);
    assert.deepEqual(reported, [...reported].sort((a, b) => a - b), 'progress only moves forward');
    assert.equal(reported.at(-1), EVENTS);
    const checkpoints = await pool.query<{ position: string }>('SELECT position FROM projection_checkpoints WHERE name = ANY($1)', [targets.map((target) => target.checkpoint)]);
    assert.deepEqual(new Set(checkpoints.rows.map((row) => row.position)), new Set([(await store.readAll({ maxCount: EVENTS + 1 })).at(-1)?.position]));
  });

  test('given one lane held on its first batch, then the other applies at most one batch more before it waits, and the feed read stops with it', async () => {
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    let fastBatches = 0;
    const targets = await prepare([recorder('lane_held', () => held), recorder('lane_free', async () => void (fastBatches += 1))]);
    const counting = new CountingStore(store);

    const filling = fillInLanes(pool, counting as unknown as EventStore, targets, BATCH);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const [appliedWhileHeld, readWhileHeld] = [fastBatches, counting.reads];
    release();
    const outcome = await filling;

    assert.equal(appliedWhileHeld, 2, 'the free lane applies its first batch and one more, then waits');
    assert.ok(readWhileHeld <= 3, `the feed is read at most one batch beyond the free lane (${readWhileHeld} reads)`);
    assert.equal(outcome.events, EVENTS);
    assert.equal(counting.reads, BATCHES + 1, 'each batch is read once, and one empty read ends the feed');
    assert.deepEqual(await recorded('lane_held'), feed);
    assert.deepEqual(await recorded('lane_free'), feed);
  });

  test('given a model that refuses an event half-way, then it alone is left behind and the other models of both lanes go on to the end', async () => {
    const refusing = recorder('lane_refusing', async (events) => {
      if (events.some((event) => event.id === feed[EVENTS / 2])) throw new Error('cannot apply this one');
    });
    const targets = await prepare([refusing, recorder('lane_other'), recorder('lane_mate')]);

    const outcome = await fillInLanes(pool, store, targets, BATCH);

    assert.deepEqual([...outcome.failures.keys()], ['lane_refusing']);
    assert.equal(outcome.events, EVENTS);
    assert.deepEqual(await recorded('lane_other'), feed);
    assert.deepEqual(await recorded('lane_mate'), feed, 'the model sharing the refusing one\'s lane');
    const kept = await recorded('lane_refusing');
    assert.deepEqual(kept, feed.slice(0, kept.length), 'the refusing model kept the batches before the refusal');
    assert.ok(kept.length < EVENTS / 2);
  });

  test('given the database lost under one lane, then the fill rejects with that error once the other lane has stopped too', async () => {
    let otherBatchesAfterFailure = 0;
    let failed = false;
    const lost = Object.assign(new Error('Connection terminated unexpectedly'), { code: '57P01' });
    const failing = recorder('lane_failing', async (events) => {
      if (events.some((event) => event.id === feed[3 * BATCH])) {
        failed = true;
        throw lost;
      }
    });
    const other = recorder('lane_goes_on', async () => {
      if (failed) otherBatchesAfterFailure += 1;
      await new Promise((resolve) => setTimeout(resolve, 2));
    });
    const targets = await prepare([failing, other]);

    await assert.rejects(fillInLanes(pool, store, targets, BATCH), (error: unknown) => error === lost);
    const countAtRejection = otherBatchesAfterFailure;
    await new Promise((resolve) => setTimeout(resolve, 100));

    assert.ok(otherBatchesAfterFailure <= 2, `the other lane stops at its next batch (${otherBatchesAfterFailure} after the failure)`);
    assert.equal(otherBatchesAfterFailure, countAtRejection, 'nothing runs after the fill has answered');
    assert.ok((await recorded('lane_goes_on')).length < EVENTS);
  });
});
