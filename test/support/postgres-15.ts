import { spawn } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { freePort, serverScratchDir } from '../../libs/infra/database/embedded-postgres';
import { startPostgresServer } from '../../libs/infra/database/postgres-server';
import { serverUser } from '../../libs/infra/database/server-user';

/**
 * PostgreSQL 15, the oldest version the ledger supports, for the test runner's second pass
 * (docs/decisions.md, "Platform: the test runner"). Debian's package provides the binaries
 * (installed with apt-get when missing, as root); the server is started here on a free loopback
 * port in a temporary folder, as the unprivileged `postgres` user when the runner is root.
 * TEST_PG15_URL points at a PostgreSQL 15 that already runs instead.
 */
export interface CrossVersionServer {
  readonly url: string;
  readonly version: string;
  stop(): Promise<void>;
}

/** Why the PostgreSQL 15 pass could not run; the runner reports it and counts the pass as not passed. */
export class NotRun extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'NotRun';
  }
}

const BIN_DIR = '/usr/lib/postgresql/15/bin';

export async function startPostgres15(say: (line: string) => void): Promise<CrossVersionServer> {
  const given = process.env.TEST_PG15_URL;
  if (given) return { url: given, version: await serverVersion(given), stop: async () => undefined };
  if (!existsSync(join(BIN_DIR, 'postgres'))) await install(say);
  const scratch = serverScratchDir('ledger-pg15-');
  try {
    const server = await startPostgresServer({
      binDir: BIN_DIR,
      dataDir: join(scratch, 'cluster'),
      port: await freePort(),
      persistent: false,
      user: serverUser(),
      settings: { idle_in_transaction_session_timeout: '60000', max_connections: '300' },
    });
    if (!server.version.startsWith('15.')) throw new NotRun(`${BIN_DIR} runs PostgreSQL ${server.version}, not 15`);
    return { url: server.url, version: server.version, stop: async () => { await server.stop(); rmSync(scratch, { recursive: true, force: true }); } };
  } catch (error) {
    rmSync(scratch, { recursive: true, force: true });
    throw error instanceof NotRun ? error : new NotRun((error as Error).message);
  }
}

async function install(say: (line: string) => void): Promise<void> {
  if (process.getuid?.() !== 0) throw new NotRun(`PostgreSQL 15 is not installed (${BIN_DIR}) and installing it needs root: apt-get install postgresql-15, or set TEST_PG15_URL to a PostgreSQL 15 server`);
  if (!existsSync('/etc/debian_version') || !(await succeeds('apt-get', ['--version']))) {
    throw new NotRun(`PostgreSQL 15 is not installed (${BIN_DIR}) and this is not a Debian system with apt-get: install PostgreSQL 15 and set TEST_PG15_URL to it`);
  }
  say("PostgreSQL 15: installing Debian's postgresql-15 with apt-get for the cross-version pass (once per machine)");
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const installArgs = ['install', '-y', '-qq', '--no-install-recommends', 'postgresql-15'];
  // A fresh machine may have no package lists yet: update only when the first try fails.
  if ((await attempt('apt-get', installArgs, env)) === undefined) return;
  await attempt('apt-get', ['update', '-qq'], env);
  const failure = await attempt('apt-get', installArgs, env);
  if (failure !== undefined) throw new NotRun(`apt-get install postgresql-15 failed (${failure}): install PostgreSQL 15 and set TEST_PG15_URL to it`);
}

async function succeeds(command: string, args: string[]): Promise<boolean> {
  return (await attempt(command, args, process.env)) === undefined;
}

/** undefined when the command succeeded, else the last line it wrote to stderr. */
function attempt(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<string | undefined> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-1_000)));
    child.once('error', (error) => resolve(error.message));
    child.once('exit', (code) => resolve(code === 0 ? undefined : (stderr.trim().split('\n').at(-1) ?? `exit ${code}`)));
  });
}

async function serverVersion(url: string): Promise<string> {
  const client = new Client({ connectionString: url });
  try {
    await client.connect();
    const version = (await client.query<{ server_version: string }>('SHOW server_version')).rows[0]?.server_version ?? 'unknown';
    if (!version.startsWith('15.')) throw new NotRun(`TEST_PG15_URL runs PostgreSQL ${version}, not 15`);
    return version;
  } catch (error) {
    throw error instanceof NotRun ? error : new NotRun(`TEST_PG15_URL cannot be reached: ${(error as Error).message}`);
  } finally {
    await client.end().catch(() => undefined);
  }
}
