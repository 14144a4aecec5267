import { PostgresEventStore } from '../libs/event-store/postgres/postgres-event-store';
import { rebuildAndSwap } from '../libs/infra/projections/projection-rebuild';
import { ALL_PROJECTIONS } from '../projections/all-projections';
import { median, migratedPool, nodeCpuSeconds, progress, round, type BenchServer } from './bench-support';
import { generateEvents } from './event-generator';

/**
 * A full replay over a large generated ledger: every read model rebuilt beside the live one in one
 * pass over the feed and swapped in (`rebuildAndSwap`, what `ledger replay` runs), with the
 * process's resident memory sampled all along: the figure to watch besides time is whether memory
 * stays flat as the ledger grows.
 */
export interface ReplayBenchOptions {
  readonly events: number;
  readonly runs?: number;
}

export interface ReplayFigures {
  readonly events: number;
  readonly generationSeconds: number;
  readonly generationEventsPerSecond: number;
  readonly seconds: number;
  readonly eventsPerSecond: number;
  readonly rssBeforeMiB: number;
  readonly peakRssMiB: number;
  /** RSS at each tenth of the replay (median run): flat memory shows as a flat row. */
  readonly rssByTenthMiB: readonly number[];
  /** Growth of RSS from the first half of the replay to the second (median run): ≈ 0 when flat. */
  readonly secondHalfGrowthMiB: number;
  /** CPU µs per event of this process and of the server (median run), when the server's is known. */
  readonly cpuUsPerEvent?: { readonly node: number; readonly server?: number };
  readonly runs: ReadonlyArray<{ seconds: number; rssBeforeMiB: number; peakRssMiB: number; cpuUsPerEvent?: { node: number; server?: number } }>;
}

const MiB = 1024 * 1024;

async function replayOnce(server: BenchServer, store: PostgresEventStore, pool: Awaited<ReturnType<typeof migratedPool>>, total: number) {
  global.gc?.();
  const [nodeBefore, serverBefore] = [nodeCpuSeconds(), server.cpuSeconds()];
  const before = process.memoryUsage().rss;
  const samples: Array<{ done: number; rss: number }> = [];
  let done = 0;
  let peak = before;
  const sampler = setInterval(() => {
    const rss = process.memoryUsage().rss;
    peak = Math.max(peak, rss);
    samples.push({ done, rss });
  }, 50);
  const started = performance.now();
  try {
    // Every read model rebuilt in one pass over the feed and swapped in at once, as `ledger replay` does.
    await rebuildAndSwap(pool, store, ALL_PROJECTIONS, (count) => {
      done = count;
    });
  } finally {
    clearInterval(sampler);
  }
  const seconds = (performance.now() - started) / 1000;
  const work = Math.max(done, 1);
  const serverAfter = server.cpuSeconds();
  const perEvent = (cpuSeconds: number) => round((cpuSeconds * 1e6) / work, 1);
  const cpuUsPerEvent = { node: perEvent(nodeCpuSeconds() - nodeBefore), ...(serverAfter === undefined || serverBefore === undefined ? {} : { server: perEvent(serverAfter - serverBefore) }) };
  const byTenth = Array.from({ length: 10 }, (_, i) => {
    const upTo = samples.filter((s) => s.done <= ((i + 1) * work) / 10);
    return round((upTo.at(-1)?.rss ?? before) / MiB, 0);
  });
  return { seconds: round(seconds, 2), peakRssMiB: round(peak / MiB, 0), before: round(before / MiB, 0), byTenth, total, cpuUsPerEvent };
}

export async function runReplayBench(server: BenchServer, options: ReplayBenchOptions): Promise<ReplayFigures> {
  const db = await server.createDatabase('replay');
  const pool = await migratedPool(db);
  const store = new PostgresEventStore(pool);
  try {
    const started = performance.now();
    const events = await generateEvents(store, { events: options.events, label: 'replay bench: generating events' });
    const generationSeconds = round((performance.now() - started) / 1000, 1);
    progress(`generated ${events} events in ${generationSeconds} s`);
    await pool.query('VACUUM ANALYZE events');
    const runs = [];
    for (let run = 0; run < (options.runs ?? 3); run++) {
      const result = await replayOnce(server, store, pool, events);
      runs.push(result);
      progress(`replay run ${run + 1}: ${result.seconds} s, peak RSS ${result.peakRssMiB} MiB (before ${result.before} MiB), CPU µs/event: Node ${result.cpuUsPerEvent.node}, server ${result.cpuUsPerEvent.server ?? '?'}`);
    }
    const seconds = median(runs.map((r) => r.seconds));
    const middle = [...runs].sort((a, b) => a.seconds - b.seconds)[Math.floor(runs.length / 2)];
    return {
      events,
      generationSeconds,
      generationEventsPerSecond: round(events / generationSeconds, 0),
      seconds,
      eventsPerSecond: round(events / seconds, 0),
      rssBeforeMiB: middle.before,
      peakRssMiB: median(runs.map((r) => r.peakRssMiB)),
      rssByTenthMiB: middle.byTenth,
      secondHalfGrowthMiB: Math.max(...middle.byTenth.slice(5)) - Math.max(...middle.byTenth.slice(0, 5)),
      cpuUsPerEvent: middle.cpuUsPerEvent,
      runs: runs.map((r) => ({ seconds: r.seconds, rssBeforeMiB: r.before, peakRssMiB: r.peakRssMiB, cpuUsPerEvent: r.cpuUsPerEvent })),
    };
  } finally {
    await pool.end();
    await db.drop();
  }
}
