/**
 * The orchestration behind `npm run test:servers`: find a container engine (or refuse in one
 * line), start the servers, run the suites against each with its own environment, stop the
 * servers, and say what ran against what. Every effect is passed in, so run-servers.spec.ts
 * drives it without Docker; test/servers/main.ts passes the real ones.
 */
import { containersNeeded, describeSource, runEnvironment, suiteRuns, type ServerSpec, type SuiteRun } from './server-plan';
import { describeOutcome, runPassed, type SuiteOutcome } from './suite-summary';

export interface StartedServer {
  /** A PostgreSQL URL, a KurrentDB connection string, or Kafka's `host:port` bootstrap list. */
  readonly endpoint: string;
  stop(): Promise<void>;
}

export interface ServerEffects {
  readonly env: Readonly<Record<string, string | undefined>>;
  print(line: string): void;
  /** Resolves with a description of the engine; rejects with the reason there is none. */
  findContainerRuntime(): Promise<string>;
  startContainer(server: ServerSpec): Promise<StartedServer>;
  /** The server's own version string, when it can be asked (PostgreSQL's server_version). */
  serverVersion(server: ServerSpec, endpoint: string): Promise<string | undefined>;
  runSuites(run: SuiteRun, env: Record<string, string>): Promise<SuiteOutcome>;
}

export const EXIT_PASSED = 0;
export const EXIT_FAILED = 1;
export const EXIT_REFUSED = 2;

const VARIABLE_FOR = { postgres: 'DATABASE_URL', kurrentdb: 'KURRENTDB_URL', kafka: 'KAFKA_BROKERS' } as const;

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** The single line printed when containers are needed and no engine answers. */
export function refusalLine(containers: readonly ServerSpec[], reason: string): string {
  const labels = containers.map((s) => s.label).join(', ');
  const variables = [...new Set(containers.map((s) => VARIABLE_FOR[s.kind]))].join(', ');
  return `test:servers: no Docker engine (${oneLine(reason)}); it starts ${labels} in containers: start Docker, or point ${variables} at servers that already run. Nothing was tested.`;
}

interface Result {
  readonly run: SuiteRun;
  readonly where: string;
  readonly outcome: SuiteOutcome;
}

export async function runServers(servers: readonly ServerSpec[], effects: ServerEffects): Promise<number> {
  const containers = containersNeeded(servers);
  if (containers.length > 0) {
    try {
      effects.print(`test:servers: container engine ${await effects.findContainerRuntime()}`);
    } catch (error) {
      effects.print(refusalLine(containers, error instanceof Error ? error.message : String(error)));
      return EXIT_REFUSED;
    }
  }
  const started: StartedServer[] = [];
  try {
    const endpoints = await startAll(servers, effects, started);
    if (!endpoints) return EXIT_FAILED;
    const where = new Map<string, string>();
    for (const server of servers) {
      const version = await effects.serverVersion(server, endpoints.get(server.id) ?? '').catch(() => undefined);
      where.set(server.id, `${describeSource(server.source)}${version ? `, server ${version}` : ''}`);
    }
    const results: Result[] = [];
    for (const run of suiteRuns(servers, endpoints)) {
      effects.print(`test:servers: ${run.label} [${where.get(run.serverId)}]: ${run.filters.join(' ')}`);
      results.push({ run, where: where.get(run.serverId) ?? '', outcome: await effects.runSuites(run, runEnvironment(effects.env, run)) });
    }
    return report(results, effects);
  } finally {
    await Promise.allSettled(started.map((server) => server.stop()));
  }
}

/** Starts every container at once (image pulls overlap); on any failure the caller stops the rest. */
async function startAll(servers: readonly ServerSpec[], effects: ServerEffects, started: StartedServer[]): Promise<Map<string, string> | undefined> {
  const endpoints = new Map<string, string>();
  const attempts = await Promise.allSettled(
    servers.map(async (server) => {
      if (!('container' in server.source)) return endpoints.set(server.id, server.source.value);
      effects.print(`test:servers: starting ${server.label} from ${server.source.container}`);
      const running = await effects.startContainer(server);
      started.push(running);
      return endpoints.set(server.id, running.endpoint);
    }),
  );
  const failures = attempts.flatMap((attempt, i) => (attempt.status === 'rejected' ? [{ server: servers[i], reason: attempt.reason as unknown }] : []));
  for (const { server, reason } of failures) {
    effects.print(`test:servers: ${server.label} did not start from ${describeSource(server.source)}: ${oneLine(reason instanceof Error ? reason.message : String(reason))}`);
  }
  return failures.length === 0 ? endpoints : undefined;
}

function report(results: readonly Result[], effects: ServerEffects): number {
  effects.print('');
  effects.print('test:servers: what ran against what');
  let [passed, failed, skipped] = [0, 0, 0];
  for (const { run, where, outcome } of results) {
    effects.print(`  ${runPassed(outcome) ? '✔' : '✖'} ${run.label} [${where}]: ${describeOutcome(outcome)}`);
    passed += outcome.counts?.pass ?? 0;
    failed += (outcome.counts?.fail ?? 0) + (outcome.counts?.cancelled ?? 0) + (outcome.counts ? 0 : 1);
    skipped += outcome.counts?.skipped ?? 0;
  }
  effects.print(`test:servers: ${passed} passed, ${failed} failed, ${skipped} skipped`);
  return results.every((r) => runPassed(r.outcome)) ? EXIT_PASSED : EXIT_FAILED;
}
