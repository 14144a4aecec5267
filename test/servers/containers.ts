/**
 * The real servers, through testcontainers. Loaded only by run-servers' entry point and only once
 * the Node version is known to be one testcontainers 12 runs on (see node-version.ts): requiring
 * it on Node 20 throws at load time, so nothing else imports this file.
 */
import type { StartedServer } from './run-servers';
import type { ServerSpec } from './server-plan';

/** Resolves with a description of the engine, or rejects with testcontainers' reason. */
export async function findContainerRuntime(): Promise<string> {
  const { getContainerRuntimeClient } = await import('testcontainers');
  const client = await getContainerRuntimeClient();
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
      const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
      const started = await new PostgreSqlContainer(image).withCommand(['postgres', ...POSTGRES_FLAGS]).start();
      return { endpoint: started.getConnectionUri(), stop: () => started.stop().then(() => undefined) };
    }
    case 'kurrentdb': {
      const { KurrentDbContainer } = await import('@testcontainers/kurrentdb');
      const started = await new KurrentDbContainer(image).withEnvironment(KURRENTDB_SETTINGS).start();
      return { endpoint: started.getConnectionString(), stop: () => started.stop().then(() => undefined) };
    }
    case 'kafka': {
      // KRaft is the module's default from Confluent Platform 8; asked for explicitly so an older
      // image override fails loudly instead of starting ZooKeeper.
      const { KafkaContainer } = await import('@testcontainers/kafka');
      const started = await new KafkaContainer(image).withKraft().start();
      return { endpoint: `${started.getHost()}:${started.getMappedPort(KAFKA_CLIENT_PORT)}`, stop: () => started.stop().then(() => undefined) };
    }
  }
}
