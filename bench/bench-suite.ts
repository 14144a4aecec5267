import { runAppendBench, type AppendBenchOptions, type AppendFigure } from './append.bench';
import { progress, type BenchServer } from './bench-support';
import { runMachineLimitBench, type MachineLimitOptions, type MachineLimitProbe } from './machine-limit.bench';
import { runHttpBench, type HttpBenchOptions, type HttpFigures } from './http.bench';
import { runProjectionBench, type ProjectionBenchOptions, type ProjectionFigures } from './projection.bench';
import { runRelayBench, type RelayBenchOptions, type RelayFigures } from './relay.runner';
import { runReplayBench, type ReplayBenchOptions, type ReplayFigures } from './replay.bench';
import { runWebhookBench, type WebhookBenchOptions, type WebhookFigures } from './webhook.bench';

/**
 * The machine's limits, then the six benchmarks, in order; `only` picks some of them (BENCH_ONLY,
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
  readonly webhooks: WebhookBenchOptions;
}

export interface SuiteFigures {
  limits?: MachineLimitProbe[];
  append?: AppendFigure[];
  http?: HttpFigures;
  projection?: ProjectionFigures;
  replay?: ReplayFigures;
  relay?: RelayFigures;
  webhooks?: WebhookFigures;
}

export async function runSuite(server: BenchServer, options: SuiteOptions): Promise<SuiteFigures> {
  const wanted = (name: string) => !options.only || options.only.includes(name);
  const figures: SuiteFigures = {};
  if (wanted('limits')) {
    progress("0/5 the machine's limits: commits at 1 and 32 connections, batched inserts");
    figures.limits = await runMachineLimitBench(server, options.limits);
  }
  if (wanted('append')) {
    progress('1/6 append: ours vs raw SQL (one transaction; group commit) vs Emmett');
    figures.append = await runAppendBench(server, options.append);
  }
  if (wanted('http')) {
    progress('2/6 commands over HTTP: the API vs a bare Fastify route');
    figures.http = await runHttpBench(server, options.http);
  }
  if (wanted('projection')) {
    progress('3/6 projection catch-up: all read models vs a trivial batched upsert');
    figures.projection = await runProjectionBench(server, options.projection);
  }
  if (wanted('replay')) {
    progress(`4/6 full replay of ${options.replay.events} generated events`);
    figures.replay = await runReplayBench(server, options.replay);
  }
  if (wanted('relay')) {
    progress('5/6 relay to the Kafka mock cluster vs raw kafkajs');
    figures.relay = await runRelayBench(server, options.relay);
  }
  if (wanted('webhooks')) {
    progress('6/6 webhook deliveries to a local receiver vs raw HTTP POSTs of the same bodies');
    figures.webhooks = await runWebhookBench(server, options.webhooks);
  }
  return figures;
}
