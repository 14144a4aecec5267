import { type Contestant, measure } from './append.bench';
import { PostgresEventStore } from '../libs/event-store/postgres/postgres-event-store';
import { createPool } from '../libs/infra/database/pool';
import { withClient } from '../libs/infra/database/pool';
import { median, progress, round, type BenchDatabase, type BenchServer } from './bench-support';
import { prepareGrowthLedgers, type GrowthLedgers } from './growth-load';
import { fire, startApi } from './http.bench';
import { fireReads } from './reads.bench';

/**
 * Growth: the same measurements on a small ledger and on one many times its size (growth-load.ts
 * builds both), alternating between them in each run: a command's latency over HTTP (the command
 * script of section 2), a read's (`GET /v1/accounts/{id}` of a random account of the ledger), and
 * the engine's append rate at 32 writers. If nothing scans, the big ledger's figures are the small
 * one's: every ratio big ÷ small (small ÷ big for the append rate) near 1.
 */
export interface GrowthBenchOptions {
  readonly runs: number;
  readonly smallEvents: number;
  readonly bigEvents: number;
  readonly seconds: number;
  readonly connections: number;
  readonly appendMs: number;
  /** Smoke test: a fixed number of requests instead of a duration. */
  readonly amount?: number;
}

export interface GrowthSide {
  readonly events: number;
  readonly accounts: number;
  readonly databaseMiB: number;
  readonly eventsTableMiB: number;
  readonly commandP50Ms: number;
  readonly commandP99Ms: number;
  readonly readP50Ms: number;
  readonly readP99Ms: number;
  readonly appendEventsPerSecond: number;
  readonly runs: ReadonlyArray<Omit<GrowthSide, 'runs' | 'events' | 'accounts' | 'databaseMiB' | 'eventsTableMiB'>>;
}

export interface GrowthFigures {
  readonly small: GrowthSide;
  readonly big: GrowthSide;
  readonly loadSeconds: number;
  readonly loadedEventsPerSecond: number;
  /** MiB of the whole big database per million events in it. */
  readonly mibPerMillionEvents: number;
  readonly ratios: { readonly commandP50: number; readonly commandP99: number; readonly readP50: number; readonly readP99: number; readonly append: number };
}

type Run = GrowthSide['runs'][number];

async function measureSide(server: BenchServer, db: BenchDatabase, api: { url: string; token: string }, accountOf: (n: number) => string, options: GrowthBenchOptions, tag: string): Promise<Run> {
  const http = { runs: 1, seconds: options.seconds, connections: options.connections, ...(options.amount ? { amount: options.amount } : {}) };
  const commands = await fire(api.url, api.token, tag, http);
  const reads = await fireReads(api.url, api.token, (n) => `/v1/accounts/${accountOf(n)}`, http, () => undefined);
  if (commands.errors + commands.non2xx + reads.failures > 0) throw new Error(`growth ${tag}: ${commands.errors + commands.non2xx} commands and ${reads.failures} reads failed`);
  const pool = createPool(db.url, { max: 20 });
  try {
    const store = new PostgresEventStore(pool);
    const ours: Contestant = { name: 'ours', append: (s, e, ev) => store.append(s, [ev], { expectedRevision: e < 0 ? 'no_stream' : e }).then(() => undefined), close: async () => undefined };
    const append = await measure(server, ours, 32, options.appendMs, 20, `growth-${tag}`);
    return { commandP50Ms: commands.p50Ms, commandP99Ms: commands.p99Ms, readP50Ms: reads.p50Ms, readP99Ms: reads.p99Ms, appendEventsPerSecond: append.eventsPerSecond };
  } finally {
    await pool.end();
  }
}

async function sizes(db: BenchDatabase): Promise<{ databaseMiB: number; eventsTableMiB: number; accounts: number }> {
  return withClient(db.url, async (client) => {
    const { rows } = await client.query<{ db: string; events: string; accounts: string }>(
      `SELECT pg_database_size(current_database()) AS db, pg_total_relation_size('events') AS events, (SELECT count(*) FROM accounts) AS accounts`,
    );
    const mib = (bytes: string) => round(Number(bytes) / 1024 ** 2, 0);
    return { databaseMiB: mib(rows[0].db), eventsTableMiB: mib(rows[0].events), accounts: Number(rows[0].accounts) };
  });
}

function side(events: number, size: Awaited<ReturnType<typeof sizes>>, runs: Run[]): GrowthSide {
  const m = (pick: (run: Run) => number) => median(runs.map(pick));
  return {
    events, ...size,
    commandP50Ms: m((r) => r.commandP50Ms), commandP99Ms: m((r) => r.commandP99Ms), readP50Ms: m((r) => r.readP50Ms), readP99Ms: m((r) => r.readP99Ms),
    appendEventsPerSecond: m((r) => r.appendEventsPerSecond), runs,
  };
}

export async function runGrowthBench(server: BenchServer, options: GrowthBenchOptions): Promise<GrowthFigures> {
  const ledgers: GrowthLedgers = await prepareGrowthLedgers(server, options.smallEvents, options.bigEvents);
  const { small, big, templateAccounts, copies } = ledgers;
  const apis = [await startApi(small, { manualClock: true }), await startApi(big, { manualClock: true })];
  try {
    // A random account of the ledger: a template account, or one of its copies in the big one.
    const accountOf = [(n: number) => `sim-${n % templateAccounts}`, (n: number) => `sim-${n % templateAccounts}${Math.floor(n / templateAccounts) % (copies + 1) === 0 ? '' : `-g${Math.floor(n / templateAccounts) % (copies + 1)}`}`];
    const dbs = [small, big];
    for (const [index, api] of apis.entries()) await measureSide(server, dbs[index], api, accountOf[index], { ...options, seconds: 1, appendMs: 300 }, `warm${index}`);
    const runs: Run[][] = [[], []];
    for (let run = 0; run < options.runs; run++) {
      for (const index of [0, 1]) runs[index].push(await measureSide(server, dbs[index], apis[index], accountOf[index], options, `r${run}s${index}`));
      const [s, b] = [runs[0][run], runs[1][run]];
      progress(
        `growth run ${run + 1}/${options.runs}: command p50/p99 ${s.commandP50Ms}/${s.commandP99Ms} → ${b.commandP50Ms}/${b.commandP99Ms} ms, read ${s.readP50Ms}/${s.readP99Ms} → ${b.readP50Ms}/${b.readP99Ms} ms, append ${s.appendEventsPerSecond} → ${b.appendEventsPerSecond} events/s`,
      );
    }
    const smallSide = side(ledgers.smallEvents, await sizes(small), runs[0]);
    const bigSide = side(ledgers.bigEvents, await sizes(big), runs[1]);
    const r = (a: number, b: number) => round(a / Math.max(b, 0.001), 2);
    return {
      small: smallSide,
      big: bigSide,
      loadSeconds: ledgers.loadSeconds,
      loadedEventsPerSecond: ledgers.loadedEventsPerSecond,
      mibPerMillionEvents: round(bigSide.databaseMiB / (bigSide.events / 1e6), 0),
      ratios: {
        commandP50: r(bigSide.commandP50Ms, smallSide.commandP50Ms),
        commandP99: r(bigSide.commandP99Ms, smallSide.commandP99Ms),
        readP50: r(bigSide.readP50Ms, smallSide.readP50Ms),
        readP99: r(bigSide.readP99Ms, smallSide.readP99Ms),
        append: r(smallSide.appendEventsPerSecond, bigSide.appendEventsPerSecond),
      },
    };
  } finally {
    for (const api of apis) await api.close();
    await big.drop();
    await small.drop();
  }
}
