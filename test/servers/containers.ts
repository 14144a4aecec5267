/**
 * The real servers, through testcontainers. testcontainers 12 needs Node >= 22.22 and does not
 * load on Node 20 (see node-version.ts), while the ledger still installs on Node 20 with a quiet
 * `npm ci`; so its packages are not in the root install but in test/servers/deps, a folder with
 * its own package.json and lockfile that `npm run test:servers` installs on first use. Loaded only
 * by run-servers' entry point, once the Node version is known to be one testcontainers runs on.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { projectRoot } from '../../libs/infra/database/project-root';
import type { StartedServer } from './run-servers';
import type { ServerSpec } from './server-plan';

const depsDir = join(projectRoot(), 'test', 'servers', 'deps');

// The few parts of testcontainers' API used here, typed by hand: the packages are not installed
// when the rest of the project compiles.
interface Started {
  stop(): Promise<unknown>;
}
interface Startable<T extends Started> {
  start(): Promise<T>;
}
interface Testcontainers {
  getContainerRuntimeClient(): Promise<{ info: { containerRuntime: { host: string; serverVersion?: string } } }>;
}
interface PostgresModule {
  PostgreSqlContainer: new (image: string) => { withCommand(command: string[]): Startable<Started & { getConnectionUri(): string }> };
}
interface KurrentDbModule {
  KurrentDbContainer: new (image: string) => { withEnvironment(env: Record<string, string>): Startable<Started & { getConnectionString(): string }> };
}
interface KafkaModule {
  KafkaContainer: new (image: string) => { withKraft(): Startable<Started & { getHost(): string; getMappedPort(port: number): number }> };
}

/** Installs test/servers/deps from its lockfile the first time, saying so in one line. */
export function ensureInstalled(print: (line: string) => void): void {
  if (existsSync(join(depsDir, 'node_modules', 'testcontainers'))) return;
  print('test:servers: installing testcontainers into test/servers/deps (npm ci, first use only)');
  const result = spawnSync('npm', ['ci', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: depsDir, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`npm ci in ${depsDir} failed (exit ${result.status ?? result.signal})`);
}

function load<T>(name: string): T {
  return createRequire(join(depsDir, 'package.json'))(name) as T;
}

/** Resolves with a description of the engine, or rejects with testcontainers' reason. */
export async function findContainerRuntime(): Promise<string> {
  const client = await load<Testcontainers>('testcontainers').getContainerRuntimeClient();
  const { containerRuntime } = client.info;
  return `${containerRuntime.host} (server ${containerRuntime.serverVersion ?? 'unknown version'})`;
}

// The embedded PostgreSQL of `npm test` runs with these settings (libs/infra/database/embedded-postgres.ts);
// the contract suite opens pools of 40 while other suites run beside it.
const POSTGRES_FLAGS = ['-c', 'max_connections=300', '-c', 'idle_in_transaction_session_timeout=60000'];

// KurrentDB refuses appends over 1 MiB by default; the contract writes a 1 MB event (docs/kurrentdb.md).
const KURRENTDB_SETTINGS = { KURRENTDB_MAX_APPEND_SIZE: '8388608' };

const KAFKA_CLIENT_PORT = 9093;

export async function startContainer(server: ServerSpec): Promise<StartedServer> {
  if (!('container' in server.source)) throw new Error(`${server.id} is not a container`);
  const image = server.source.container;
  switch (server.kind) {
    case 'postgres': {
      const { PostgreSqlContainer } = load<PostgresModule>('@testcontainers/postgresql');
      const started = await new PostgreSqlContainer(image).withCommand(['postgres', ...POSTGRES_FLAGS]).start();
      return { endpoint: started.getConnectionUri(), stop: () => started.stop().then(() => undefined) };
    }
    case 'kurrentdb': {
      const { KurrentDbContainer } = load<KurrentDbModule>('@testcontainers/kurrentdb');
      const started = await new KurrentDbContainer(image).withEnvironment(KURRENTDB_SETTINGS).start();
      return { endpoint: started.getConnectionString(), stop: () => started.stop().then(() => undefined) };
    }
    case 'kafka': {
      // KRaft is the module's default from Confluent Platform 8; asked for explicitly so an older
      // image override fails loudly instead of starting ZooKeeper.
      const { KafkaContainer } = load<KafkaModule>('@testcontainers/kafka');
      const started = await new KafkaContainer(image).withKraft().start();
      return { endpoint: `${started.getHost()}:${started.getMappedPort(KAFKA_CLIENT_PORT)}`, stop: () => started.stop().then(() => undefined) };
    }
  }
}
