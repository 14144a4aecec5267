import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import type { Pool } from 'pg';
import { serverScratchDir, startEmbeddedPostgres } from '../libs/infra/database/embedded-postgres';
import { withClient } from '../libs/infra/database/pool';
import { migrate } from '../libs/infra/database/migrate';
import { createPool } from '../libs/infra/database/pool';

/**
 * What every benchmark shares: one PostgreSQL server for the whole run (so that contestants meet
 * the same server), a fresh database per contestant, medians and percentiles, and progress lines
 * on stderr so that stdout and the written files hold only results.
 */
export interface BenchServer {
  readonly url: string;
  readonly embedded: boolean;
  /** A fresh database; with `template`, a copy of that one (which must have no connections). */
  createDatabase(prefix: string, template?: BenchDatabase): Promise<BenchDatabase>;
  /** CPU seconds the server's processes have used so far; undefined when it is not ours to see. */
  cpuSeconds(): number | undefined;
  stop(): Promise<void>;
}

export interface BenchDatabase {
  readonly url: string;
  readonly name: string;
  drop(): Promise<void>;
}

export async function startBenchServer(serverUrl = process.env.BENCH_DATABASE_URL): Promise<BenchServer> {
  let url = serverUrl;
  let stop = async (): Promise<void> => undefined;
  let cpuSeconds = (): number | undefined => undefined;
  if (!url) {
    const scratch = serverScratchDir('ledger-bench-');
    const db = await startEmbeddedPostgres({ dataDir: join(scratch, 'postgres'), persistent: false });
    cpuSeconds = () => processTreeCpuSeconds(db.pid);
    url = db.url;
    stop = async () => {
      await db.stop();
      rmSync(scratch, { recursive: true, force: true });
    };
  }
  const admin = url;
  return {
    url: admin,
    embedded: !serverUrl,
    stop,
    cpuSeconds,
    async createDatabase(prefix: string, template?: BenchDatabase) {
      const name = `bench_${prefix}_${randomBytes(4).toString('hex')}`;
      await withClient(admin, (client) => client.query(`CREATE DATABASE ${name}${template ? ` TEMPLATE ${template.name}` : ''}`));
      const dbUrl = new URL(admin);
      dbUrl.pathname = `/${name}`;
      return {
        name,
        url: dbUrl.toString(),
        drop: () => withClient(admin, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
      };
    },
  };
}

/**
 * CPU time (user + system) of a process and its children, from /proc (Linux). The machine is
 * shared, so wall-clock throughput is noisy; CPU spent per operation is not, and shows where a
 * request's cost goes. The root's own figure includes the CPU of the children it has reaped
 * (cutime, cstime), so backends and autovacuum workers that exited are still counted.
 */
export function processTreeCpuSeconds(root: number): number | undefined {
  try {
    const ticksPerSecond = 100;
    let ticks = 0;
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      let stat: string;
      try {
        stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      } catch {
        continue;
      }
      // Fields after the command name (which may hold spaces) start at its closing parenthesis:
      // [1] ppid, [11] utime, [12] stime, [13] cutime, [14] cstime.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(entry) === root) ticks += Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
      else if (Number(fields[1]) === root) ticks += Number(fields[11]) + Number(fields[12]);
    }
    return ticks / ticksPerSecond;
  } catch {
    return undefined;
  }
}

/** Node's own CPU seconds so far. */
export function nodeCpuSeconds(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
}

/**
 * Before a measurement: the database vacuumed and analysed, and the server's dirty pages written
 * (CHECKPOINT), so that what comes next does not pay for what came before it. Without it, the
 * second and third of three back-to-back replays ran beside the autovacuum of the tables the run
 * before had built; the reads section's freshly loaded tables would be visited the same way
 * during its measurement (docs/decisions.md).
 * CHECKPOINT needs a superuser or pg_checkpoint; on a server where it is refused, the run goes on.
 */
export async function quietServer(pool: Pool): Promise<void> {
  await pool.query('VACUUM (ANALYZE)');
  await pool.query('CHECKPOINT').catch((error: Error) => progress(`CHECKPOINT refused (${error.message}); measuring without it`));
}

/** A migrated database with the service's pool settings (`max` aside). */
export async function migratedPool(db: BenchDatabase, max = 20): Promise<Pool> {
  const pool = createPool(db.url, { max });
  await migrate(pool);
  return pool;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** The median of figures every run has; undefined when any run lacks it (CPU without /proc). */
export function medianOfAll(values: ReadonlyArray<number | undefined>): number | undefined {
  return values.length > 0 && values.every((v) => v !== undefined) ? median(values as number[]) : undefined;
}

/** Nearest-rank percentile of latencies (p in 0…100). */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = Float64Array.from(values).sort();
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank];
}

export function round(value: number, digits = 1): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** Progress goes to stderr: results stay on stdout and in the written files. */
export function progress(message: string): void {
  if (quiet()) return;
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

/** BENCH_QUIET=1 silences progress (the smoke test inside npm test). */
export function quiet(): boolean {
  return process.env.BENCH_QUIET === '1';
}

export interface MachineInfo {
  readonly cpus: number;
  readonly cpuModel: string;
  readonly memoryGiB: number;
  readonly node: string;
  readonly platform: string;
  readonly postgres: string;
}

export async function machineInfo(serverUrl: string): Promise<MachineInfo> {
  const version = await withClient(serverUrl, (client) => client.query<{ server_version: string }>('SHOW server_version'));
  const cores = cpus();
  return {
    cpus: cores.length,
    cpuModel: cores[0]?.model ?? 'unknown',
    memoryGiB: round(totalmem() / 1024 ** 3, 1),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    postgres: version.rows[0].server_version,
  };
}

/** Runs `work` `runs` times and hands back every result, so callers can take medians per figure. */
export async function repeat<T>(runs: number, work: (run: number) => Promise<T>): Promise<T[]> {
  const results: T[] = [];
  for (let run = 0; run < runs; run++) results.push(await work(run));
  return results;
}

export function envNumber(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw.replace(/_/g, ''));
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number, got ${JSON.stringify(raw)}`);
  return value;
}

/** A figure for BENCHMARKS.md: grouped thousands, a fixed number of decimals, '—' when it was not measured. */
export const formatFigure = (value: number | undefined, digits = 0): string =>
  value === undefined || !Number.isFinite(value) ? '—' : value.toLocaleString('en-GB', { maximumFractionDigits: digits, minimumFractionDigits: digits });
