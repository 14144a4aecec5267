import { runAppendBench, type AppendBenchOptions, type AppendFigure } from './append.bench';
import { progress, type BenchServer } from './bench-support';
import { runMachineLimitBench, type MachineLimitOptions, type MachineLimitProbe } from './machine-limit.bench';
import { runHttpBench, type HttpBenchOptions, type HttpFigures } from './http.bench';
import { runProjectionBench, type ProjectionBenchOptions, type ProjectionFigures } from './projection.bench';
import { runRelayBench, type RelayBenchOptions, type RelayFigures } from './relay.runner';
import { runReplayBench, type ReplayBenchOptions, type ReplayFigures } from './replay.bench';
import { runGrowthBench, type GrowthBenchOptions, type GrowthFigures } from './growth.bench';
import { runReadsBench, type ReadsBenchOptions, type ReadsFigures } from './reads.bench';
import { runRenewalBench, type RenewalBenchOptions, type RenewalFigures } from './renewal.bench';

/**
 * The machine's limits, then the benchmarks, in order; `only` picks some of them (BENCH_ONLY,
 * and the smoke test).
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
  renewal?: RenewalFigures;
  reads?: ReadsFigures;
  growth?: GrowthFigures;
}

export async function runSuite(server: BenchServer, options: SuiteOptions): Promise<SuiteFigures> {
  const wanted = (name: string) => !options.only || options.only.includes(name);
  const figures: SuiteFigures = {};
  if (wanted('limits')) {
    progress("0/5 the machine's limits: commits at 1 and 32 connections, batched inserts");
    figures.limits = await runMachineLimitBench(server, options.limits);
  }
  if (wanted('append')) {
    progress('1/8 append: ours vs raw SQL (one transaction; group commit) vs Emmett');
    figures.append = await runAppendBench(server, options.append);
  }
  if (wanted('http')) {
    progress('2/8 commands over HTTP: the API vs a bare Fastify route');
    figures.http = await runHttpBench(server, options.http);
  }
  if (wanted('projection')) {
    progress('3/8 projection catch-up: all read models vs a trivial batched upsert');
    figures.projection = await runProjectionBench(server, options.projection);
  }
  if (wanted('replay')) {
    progress(`4/8 full replay of ${options.replay.events} generated events`);
    figures.replay = await runReplayBench(server, options.replay);
  }
  if (wanted('relay')) {
    progress('5/8 relay to the Kafka mock cluster vs raw kafkajs');
    figures.relay = await runRelayBench(server, options.relay);
  }
  if (wanted('renewal')) {
    progress(`6/8 renewal day: ${options.renewal.accounts} accounts renewing at once, 1 and 2 worker processes vs the raw group-commit append of the same events`);
    figures.renewal = await runRenewalBench(server, options.renewal);
  }
  if (wanted('reads')) {
    progress(`7/8 reads: the API's account and invoice reads vs a bare route doing the same SELECT, over ${options.reads.accounts} accounts`);
    figures.reads = await runReadsBench(server, options.reads);
  }
  if (wanted('growth')) {
    progress(`8/8 growth: commands, reads and appends on ${options.growth.smallEvents} vs ${options.growth.bigEvents} events`);
    figures.growth = await runGrowthBench(server, options.growth);
  }
  return figures;
}
