import type { Pool, PoolClient } from 'pg';
import type { StoredEvent } from '../libs/event-store/event-store.port';
import { PostgresEventStore } from '../libs/event-store/postgres/postgres-event-store';
import { createLogger } from '../libs/infra/logging/logger';
import type { Projection, TableNamer } from '../libs/infra/projections/projection';
import { ProjectionRunner } from '../libs/infra/projections/projection-runner';
import { ALL_PROJECTIONS } from '../projections/all-projections';
import { median, migratedPool, nodeCpuSeconds, progress, round, type BenchServer } from './bench-support';
import { generateEvents } from './event-generator';

/**
 * Catch-up speed: the worker's projection runner starting from the first event with every read
 * model at once, against the same runner with one trivial projection (a batched upsert of a
 * counter per stream). Both read the same feed through the same machinery, so the ratio is what
 * the read models' own work costs.
 */
export interface ProjectionBenchOptions {
  readonly runs: number;
  readonly events: number;
}

export interface ProjectionFigures {
  readonly events: number;
  readonly readModels: readonly string[];
  readonly allEventsPerSecond: number;
  readonly trivialEventsPerSecond: number;
  readonly ratio: number;
  readonly runs: ReadonlyArray<ProjectionRun>;
}

/** One run's throughputs, with CPU µs per event of Node and of the server for each contestant when known. */
export interface ProjectionRun {
  readonly all: number;
  readonly trivial: number;
  readonly cpu?: { readonly all: CpuPerEvent; readonly trivial: CpuPerEvent };
}

export interface CpuPerEvent {
  readonly node: number;
  readonly server?: number;
}

/** The yardstick: one row per stream, counting its events, upserted once per stream per batch. */
export const trivialProjection: Projection = {
  name: 'bench_stream_counts',
  version: 1,
  tables: ['bench_stream_counts'],
  createTables: (t: TableNamer) => `CREATE TABLE IF NOT EXISTS ${t('bench_stream_counts')} (stream_id text PRIMARY KEY, events bigint NOT NULL, last_revision bigint NOT NULL)`,
  async apply(client: PoolClient, events: readonly StoredEvent[], t: TableNamer): Promise<void> {
    const counts = new Map<string, { events: number; revision: number }>();
    for (const event of events) {
      const row = counts.get(event.streamId) ?? { events: 0, revision: 0 };
      counts.set(event.streamId, { events: row.events + 1, revision: event.revision });
    }
    await client.query(
      `INSERT INTO ${t('bench_stream_counts')} (stream_id, events, last_revision)
       SELECT * FROM unnest($1::text[], $2::bigint[], $3::bigint[])
       ON CONFLICT (stream_id) DO UPDATE SET events = ${t('bench_stream_counts')}.events + EXCLUDED.events, last_revision = EXCLUDED.last_revision`,
      [[...counts.keys()], [...counts.values()].map((c) => c.events), [...counts.values()].map((c) => c.revision)],
    );
  },
};

async function reset(pool: Pool, projections: readonly Projection[]): Promise<void> {
  for (const projection of projections) {
    for (const table of projection.tables) await pool.query(`DROP TABLE IF EXISTS ${table} CASCADE`);
  }
  await pool.query('DELETE FROM projection_checkpoints WHERE name = ANY($1)', [projections.map((p) => p.name)]);
}

/**
 * Seconds for the runner to bring every given projection from nothing to the feed's head, on an
 * engine instance of its own so that no run profits from pages an earlier run left cached.
 */
export async function catchUp(pool: Pool, projections: readonly Projection[]): Promise<number> {
  const store = new PostgresEventStore(pool, { pollIntervalMs: 5 });
  await reset(pool, projections);
  const head = await store.headPosition();
  const runner = new ProjectionRunner(pool, store, projections, createLogger('silent'));
  const started = performance.now();
  await runner.start();
  await checkpointsAt(pool, projections, head);
  const seconds = (performance.now() - started) / 1000;
  await runner.stop();
  return seconds;
}

/** Waits until every projection's checkpoint is at `head`; a projection that failed fails the wait. */
export async function checkpointsAt(pool: Pool, projections: readonly Projection[], head: string | undefined): Promise<void> {
  const names = projections.map((p) => p.name);
  for (;;) {
    const { rows } = await pool.query<{ position: string | null; status: string; error: string | null }>(
      'SELECT position, status, error FROM projection_checkpoints WHERE name = ANY($1)',
      [names],
    );
    const failed = rows.find((row) => row.status === 'failed');
    if (failed) throw new Error(`a projection failed during catch-up: ${failed.error}`);
    if (rows.length === names.length && rows.every((row) => row.position === head)) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** One catch-up with the CPU it cost per event (the machine is shared, so CPU is the steadier figure). */
async function measured(server: BenchServer, pool: Pool, projections: readonly Projection[], events: number): Promise<{ eventsPerSecond: number; cpu: CpuPerEvent }> {
  const nodeBefore = nodeCpuSeconds();
  const serverBefore = server.cpuSeconds();
  const seconds = await catchUp(pool, projections);
  const nodeSpent = nodeCpuSeconds() - nodeBefore;
  const serverAfter = server.cpuSeconds();
  const perEvent = (cpuSeconds: number) => round((cpuSeconds * 1e6) / events, 1);
  const cpu: CpuPerEvent = { node: perEvent(nodeSpent), ...(serverBefore !== undefined && serverAfter !== undefined ? { server: perEvent(serverAfter - serverBefore) } : {}) };
  return { eventsPerSecond: round(events / seconds, 0), cpu };
}

const describeCpu = (cpu: CpuPerEvent) => `CPU µs/event: Node ${cpu.node}${cpu.server === undefined ? '' : `, server ${cpu.server}`}`;

export async function runProjectionBench(server: BenchServer, options: ProjectionBenchOptions): Promise<ProjectionFigures> {
  const db = await server.createDatabase('projection');
  const pool = await migratedPool(db);
  const store = new PostgresEventStore(pool, { pollIntervalMs: 5 });
  try {
    const events = await generateEvents(store, { events: options.events, label: 'projection bench: generating events' });
    const runs: ProjectionRun[] = [];
    for (let run = 0; run < options.runs; run++) {
      const all = await measured(server, pool, ALL_PROJECTIONS, events);
      const trivial = await measured(server, pool, [trivialProjection], events);
      runs.push({ all: all.eventsPerSecond, trivial: trivial.eventsPerSecond, cpu: { all: all.cpu, trivial: trivial.cpu } });
      progress(`projection catch-up run ${run + 1}/${options.runs}: all read models ${all.eventsPerSecond} events/s (${describeCpu(all.cpu)}), trivial upsert ${trivial.eventsPerSecond} events/s (${describeCpu(trivial.cpu)})`);
    }
    const all = median(runs.map((r) => r.all));
    const trivial = median(runs.map((r) => r.trivial));
    return { events, readModels: ALL_PROJECTIONS.map((p) => p.name), allEventsPerSecond: all, trivialEventsPerSecond: trivial, ratio: round(all / trivial, 2), runs };
  } finally {
    await pool.end();
    await db.drop();
  }
}
