// The projection runner reads the feed once for every read model and applies each batch to each of
// them in a transaction of its own: a model that is behind catches up while the others skip, a
// batch that fails as a whole is retried without applying anything twice, and a model that cannot
// apply an event stops alone while the others go on.
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { Pool, PoolClient } from 'pg';
import type { EventStore, StoredEvent, SubscribeOptions, SubscriptionHandler } from '../../libs/event-store/event-store.port';
import { PostgresEventStore } from '../../libs/event-store/postgres/postgres-event-store';
import { migrate } from '../../libs/infra/database/migrate';
import { createPool } from '../../libs/infra/database/pool';
import { createLogger } from '../../libs/infra/logging/logger';
import type { Projection, TableNamer } from '../../libs/infra/projections/projection';
import { ProjectionRunner } from '../../libs/infra/projections/projection-runner';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/** Counts each stream's events; applying an event twice would show as a count too high. */
function countingProjection(name: string, options: { refuses?: string; outageOnce?: string } = {}): Projection {
  const table = `${name}_counts`;
  let outage = options.outageOnce !== undefined;
  return {
    name,
    version: 1,
    tables: [table],
    createTables: (t: TableNamer) => `CREATE TABLE IF NOT EXISTS ${t(table)} (stream_id text PRIMARY KEY, events bigint NOT NULL)`,
    async apply(client: PoolClient, events: readonly StoredEvent[], t: TableNamer): Promise<void> {
      for (const event of events) {
        await client.query(
          `INSERT INTO ${t(table)} (stream_id, events) VALUES ($1, 1) ON CONFLICT (stream_id) DO UPDATE SET events = ${t(table)}.events + 1`,
          [event.streamId],
        );
        if (event.type === options.refuses) throw new Error(`${name} cannot apply ${event.type}`);
        if (outage && event.type === options.outageOnce) {
          outage = false;
          throw Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' });
        }
      }
    },
  };
}

/** The real store, counting the subscriptions opened on it. */
class CountingStore extends PostgresEventStore {
  subscriptions = 0;
  override subscribe(after: string | undefined, handler: SubscriptionHandler, options?: SubscribeOptions) {
    this.subscriptions++;
    return super.subscribe(after, handler, options);
  }
}

const event = (type = 'Tested') => ({
  id: randomUUID(),
  type,
  data: {},
  metadata: { correlationId: randomUUID(), causationId: randomUUID(), actor: 'test', command: 'Test', occurredAt: '2026-01-01T00:00:00.000Z' },
});

async function appendEvents(store: EventStore, streamId: string, count: number, type?: string): Promise<void> {
  await store.append(streamId, Array.from({ length: count }, () => event(type)), { expectedRevision: 'any' });
}

/** The counts of this test's streams (the feed holds the earlier tests' events too). */
async function counts(pool: Pool, projection: Projection, prefix: string): Promise<Record<string, number>> {
  const { rows } = await pool.query<{ stream_id: string; events: string }>(`SELECT stream_id, events FROM ${projection.tables[0]} WHERE stream_id LIKE $1 ORDER BY stream_id`, [`${prefix}-%`]);
  return Object.fromEntries(rows.map((row) => [row.stream_id, Number(row.events)]));
}

async function checkpoint(pool: Pool, name: string) {
  const { rows } = await pool.query<{ position: string | null; status: string; error: string | null; updated_at: Date }>(
    'SELECT position, status, error, updated_at FROM projection_checkpoints WHERE name = $1',
    [name],
  );
  return rows[0];
}

async function until(condition: () => Promise<boolean>, what: string): Promise<void> {
  for (const deadline = Date.now() + 10_000; Date.now() < deadline; ) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`timed out waiting until ${what}`);
}

describe('projection runner: one feed reader for every read model', () => {
  let db: TestDatabase;
  let pool: Pool;
  let store: CountingStore;
  const logger = createLogger('silent');

  before(async () => {
    db = await createTestDatabase('runner');
    pool = createPool(db.url, { max: 10 });
    await migrate(pool);
  });
  after(async () => {
    await pool.end();
    await db.drop();
  });
  beforeEach(async () => {
    await pool.query('DELETE FROM projection_checkpoints');
    store = new CountingStore(pool, { pollIntervalMs: 5 });
  });

  async function runUntilHead(projections: readonly Projection[], names = projections.map((p) => p.name)): Promise<ProjectionRunner> {
    const runner = new ProjectionRunner(pool, store, projections, logger);
    await runner.start();
    const head = await store.headPosition();
    await until(async () => (await Promise.all(names.map((name) => checkpoint(pool, name)))).every((row) => row?.position === head), 'every read model reached the head');
    return runner;
  }

  test('one subscription applies each batch to every read model', async () => {
    const a = countingProjection('one_pass_a');
    const b = countingProjection('one_pass_b');
    await appendEvents(store, 'one-pass-1', 3);
    await appendEvents(store, 'one-pass-2', 2);

    const runner = await runUntilHead([a, b]);
    await runner.stop();

    assert.equal(store.subscriptions, 1);
    assert.deepEqual(await counts(pool, a, 'one-pass'), { 'one-pass-1': 3, 'one-pass-2': 2 });
    assert.deepEqual(await counts(pool, b, 'one-pass'), { 'one-pass-1': 3, 'one-pass-2': 2 });
  });

  test('a read model that is behind catches up while the others skip what they have', async () => {
    const ahead = countingProjection('behind_ahead');
    const late = countingProjection('behind_late');
    await appendEvents(store, 'behind-1', 4);
    await (await runUntilHead([ahead])).stop();
    await appendEvents(store, 'behind-2', 1);

    const runner = await runUntilHead([ahead, late]);
    await runner.stop();

    assert.deepEqual(await counts(pool, late, 'behind'), { 'behind-1': 4, 'behind-2': 1 });
    assert.deepEqual(await counts(pool, ahead, 'behind'), { 'behind-1': 4, 'behind-2': 1 }, 'nothing applied twice to the model that was ahead');
  });

  test('a batch one model could not commit is retried, and the model that committed it skips it', async () => {
    const steady = countingProjection('outage_steady');
    const interrupted = countingProjection('outage_interrupted', { outageOnce: 'Interrupted' });
    await appendEvents(store, 'outage-1', 2);
    await appendEvents(store, 'outage-2', 1, 'Interrupted');
    await appendEvents(store, 'outage-3', 1);

    const runner = await runUntilHead([steady, interrupted]);
    await runner.stop();

    assert.deepEqual(await counts(pool, steady, 'outage'), { 'outage-1': 2, 'outage-2': 1, 'outage-3': 1 });
    assert.deepEqual(await counts(pool, interrupted, 'outage'), { 'outage-1': 2, 'outage-2': 1, 'outage-3': 1 });
    assert.equal((await checkpoint(pool, interrupted.name)).status, 'running');
  });

  test('a read model that cannot apply an event stops alone; the others go on', async () => {
    const healthy = countingProjection('failing_healthy');
    const refusing = countingProjection('failing_refusing', { refuses: 'Poison' });
    await appendEvents(store, 'failing-1', 2);
    await appendEvents(store, 'failing-2', 1, 'Poison');

    const runner = new ProjectionRunner(pool, store, [healthy, refusing], logger);
    await runner.start();
    await until(async () => (await checkpoint(pool, refusing.name)).status === 'failed', 'the refusing model is marked failed');
    await appendEvents(store, 'failing-3', 2);
    const head = await store.headPosition();
    await until(async () => (await checkpoint(pool, healthy.name)).position === head, 'the healthy model reached the head');
    await runner.stop();

    assert.deepEqual(await counts(pool, healthy, 'failing'), { 'failing-1': 2, 'failing-2': 1, 'failing-3': 2 });
    const failed = await checkpoint(pool, refusing.name);
    assert.match(failed.error ?? '', /cannot apply Poison/);
    const poison = (await store.readAll({ filter: { eventTypes: ['Poison'] } }))[0];
    assert.ok(failed.position === null || failed.position < poison.position, 'the refused batch was rolled back for that model alone');
    assert.equal((await counts(pool, refusing, 'failing'))['failing-2'], undefined);
    assert.equal((await counts(pool, refusing, 'failing'))['failing-3'], undefined);
  });
});
