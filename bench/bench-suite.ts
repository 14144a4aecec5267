import { runAppendBench, CONTESTANTS, type AppendBenchOptions, type AppendFigure } from './append.bench';
import { progress, type BenchServer } from './bench-support';
import { PROBES, runMachineLimitBench, type MachineLimitOptions, type MachineLimitProbe } from './machine-limit.bench';
import { runHttpBench, type HttpBenchOptions, type HttpFigures } from './http.bench';
import { runProjectionBench, type ProjectionBenchOptions, type ProjectionFigures } from './projection.bench';
import { runRelayBench, type RelayBenchOptions, type RelayFigures } from './relay.runner';
import { runReplayBench, type ReplayBenchOptions, type ReplayFigures } from './replay.bench';
import { runGrowthBench, type GrowthBenchOptions, type GrowthFigures } from './growth.bench';
import { runReadsBench, type ReadsBenchOptions, type ReadsFigures } from './reads.bench';
import { runRenewalBench, type RenewalBenchOptions, type RenewalFigures } from './renewal.bench';
import { runWebhookBench, type WebhookBenchOptions, type WebhookFigures } from './webhook.bench';

/**
 * The machine's limits, then the benchmarks, in order; `only` picks some of them (BENCH_ONLY,
 * and the smoke test). Before it starts, the suite prints what it will run and how long that
 * should take, and before each section how much is left.
 */
export interface SuiteOptions {
  readonly runs: number;
  readonly only?: readonly string[];
  readonly limits: MachineLimitOptions;
  readonly append: AppendBenchOptions;
  readonly http: HttpBenchOptions;
  readonly projection: ProjectionBenchOptions;
  readonly replay: ReplayBenchOptions;
  readonly relay: RelayBenchOptions;
  readonly webhooks: WebhookBenchOptions;
  readonly renewal: RenewalBenchOptions;
  readonly reads: ReadsBenchOptions;
  readonly growth: GrowthBenchOptions;
}

export interface SuiteFigures {
  limits?: MachineLimitProbe[];
  append?: AppendFigure[];
  http?: HttpFigures;
  projection?: ProjectionFigures;
  replay?: ReplayFigures;
  relay?: RelayFigures;
  webhooks?: WebhookFigures;
  renewal?: RenewalFigures;
  reads?: ReadsFigures;
  growth?: GrowthFigures;
  /** Wall-clock seconds each section took, beside the estimate it was announced with. */
  sectionSeconds?: Record<string, { took: number; estimated: number }>;
}

type SectionName = Exclude<keyof SuiteFigures, 'sectionSeconds'>;

interface Section {
  readonly name: SectionName;
  readonly title: (o: SuiteOptions) => string;
  /** Rough seconds on the 2-core machine BENCHMARKS.md was written on, from the sizes asked for. */
  readonly estimate: (o: SuiteOptions) => number;
  readonly run: (server: BenchServer, o: SuiteOptions, figures: SuiteFigures) => Promise<void>;
}

// Rates of the last full runs on the 2-core machine, used only to announce how long a run will take.
const GENERATED_EVENTS_PER_SECOND = 17_000;
const REPLAYED_EVENTS_PER_SECOND = 26_000;
const BULK_LOADED_EVENTS_PER_SECOND = 11_000;
const RENEWAL_ACCOUNTS_PER_SECOND = { loading: 600, oneWorker: 280, twoWorkers: 450 };

const SECTIONS: readonly Section[] = [
  { name: 'limits', title: () => "the machine's limits: commits at 1 and 32 connections, batched inserts",
    estimate: (o) => PROBES.length * o.limits.runs * (o.limits.durationMs / 1000 + 0.3),
    run: async (server, o, f) => { f.limits = await runMachineLimitBench(server, o.limits); } },
  { name: 'append', title: () => 'append: ours vs raw SQL (one transaction; group commit) vs Emmett',
    estimate: (o) => Object.keys(CONTESTANTS).length * o.append.writers.length * o.append.runs * (o.append.durationMs / 1000 + 0.2) + 10,
    run: async (server, o, f) => { f.append = await runAppendBench(server, o.append); } },
  { name: 'http', title: () => 'commands over HTTP: the API vs a bare Fastify route',
    estimate: (o) => (4 * o.http.runs + 2) * o.http.seconds + 40,
    run: async (server, o, f) => { f.http = await runHttpBench(server, o.http); } },
  { name: 'projection', title: () => 'projection catch-up: all read models vs a trivial batched upsert',
    estimate: (o) => o.projection.events / GENERATED_EVENTS_PER_SECOND + o.projection.runs * (o.projection.events / 20_000) + 5,
    run: async (server, o, f) => { f.projection = await runProjectionBench(server, o.projection); } },
  { name: 'replay', title: (o) => `full replay of ${o.replay.events} generated events`,
    estimate: (o) => o.replay.events / GENERATED_EVENTS_PER_SECOND + (o.replay.runs ?? 3) * (o.replay.events / REPLAYED_EVENTS_PER_SECOND) + 10,
    run: async (server, o, f) => { f.replay = await runReplayBench(server, o.replay); } },
  { name: 'relay', title: () => 'relay to the Kafka mock cluster vs raw kafkajs',
    estimate: (o) => 20 + o.relay.events / 1_000,
    run: async (server, o, f) => { f.relay = await runRelayBench(server, o.relay); } },
  { name: 'renewal', title: (o) => `renewal day: ${o.renewal.accounts} accounts renewing at once, ${o.renewal.workers.join(' and ')} worker processes vs the raw group-commit append of the same events, and the read models alone over them`,
    estimate: (o) => {
      const { accounts, runs, workers } = o.renewal;
      const perRun = workers.reduce((sum, w) => sum + 10 + accounts / (w > 1 ? RENEWAL_ACCOUNTS_PER_SECOND.twoWorkers : RENEWAL_ACCOUNTS_PER_SECOND.oneWorker), 0) + accounts / 2_000 + accounts / 1_500;
      return accounts / RENEWAL_ACCOUNTS_PER_SECOND.loading + runs * perRun;
    },
    run: async (server, o, f) => { f.renewal = await runRenewalBench(server, o.renewal); } },
  { name: 'reads', title: (o) => `reads: the API's account and invoice reads vs a bare route doing the same SELECT, over ${o.reads.accounts} accounts`,
    estimate: (o) => o.reads.accounts / RENEWAL_ACCOUNTS_PER_SECOND.loading + 2 * (15 + 3 * o.reads.runs * o.reads.seconds),
    run: async (server, o, f) => { f.reads = await runReadsBench(server, o.reads); } },
  { name: 'growth', title: (o) => `growth: commands, reads and appends on ${o.growth.smallEvents} vs ${o.growth.bigEvents} events`,
    estimate: (o) => {
      const g = o.growth;
      return g.smallEvents / GENERATED_EVENTS_PER_SECOND + (g.bigEvents - g.smallEvents) / BULK_LOADED_EVENTS_PER_SECOND + (g.runs + 1) * 2 * (2 * g.seconds + g.appendMs / 1000 + 2);
    },
    run: async (server, o, f) => { f.growth = await runGrowthBench(server, o.growth); } },
  { name: 'webhooks', title: () => 'webhook deliveries to a local receiver vs raw HTTP POSTs of the same bodies',
    estimate: (o) => 20 + (o.webhooks.runs * o.webhooks.events) / 500,
    run: async (server, o, f) => { f.webhooks = await runWebhookBench(server, o.webhooks); } },
];

const minutes = (seconds: number): string => (seconds < 90 ? `${Math.round(seconds)} s` : `${(seconds / 60).toFixed(seconds < 600 ? 1 : 0)} min`);

export async function runSuite(server: BenchServer, options: SuiteOptions): Promise<SuiteFigures> {
  const chosen = SECTIONS.filter((s) => !options.only || options.only.includes(s.name));
  const estimates = chosen.map((s) => s.estimate(options));
  const total = estimates.reduce((sum, e) => sum + e, 0);
  progress(`running ${chosen.length} of ${SECTIONS.length} sections (${chosen.map((s) => s.name).join(', ')}); expected ≈ ${minutes(total)} in all on an idle 2-core machine (${chosen.map((s, i) => `${s.name} ${minutes(estimates[i])}`).join(', ')})`);
  const figures: SuiteFigures = { sectionSeconds: {} };
  const started = performance.now();
  for (const [i, section] of chosen.entries()) {
    const left = estimates.slice(i).reduce((sum, e) => sum + e, 0);
    const elapsed = (performance.now() - started) / 1000;
    progress(`${SECTIONS.indexOf(section)}/${SECTIONS.length - 1} ${section.title(options)} (≈ ${minutes(estimates[i])}; ${minutes(elapsed)} elapsed, ≈ ${minutes(left)} left)`);
    const sectionStarted = performance.now();
    await section.run(server, options, figures);
    const took = Math.round((performance.now() - sectionStarted) / 1000);
    (figures.sectionSeconds as Record<string, { took: number; estimated: number }>)[section.name] = { took, estimated: Math.round(estimates[i]) };
    progress(`${section.name} done in ${minutes(took)} (estimated ${minutes(estimates[i])})`);
  }
  return figures;
}
