import { v7 as uuidv7 } from 'uuid';
import { createPool } from '../libs/infra/database/pool';
import { sampleEvent } from './append.bench';
import { median, nodeCpuSeconds, percentile, progress, round, type BenchServer } from './bench-support';
import { RAW_SCHEMA } from './raw-append.baseline';

/**
 * The machine's limits for writing events, measured before anything else so that every other
 * figure can be read against them: how many commits one connection gets (each waits for its WAL
 * flush: the disk's floor), how many 32 connections get (PostgreSQL groups their flushes itself,
 * so the cores become the limit), and how many event-sized rows a few connections insert when
 * they batch 500 rows per transaction into a table shaped like ours (indexes, jsonb) with no
 * checks at all — no event store can append faster than that on this machine.
 */
export interface MachineLimitOptions {
  readonly runs: number;
  readonly durationMs: number;
}

export interface MachineLimitProbe {
  readonly name: string;
  readonly connections: number;
  readonly rowsPerTransaction: number;
  /** Rows (events) written per second; with one row per transaction, commits per second. */
  readonly rowsPerSecond: number;
  readonly transactionP50Ms: number;
  readonly cpuUsPerRow: number | undefined;
}

export const PROBES = [
  { name: 'one-row commits, 1 connection (the flush floor)', connections: 1, rowsPerTransaction: 1 },
  { name: 'one-row commits, 32 connections', connections: 32, rowsPerTransaction: 1 },
  { name: '500-row transactions, 4 connections (the insert ceiling)', connections: 4, rowsPerTransaction: 500 },
] as const;

export async function runMachineLimitBench(server: BenchServer, options: MachineLimitOptions): Promise<MachineLimitProbe[]> {
  const db = await server.createDatabase('limits');
  const pool = createPool(db.url, { max: 32 });
  try {
    await pool.query(RAW_SCHEMA);
    const figures: MachineLimitProbe[] = [];
    for (const probe of PROBES) {
      const runs: Array<Omit<MachineLimitProbe, 'name' | 'connections' | 'rowsPerTransaction'>> = [];
      for (let run = 0; run < options.runs; run++) {
        const result = await measureProbe(server, pool, probe.connections, probe.rowsPerTransaction, options.durationMs);
        progress(`limits run ${run + 1}/${options.runs}: ${probe.name}: ${result.rowsPerSecond} rows/s, p50 ${result.transactionP50Ms} ms, CPU ${result.cpuUsPerRow ?? '?'} µs/row`);
        runs.push(result);
      }
      figures.push({
        ...probe,
        rowsPerSecond: median(runs.map((r) => r.rowsPerSecond)),
        transactionP50Ms: median(runs.map((r) => r.transactionP50Ms)),
        cpuUsPerRow: runs.every((r) => r.cpuUsPerRow !== undefined) ? median(runs.map((r) => r.cpuUsPerRow as number)) : undefined,
      });
    }
    return figures;
  } finally {
    await pool.end();
    await db.drop();
  }
}

async function measureProbe(server: BenchServer, pool: ReturnType<typeof createPool>, connections: number, rowsPerTransaction: number, durationMs: number) {
  // The rows carry the append benchmark's event, serialised once: the probe measures the
  // server's writing, not Node building payloads.
  const sample = sampleEvent('limits', 1);
  const data = JSON.stringify(sample.data);
  const metadata = JSON.stringify(sample.metadata);
  const latencies: number[] = [];
  // Every connection is open before the clock starts: opening 32 of them on a busy machine can
  // take longer than a short probe, which then measured no rows at all.
  const clients = await Promise.all(Array.from({ length: connections }, () => pool.connect()));
  const cpuBefore = [nodeCpuSeconds(), server.cpuSeconds()];
  const started = performance.now();
  let rows = 0;
  await Promise.all(
    clients.map(async (client) => {
      try {
        while (performance.now() - started < durationMs) {
          const ids = Array.from({ length: rowsPerTransaction }, () => uuidv7());
          const t0 = performance.now();
          // One statement in autocommit: a transaction of its own, committed (and flushed) by the server.
          await client.query(
            `INSERT INTO raw_events (stream_id, stream_revision, event_id, event_type, data, metadata)
             SELECT e.id::text, 0, e.id, 'ProductCountReported', $2::jsonb, $3::jsonb FROM unnest($1::uuid[]) AS e(id)`,
            [ids, data, metadata],
          );
          latencies.push(performance.now() - t0);
          rows += rowsPerTransaction;
        }
      } finally {
        client.release();
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const pgAfter = server.cpuSeconds();
  const cpu = cpuBefore[1] === undefined || pgAfter === undefined ? undefined : nodeCpuSeconds() - (cpuBefore[0] as number) + pgAfter - cpuBefore[1];
  return {
    rowsPerSecond: round(rows / seconds, 0),
    transactionP50Ms: round(percentile(latencies, 50), 2),
    cpuUsPerRow: cpu === undefined ? undefined : round((cpu * 1e6) / Math.max(rows, 1), 0),
  };
}
