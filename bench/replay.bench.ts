import { GCProfiler } from 'node:v8';
import { PostgresEventStore } from '../libs/event-store/postgres/postgres-event-store';
import { rebuildAndSwap } from '../libs/infra/projections/projection-rebuild';
import { ALL_PROJECTIONS } from '../projections/all-projections';
import { median, migratedPool, nodeCpuSeconds, progress, quietServer, round, type BenchServer } from './bench-support';
import { generateEvents } from './event-generator';

/**
 * A full replay over a large generated ledger: every read model rebuilt beside the live one in one
 * pass over the feed and swapped in (`rebuildAndSwap`, what `ledger replay` runs), with the
 * process's memory watched all along: the figure to watch besides time is whether memory stays
 * flat as the ledger grows. Flatness is judged on the live heap, the heap V8 still holds right
 * after each full collection; RSS is reported beside it, but it follows when V8 grows its heap and
 * hands pages back more than what is live (docs/decisions.md).
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
  /** Growth of RSS from the first half of the replay to the second (median run); reported, not judged. */
  readonly secondHalfGrowthMiB: number;
  /**
   * The live heap's floor in each tenth of the median run: the smallest heap V8 held right after a
   * full collection, what the replay keeps whatever batches are in flight; null for a tenth that
   * saw no full collection.
   */
  readonly liveHeapByTenthMiB?: ReadonlyArray<number | null>;
  /** Highest floor of the second half minus that of the first (median run): ≈ 0 when flat. */
  readonly liveHeapGrowthMiB?: number;
  /** CPU µs per event of this process and of the server (median run), when the server's is known. */
  readonly cpuUsPerEvent?: { readonly node: number; readonly server?: number };
  readonly runs: ReadonlyArray<{ seconds: number; rssBeforeMiB: number; peakRssMiB: number; liveHeapGrowthMiB?: number; cpuUsPerEvent?: { node: number; server?: number } }>;
}

const MiB = 1024 * 1024;

/**
 * The live heap's floor tenth by tenth: the smallest used heap right after a full collection
 * (mark-sweep-compact). A leak raises the floor; batches in flight only raise the heap between
 * floors. V8's GC profiler gives each collection's heap before and after but no time, so a new
 * profiler starts at each tenth. Nothing is forced: a forced collection would add to the time
 * being measured.
 */
class LiveHeapByTenth {
  private profiler = new GCProfiler();
  private readonly tenths: Array<number | null> = [];

  constructor(private readonly total: number) {
    this.profiler.start();
  }

  /** Called as the replay moves; closes every tenth that `done` has passed. */
  reached(done: number): void {
    while (this.tenths.length < 9 && done >= ((this.tenths.length + 1) * this.total) / 10) this.closeTenth();
  }

  finish(): Array<number | null> {
    while (this.tenths.length < 10) this.closeTenth();
    return this.tenths;
  }

  private closeTenth(): void {
    const { statistics } = this.profiler.stop();
    const after = statistics.filter((gc) => gc.gcType === 'MarkSweepCompact').map((gc) => gc.afterGC.heapStatistics.usedHeapSize);
    this.tenths.push(after.length === 0 ? null : round(Math.min(...after) / MiB, 0));
    if (this.tenths.length < 10) {
      this.profiler = new GCProfiler();
      this.profiler.start();
    }
  }
}

/** Largest of the second half minus largest of the first, over the tenths that have a figure. */
export function secondHalfGrowth(byTenth: ReadonlyArray<number | null>): number | undefined {
  const largest = (values: ReadonlyArray<number | null>) => {
    const known = values.filter((v): v is number => v !== null);
    return known.length === 0 ? undefined : Math.max(...known);
  };
  const [first, second] = [largest(byTenth.slice(0, 5)), largest(byTenth.slice(5))];
  return first === undefined || second === undefined ? undefined : second - first;
}

async function replayOnce(server: BenchServer, store: PostgresEventStore, pool: Awaited<ReturnType<typeof migratedPool>>, total: number) {
  // Three replays back to back, which production never runs: each pays for its own work only.
  await quietServer(pool);
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
  const liveHeap = new LiveHeapByTenth(total);
  const started = performance.now();
  let liveHeapByTenth: Array<number | null>;
  try {
    // Every read model rebuilt in one pass over the feed and swapped in at once, as `ledger replay` does.
    await rebuildAndSwap(pool, store, ALL_PROJECTIONS, (count) => {
      done = count;
      liveHeap.reached(count);
    });
  } finally {
    clearInterval(sampler);
    liveHeapByTenth = liveHeap.finish();
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
  return { seconds: round(seconds, 2), peakRssMiB: round(peak / MiB, 0), before: round(before / MiB, 0), byTenth, liveHeapByTenth, liveHeapGrowthMiB: secondHalfGrowth(liveHeapByTenth), total, cpuUsPerEvent };
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
    const runs = [];
    for (let run = 0; run < (options.runs ?? 3); run++) {
      const result = await replayOnce(server, store, pool, events);
      runs.push(result);
      progress(`replay run ${run + 1}: ${result.seconds} s, peak RSS ${result.peakRssMiB} MiB (before ${result.before} MiB), live heap floor by tenth ${result.liveHeapByTenth.map((v) => v ?? '–').join(' ')} MiB, CPU µs/event: Node ${result.cpuUsPerEvent.node}, server ${result.cpuUsPerEvent.server ?? '?'}`);
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
      liveHeapByTenthMiB: middle.liveHeapByTenth,
      liveHeapGrowthMiB: middle.liveHeapGrowthMiB,
      cpuUsPerEvent: middle.cpuUsPerEvent,
      runs: runs.map((r) => ({ seconds: r.seconds, rssBeforeMiB: r.before, peakRssMiB: r.peakRssMiB, liveHeapGrowthMiB: r.liveHeapGrowthMiB, cpuUsPerEvent: r.cpuUsPerEvent })),
    };
  } finally {
    await pool.end();
    await db.drop();
  }
}
