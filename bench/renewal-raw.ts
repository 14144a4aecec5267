import { v7 as uuidv7 } from 'uuid';
import { createPool } from '../libs/infra/database/pool';
import { eachAtMost } from '../libs/infra/each-at-most';
import { nodeCpuSeconds, round, type BenchServer } from './bench-support';
import { RAW_SCHEMA, RawGroupCommitter, type RawEvent } from './raw-append.baseline';
import type { RawAppendRun } from './renewal.bench';

/**
 * The yardstick of renewal day: the raw group-commit append (raw-append.baseline.ts) of exactly
 * the events the run wrote, in the same groups (one append per command, on streams that already
 * exist), by as many concurrent writers as the due-work runner has commands in flight. Nothing is
 * decided, read or projected: what the raw SQL can append of that day's events at all.
 */
export interface RenewalAppend {
  readonly streamId: string;
  readonly expected: number;
  readonly events: readonly RawEvent[];
}

export interface RenewalEvents {
  readonly appends: readonly RenewalAppend[];
  readonly events: number;
  readonly averageBytes: number;
}

const WRITERS = 32;

/** The events renewal day wrote (the worker's and the collector's), grouped into the appends that wrote them. */
export async function renewalEvents(databaseUrl: string): Promise<RenewalEvents> {
  const pool = createPool(databaseUrl, { max: 1 });
  try {
    const { rows } = await pool.query<{ stream_id: string; stream_revision: string; event_type: string; data: string; metadata: string; correlation: string }>(
      `SELECT stream_id, stream_revision, event_type, data::text AS data, metadata::text AS metadata, metadata->>'correlationId' AS correlation
         FROM events WHERE metadata->>'actor' IN ('worker', 'collector') ORDER BY global_position`,
    );
    const appends: Array<{ streamId: string; expected: number; correlation: string; events: RawEvent[] }> = [];
    let bytes = 0;
    for (const row of rows) {
      bytes += row.data.length + row.metadata.length;
      const event: RawEvent = { id: uuidv7(), type: row.event_type, data: row.data, metadata: row.metadata };
      const last = appends[appends.length - 1];
      if (last && last.streamId === row.stream_id && last.correlation === row.correlation) last.events.push(event);
      else appends.push({ streamId: row.stream_id, expected: Number(row.stream_revision) - 1, correlation: row.correlation, events: [event] });
    }
    return { appends, events: rows.length, averageBytes: rows.length === 0 ? 0 : Math.round(bytes / rows.length) };
  } finally {
    await pool.end();
  }
}

/** Appends them with the raw group commit on a fresh database of the same server; streams already stand at their revisions. */
export async function rawAppendOf(server: BenchServer, renewal: RenewalEvents): Promise<RawAppendRun> {
  const db = await server.createDatabase('renewal_raw');
  const pool = createPool(db.url, { max: 20 });
  try {
    await pool.query(RAW_SCHEMA);
    const firsts = new Map<string, number>();
    for (const append of renewal.appends) if (!firsts.has(append.streamId)) firsts.set(append.streamId, append.expected);
    await pool.query('INSERT INTO raw_streams (stream_id, revision) SELECT * FROM unnest($1::text[], $2::bigint[])', [[...firsts.keys()], [...firsts.values()]]);
    // Each writer owns a share of the streams and appends to them in the run's order, so that
    // every append finds its stream at the revision it expects.
    const lanes: RenewalAppend[][] = Array.from({ length: WRITERS }, () => []);
    const laneOf = new Map<string, number>();
    for (const append of renewal.appends) {
      if (!laneOf.has(append.streamId)) laneOf.set(append.streamId, laneOf.size % WRITERS);
      lanes[laneOf.get(append.streamId) as number].push(append);
    }
    const committer = new RawGroupCommitter(pool);
    const nodeBefore = nodeCpuSeconds();
    const serverBefore = server.cpuSeconds();
    const started = performance.now();
    await eachAtMost(WRITERS, lanes, async (lane) => {
      for (const append of lane) await committer.append(append.streamId, append.expected, append.events);
    });
    const seconds = (performance.now() - started) / 1000;
    const serverAfter = server.cpuSeconds();
    const cpu = serverBefore === undefined || serverAfter === undefined ? undefined : nodeCpuSeconds() - nodeBefore + serverAfter - serverBefore;
    return {
      events: renewal.events,
      eventsPerSecond: round(renewal.events / seconds, 0),
      ...(cpu === undefined ? {} : { cpuUsPerEvent: round((cpu * 1e6) / Math.max(renewal.events, 1), 0) }),
    };
  } finally {
    await pool.end();
    await db.drop();
  }
}
