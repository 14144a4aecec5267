import type { Pool } from 'pg';
import { PostgresEventStore } from '../libs/event-store/postgres/postgres-event-store';
import { createPool } from '../libs/infra/database/pool';
import { createLogger } from '../libs/infra/logging/logger';
import { ProjectionRunner } from '../libs/infra/projections/projection-runner';
import { ALL_PROJECTIONS } from '../projections/all-projections';
import { nodeCpuSeconds, round, type BenchDatabase, type BenchServer } from './bench-support';
import { checkpointsAt } from './projection.bench';

/**
 * Renewal day's read models alone: the events a one-worker run wrote, copied after the template's
 * ledger into a fresh copy of it, and every read model caught up over them from the template's
 * checkpoints, with nothing else running. Nothing is decided or collected, and the read models get
 * the events in full batches instead of as they are written, so this is a ceiling for the whole
 * renewal: its events/s cannot exceed what its read models alone can apply.
 */
export interface ReadModelsAloneRun {
  readonly events: number;
  readonly eventsPerSecond: number;
  /** Node (this process, where the runner runs) and PostgreSQL, per event. */
  readonly cpuUsPerEvent?: number;
  readonly pgCpuUsPerEvent?: number;
}

const COPY_BATCH = 2_000;

export async function readModelsAlone(server: BenchServer, template: BenchDatabase, renewedUrl: string): Promise<ReadModelsAloneRun> {
  const db = await server.createDatabase('renewal_models', template);
  const pool = createPool(db.url, { max: ALL_PROJECTIONS.length + 4 });
  try {
    const events = await copyRenewalEvents(renewedUrl, pool);
    const nodeBefore = nodeCpuSeconds();
    const serverBefore = server.cpuSeconds();
    const started = performance.now();
    await catchUpFromCheckpoints(pool);
    const seconds = (performance.now() - started) / 1000;
    const serverAfter = server.cpuSeconds();
    const node = nodeCpuSeconds() - nodeBefore;
    await sameRowsAsLive(renewedUrl, pool);
    const pg = serverBefore === undefined || serverAfter === undefined ? undefined : serverAfter - serverBefore;
    const perEvent = (cpuSeconds: number) => round((cpuSeconds * 1e6) / Math.max(events, 1), 0);
    return {
      events,
      eventsPerSecond: round(events / seconds, 0),
      ...(pg === undefined ? {} : { cpuUsPerEvent: perEvent(node + pg), pgCpuUsPerEvent: perEvent(pg) }),
    };
  } finally {
    await pool.end();
    await db.drop();
  }
}

/**
 * The renewal's events, in the order they were written, appended to the copy's events table as
 * they are (hashes included) in transactions of 2 000, so that the feed hands them out in that order.
 */
async function copyRenewalEvents(renewedUrl: string, target: Pool): Promise<number> {
  const source = createPool(renewedUrl, { max: 1 });
  try {
    const head = (await target.query<{ head: string }>('SELECT coalesce(max(global_position), 0) AS head FROM events')).rows[0].head;
    const { rows } = await source.query<{ row: unknown[] }>(
      `SELECT json_build_array(stream_id, stream_revision, event_id, event_type, data, metadata, prev_hash, hash) AS row
         FROM events WHERE global_position > $1 ORDER BY global_position`,
      [head],
    );
    for (let from = 0; from < rows.length; from += COPY_BATCH) {
      await target.query(
        `INSERT INTO events (stream_id, stream_revision, event_id, event_type, data, metadata, prev_hash, hash)
         SELECT r->>0, (r->>1)::bigint, (r->>2)::uuid, r->>3, r->4, r->5, r->>6, r->>7
           FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS e(r, n) ORDER BY n`,
        [JSON.stringify(rows.slice(from, from + COPY_BATCH).map((row) => row.row))],
      );
    }
    return rows.length;
  } finally {
    await source.end();
  }
}

/** The read models built here hold as many rows as the worker built live: every event was applied. */
async function sameRowsAsLive(renewedUrl: string, built: Pool): Promise<void> {
  const live = createPool(renewedUrl, { max: 1 });
  try {
    for (const table of ['invoices', 'journal_lines', 'tax_documents', 'mrr_changes']) {
      const count = async (pool: Pool) => (await pool.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`)).rows[0].n;
      const [expected, got] = [await count(live), await count(built)];
      if (expected !== got) throw new Error(`the read models alone left ${got} rows in ${table}, the live worker ${expected}`);
    }
  } finally {
    await live.end();
  }
}

/** The worker's projection runner, from the checkpoints the template left, until every read model is at the head. */
async function catchUpFromCheckpoints(pool: Pool): Promise<void> {
  const store = new PostgresEventStore(pool, { pollIntervalMs: 5 });
  const head = await store.headPosition();
  const runner = new ProjectionRunner(pool, store, ALL_PROJECTIONS, createLogger('silent'));
  await runner.start();
  try {
    await checkpointsAt(pool, ALL_PROJECTIONS, head);
  } finally {
    await runner.stop();
  }
}
