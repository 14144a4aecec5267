/**
 * What `npm run test:servers` starts and what it runs against each server, as plain data: no
 * Docker, no testcontainers, so the choices are unit-tested on any machine (server-plan.spec.ts).
 * Image tags are pinned and chosen in docs/decisions.md ("Real servers: test:servers").
 */
export type ServerKind = 'postgres' | 'kurrentdb' | 'kafka';

export const POSTGRES_VERSIONS = [15, 16, 17, 18] as const;

export const DEFAULT_IMAGES = {
  postgres: (major: number): string => `postgres:${major}-alpine`,
  kurrentdb: 'kurrentplatform/kurrentdb:26.1.2',
  kafka: 'confluentinc/cp-kafka:8.2.0',
} as const;

/** A server to start in a container, or one that already runs and was named in the environment. */
export type ServerSource = { readonly container: string } | { readonly variable: 'DATABASE_URL' | 'KURRENTDB_URL' | 'KAFKA_BROKERS'; readonly value: string };

export interface ServerSpec {
  /** `postgres-15` … `postgres-18`, `postgres` (DATABASE_URL), `kurrentdb`, `kafka`. */
  readonly id: string;
  readonly kind: ServerKind;
  readonly label: string;
  readonly source: ServerSource;
}

/** One run of the ordinary test runner (test/support/run-tests.ts) against one server. */
export interface SuiteRun {
  readonly serverId: string;
  readonly label: string;
  /** Substrings of spec paths under dist/, as `npm run test:only -- …` takes them. */
  readonly filters: readonly string[];
  readonly env: Readonly<Record<string, string>>;
}

/** The suites each kind of server proves. PostgreSQL runs the engine's contract and everything end to end. */
export const SUITES: Readonly<Record<ServerKind, readonly string[]>> = {
  postgres: ['test/event-store-contract/postgres', 'libs/event-store/postgres/', 'test/projections/', 'test/e2e/'],
  kurrentdb: ['test/event-store-contract/kurrentdb', 'libs/event-store/kurrentdb/'],
  kafka: ['test/kafka/relay-real-kafka'],
};

/** Server variables a run must not inherit from the caller's shell: each run sees only its own server. */
export const SERVER_VARIABLES = ['DATABASE_URL', 'TEST_DATABASE_URL', 'KURRENTDB_URL', 'KAFKA_BROKERS'] as const;

export const TARGETS = ['postgres-15', 'postgres-16', 'postgres-17', 'postgres-18', 'kurrentdb', 'kafka'] as const;
export type Target = (typeof TARGETS)[number];

export class UsageError extends Error {}

/** Command-line words to targets: none means all, `postgres` means the four versions. */
export function parseTargets(words: readonly string[]): Target[] {
  if (words.length === 0) return [...TARGETS];
  const chosen = new Set<Target>();
  for (const word of words) {
    if (word === 'postgres') POSTGRES_VERSIONS.forEach((v) => chosen.add(`postgres-${v}`));
    else if ((TARGETS as readonly string[]).includes(word)) chosen.add(word as Target);
    else throw new UsageError(`unknown target ${JSON.stringify(word)}; choose from postgres, ${TARGETS.join(', ')}`);
  }
  return TARGETS.filter((t) => chosen.has(t));
}

type Env = Readonly<Record<string, string | undefined>>;

function given(env: Env, name: 'DATABASE_URL' | 'KURRENTDB_URL' | 'KAFKA_BROKERS'): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

/**
 * The servers for the chosen targets. A server named in the environment replaces its containers:
 * DATABASE_URL stands for every PostgreSQL version (it is one server, of whatever version it runs).
 */
export function planServers(targets: readonly Target[], env: Env): ServerSpec[] {
  const servers: ServerSpec[] = [];
  const databaseUrl = given(env, 'DATABASE_URL');
  const postgres = targets.filter((t) => t.startsWith('postgres-'));
  if (postgres.length > 0 && databaseUrl) {
    servers.push({ id: 'postgres', kind: 'postgres', label: 'PostgreSQL at DATABASE_URL', source: { variable: 'DATABASE_URL', value: databaseUrl } });
  } else {
    for (const target of postgres) {
      const major = Number(target.slice('postgres-'.length));
      servers.push({ id: target, kind: 'postgres', label: `PostgreSQL ${major}`, source: { container: DEFAULT_IMAGES.postgres(major) } });
    }
  }
  if (targets.includes('kurrentdb')) {
    const url = given(env, 'KURRENTDB_URL');
    const image = env.TEST_SERVERS_KURRENTDB_IMAGE || DEFAULT_IMAGES.kurrentdb;
    servers.push({ id: 'kurrentdb', kind: 'kurrentdb', label: 'KurrentDB', source: url ? { variable: 'KURRENTDB_URL', value: url } : { container: image } });
  }
  if (targets.includes('kafka')) {
    const brokers = given(env, 'KAFKA_BROKERS');
    const image = env.TEST_SERVERS_KAFKA_IMAGE || DEFAULT_IMAGES.kafka;
    servers.push({ id: 'kafka', kind: 'kafka', label: 'Kafka (KRaft)', source: brokers ? { variable: 'KAFKA_BROKERS', value: brokers } : { container: image } });
  }
  return servers;
}

export function containersNeeded(servers: readonly ServerSpec[]): ServerSpec[] {
  return servers.filter((s) => 'container' in s.source);
}

/**
 * The runs, given where each server answered. The relay and the KurrentDB contract also need a
 * PostgreSQL (the relay's checkpoint, the runner's own database): they get the newest one started,
 * and without one the runner starts its embedded PostgreSQL as in `npm test`.
 */
export function suiteRuns(servers: readonly ServerSpec[], endpoints: ReadonlyMap<string, string>): SuiteRun[] {
  const endpoint = (server: ServerSpec): string => {
    const value = endpoints.get(server.id);
    if (value === undefined) throw new Error(`no endpoint for ${server.id}: it was not started`);
    return value;
  };
  const newestPostgres = servers.filter((s) => s.kind === 'postgres').at(-1);
  const helperDatabase: Record<string, string> = newestPostgres ? { TEST_DATABASE_URL: endpoint(newestPostgres) } : {};
  return servers.map((server) => {
    const url = endpoint(server);
    const env: Record<string, string> =
      server.kind === 'postgres' ? { TEST_DATABASE_URL: url }
      : server.kind === 'kurrentdb' ? { ...helperDatabase, KURRENTDB_URL: url }
      : { ...helperDatabase, KAFKA_BROKERS: url };
    return { serverId: server.id, label: server.label, filters: SUITES[server.kind], env };
  });
}

/** The caller's environment without any server variable, plus the run's own. */
export function runEnvironment(base: Env, run: SuiteRun): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(base)) {
    if (value !== undefined && !(SERVER_VARIABLES as readonly string[]).includes(name)) env[name] = value;
  }
  return { ...env, ...run.env };
}

export function describeSource(source: ServerSource): string {
  return 'container' in source ? source.container : `${source.variable}=${redact(source.value)}`;
}

/** A URL's password is replaced, so the plan can be printed. */
export function redact(value: string): string {
  try {
    const url = new URL(value);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return value;
  }
}
