import type { Pool } from 'pg';
import { v7 as uuidv7 } from 'uuid';
import type { NewEvent } from '../libs/event-store/event-store.port';
import { PostgresEventStore } from '../libs/event-store/postgres/postgres-event-store';
import { createPool } from '../libs/infra/database/pool';
import { median, migratedPool, nodeCpuSeconds, percentile, progress, round, type BenchServer } from './bench-support';
import { startEmmett } from './emmett.contestant';
import { appendInOwnTransaction, RAW_SCHEMA, RawGroupCommitter } from './raw-append.baseline';

/**
 * Append throughput and latency at 1, 8 and 32 concurrent writers: our engine (with and without
 * group commit), two raw-SQL baselines and Emmett, each on its own database of the same server.
 * Every writer owns its streams and knows their revisions, so every append is a checked append
 * that succeeds; runs of the contestants are interleaved to spread machine noise evenly.
 */
export interface AppendBenchOptions {
  readonly writers: readonly number[];
  readonly runs: number;
  readonly durationMs: number;
  readonly streamsPerWriter: number;
  /** Connections per contestant: the service's default pool size. */
  readonly poolSize: number;
}

export interface AppendFigure {
  readonly contestant: string;
  readonly writers: number;
  readonly eventsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** CPU (Node + PostgreSQL) per appended event: steadier than throughput on a shared machine. */
  readonly cpuUsPerEvent: number | undefined;
  readonly runs: readonly AppendRun[];
}

export interface AppendRun {
  readonly eventsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly cpuUsPerEvent: number | undefined;
}

export interface Contestant {
  readonly name: string;
  /** `expected` is the stream's last revision, -1 for a new stream. */
  append(streamId: string, expected: number, event: NewEvent): Promise<void>;
  close(): Promise<void>;
}

export const CONTESTANTS = {
  ours: 'ours (group commit)',
  oursSingle: 'ours (one transaction per append)',
  rawTx: 'raw SQL, one transaction per append',
  rawGroup: 'raw SQL, group commit',
  emmett: 'Emmett',
} as const;

async function startContestants(server: BenchServer, poolSize: number): Promise<{ contestants: Contestant[]; dispose: () => Promise<void> }> {
  const disposers: Array<() => Promise<void>> = [];
  const database = async (prefix: string) => {
    const db = await server.createDatabase(prefix);
    disposers.push(() => db.drop());
    return db;
  };
  const ourPool = async (prefix: string): Promise<Pool> => {
    const pool = await migratedPool(await database(prefix), poolSize);
    disposers.unshift(() => pool.end());
    return pool;
  };
  const ours = new PostgresEventStore(await ourPool('ours'), { groupCommit: true });
  const oursSingle = new PostgresEventStore(await ourPool('ours_single'), { groupCommit: false });
  const rawPool = createPool((await database('raw')).url, { max: poolSize });
  disposers.unshift(() => rawPool.end());
  await rawPool.query(RAW_SCHEMA);
  const grouped = new RawGroupCommitter(rawPool);
  const emmett = await startEmmett((await database('emmett')).url, poolSize);
  disposers.unshift(() => emmett.close());
  const contestants: Contestant[] = [
    { name: CONTESTANTS.ours, append: (s, e, ev) => ours.append(s, [ev], { expectedRevision: e < 0 ? 'no_stream' : e }).then(() => undefined), close: async () => undefined },
    { name: CONTESTANTS.oursSingle, append: (s, e, ev) => oursSingle.append(s, [ev], { expectedRevision: e < 0 ? 'no_stream' : e }).then(() => undefined), close: async () => undefined },
    { name: CONTESTANTS.rawTx, append: (s, e, ev) => appendInOwnTransaction(rawPool, s, e, [toRaw(ev)]), close: async () => undefined },
    { name: CONTESTANTS.rawGroup, append: (s, e, ev) => grouped.append(s, e, [toRaw(ev)]), close: async () => undefined },
    { name: CONTESTANTS.emmett, append: (s, e, ev) => emmett.append(s, e, [{ type: ev.type, data: ev.data, metadata: ev.metadata }]), close: async () => undefined },
  ];
  return {
    contestants,
    dispose: async () => {
      for (const dispose of disposers) await dispose().catch(() => undefined);
    },
  };
}

const toRaw = (event: NewEvent) => ({ id: event.id, type: event.type, data: JSON.stringify(event.data), metadata: JSON.stringify(event.metadata) });

/** A realistic event: a product count report with the metadata every event of ours carries. */
export function sampleEvent(streamId: string, count: number): NewEvent {
  const now = new Date().toISOString();
  return {
    id: uuidv7(),
    type: 'ProductCountReported',
    data: { accountId: streamId, count, reportedAt: now },
    metadata: { correlationId: uuidv7(), causationId: uuidv7(), actor: 'bench-vendor', command: 'ReportProductCount', occurredAt: now },
  };
}

export async function measure(server: BenchServer, contestant: Contestant, writers: number, durationMs: number, streamsPerWriter: number, tag: string): Promise<AppendRun> {
  const latencies: number[] = [];
  const cpuBefore = [nodeCpuSeconds(), server.cpuSeconds()];
  const started = performance.now();
  const end = started + durationMs;
  let appended = 0;
  await Promise.all(
    Array.from({ length: writers }, async (_, writer) => {
      const revisions = new Array<number>(streamsPerWriter).fill(-1);
      for (let i = 0; performance.now() < end; i++) {
        const slot = i % streamsPerWriter;
        const streamId = `bench-${tag}-${writer}-${slot}`;
        const t0 = performance.now();
        await contestant.append(streamId, revisions[slot], sampleEvent(streamId, i));
        latencies.push(performance.now() - t0);
        revisions[slot]++;
        appended++;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const pgBefore = cpuBefore[1];
  const pgAfter = server.cpuSeconds();
  const cpu = pgBefore === undefined || pgAfter === undefined ? undefined : nodeCpuSeconds() - (cpuBefore[0] as number) + pgAfter - pgBefore;
  return {
    eventsPerSecond: round(appended / seconds, 0),
    p50Ms: round(percentile(latencies, 50), 2),
    p99Ms: round(percentile(latencies, 99), 2),
    cpuUsPerEvent: cpu === undefined ? undefined : round((cpu * 1e6) / Math.max(appended, 1), 0),
  };
}

export async function runAppendBench(server: BenchServer, options: AppendBenchOptions): Promise<AppendFigure[]> {
  const { contestants, dispose } = await startContestants(server, options.poolSize);
  const figures: AppendFigure[] = [];
  try {
    for (const writers of options.writers) {
      const runs = new Map<string, AppendRun[]>();
      // A short warm-up per contestant (connections, plans, caches) that is not recorded.
      for (const [index, contestant] of contestants.entries()) await measure(server, contestant, writers, Math.min(300, options.durationMs), options.streamsPerWriter, `c${index}warm${writers}`);
      for (let run = 0; run < options.runs; run++) {
        for (const [index, contestant] of contestants.entries()) {
          const result = await measure(server, contestant, writers, options.durationMs, options.streamsPerWriter, `c${index}w${writers}r${run}`);
          runs.set(contestant.name, [...(runs.get(contestant.name) ?? []), result]);
          progress(`append ${writers} writers, run ${run + 1}/${options.runs}: ${contestant.name} ${result.eventsPerSecond} events/s, p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms, CPU ${result.cpuUsPerEvent ?? '?'} µs/event`);
        }
      }
      for (const contestant of contestants) {
        const results = runs.get(contestant.name) ?? [];
        figures.push({
          contestant: contestant.name,
          writers,
          eventsPerSecond: median(results.map((r) => r.eventsPerSecond)),
          p50Ms: median(results.map((r) => r.p50Ms)),
          p99Ms: median(results.map((r) => r.p99Ms)),
          cpuUsPerEvent: results.every((r) => r.cpuUsPerEvent !== undefined) ? median(results.map((r) => r.cpuUsPerEvent as number)) : undefined,
          runs: results,
        });
      }
    }
  } finally {
    await dispose();
  }
  return figures;
}
