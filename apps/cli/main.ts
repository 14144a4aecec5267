/**
 * `npm run ledger -- <command>`: finance's tools (api.md, "Command line").
 *   replay [--projection NAME]            rebuild read models from the events (blue/green)
 *   verify                                hash chains, stream tips, read models vs a rebuild, ledger invariants
 *   export --from D --to D [--format csv|jsonl]   journal entries
 *   token --role R [--account ID] [--ttl SECONDS]  mint a token with the configured secret
 *   demo [--accounts N] [--months M] [--seed S]     fill an empty ledger with a simulated history
 * Exit codes: 0 fine, 1 findings or failure, 2 bad usage or configuration.
 */
import 'reflect-metadata';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import { ROLES, TokenService, type Role } from '../../libs/infra/auth/auth';
import { ConfigError, loadConfig, type AppConfig } from '../../libs/infra/config/config';
import { createLogger } from '../../libs/infra/logging/logger';
import { createProgress, type Progress } from '../../libs/infra/progress';
import { rebuildAndSwap } from '../../libs/infra/projections/projection-rebuild';
import { createRuntime, DATABASE_URL_FILE, type Runtime } from '../../libs/infra/runtime';
import { runVerify } from '../../libs/application/verify/run-verify';
import { ALL_PROJECTIONS } from '../../projections/all-projections';
import { DemoRefused, runDemo } from '../../libs/application/demo/run-demo';
import { exportJournal, UsageError } from './ledger-checks';


async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const { values } = parseArgs({
    args: rest,
    options: {
      projection: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, format: { type: 'string' }, role: { type: 'string' }, account: { type: 'string' }, ttl: { type: 'string' },
      accounts: { type: 'string' }, months: { type: 'string' }, seed: { type: 'string' },
    },
    strict: true,
  });
  const config = loadConfig();
  switch (command) {
    case 'token':
      return token(config, values.role, values.account, values.ttl);
    case 'replay':
      return withRuntime(config, (runtime) => replay(runtime, values.projection));
    case 'verify':
      return withRuntime(config, verify);
    case 'export':
      return withRuntime(config, (runtime) => exportJournal(runtime, values.from, values.to, values.format ?? 'csv', process.stdout));
    case 'demo':
      return withRuntime(config, (runtime) => demo(runtime, values));
    default:
      throw new UsageError(`unknown command ${JSON.stringify(command ?? '')}; use replay, verify, export, token or demo`);
  }
}

async function token(config: AppConfig, role: string | undefined, accountId: string | undefined, ttl: string | undefined): Promise<number> {
  if (!role || !ROLES.includes(role as Role)) throw new UsageError(`--role must be one of ${ROLES.join(', ')}`);
  if (role === 'vendor' && !accountId) throw new UsageError('a vendor token needs --account');
  const seconds = ttl ? Number(ttl) : 3600;
  if (!Number.isInteger(seconds) || seconds <= 0) throw new UsageError('--ttl must be a positive number of seconds');
  process.stdout.write(`${await new TokenService(config.jwtSecret).mint({ sub: `cli-${role}`, role: role as Role, accountId }, seconds)}\n`);
  return 0;
}

function positiveInteger(value: string | undefined, name: string, fallback: number, max: number): number {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1 || parsed > max) throw new UsageError(`--${name} must be a whole number from 1 to ${max}`);
  return parsed;
}

async function demo(runtime: Runtime, values: { accounts?: string; months?: string; seed?: string }): Promise<number> {
  const accounts = positiveInteger(values.accounts, 'accounts', 150, 20_000);
  const months = positiveInteger(values.months, 'months', 12, 36);
  const seed = positiveInteger(values.seed, 'seed', 2026, 2 ** 31);
  let progress: Progress | undefined;
  const onDay = (day: number, days: number, note: string) => {
    progress ??= createProgress(`demo: ${accounts} vendors over ${months} months, simulated days`, days);
    progress.tick(day, note);
  };
  try {
    const report = await runDemo(runtime.pool, runtime.store, runtime.logger, { accounts, months, seed, onDay });
    progress?.finish('done');
    const refused = [...report.refused].map(([code, count]) => `${code} ${count}`).join(', ');
    process.stdout.write(`demo: ${report.accounts} accounts, ${report.commands} commands from ${report.from.slice(0, 10)} to ${report.to.slice(0, 10)}${refused ? `; refused as the rules say: ${refused}` : ''}\n`);
    return 0;
  } catch (error) {
    if (error instanceof DemoRefused) {
      process.stderr.write(`ledger demo: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}

async function replay(runtime: Runtime, name: string | undefined): Promise<number> {
  const projections = name ? ALL_PROJECTIONS.filter((p) => p.name === name) : ALL_PROJECTIONS;
  if (projections.length === 0) throw new UsageError(`no read model named ${name}; known: ${ALL_PROJECTIONS.map((p) => p.name).join(', ')}`);
  const total = await eventCount(runtime);
  // One pass over the feed for all of them, and one swap at the end.
  const progress = createProgress(`replay ${projections.map((p) => p.name).join(', ')}`, total);
  const applied = await rebuildAndSwap(runtime.pool, runtime.store, projections, (n) => progress.tick(n));
  progress.tick(applied);
  progress.finish('swapped in');
  return 0;
}

async function verify(runtime: Runtime): Promise<number> {
  const total = await eventCount(runtime);
  const outcome = await runVerify(runtime.pool, runtime.store, runtime.config.eventStore, { phase: (name) => createProgress(`verify ${name}`, total) });
  for (const finding of outcome.findings) process.stdout.write(`FINDING ${finding.check}: ${finding.detail}\n`);
  process.stdout.write(outcome.findings.length === 0 ? `verify: OK — ${outcome.events} events, ${outcome.streams} streams, ${outcome.readModels} read models, ledger invariants hold\n` : `verify: ${outcome.findings.length} finding(s)\n`);
  return outcome.findings.length === 0 ? 0 : 1;
}

async function eventCount(runtime: Runtime): Promise<number | undefined> {
  if (runtime.config.eventStore !== 'postgres') return undefined;
  const { rows } = await runtime.pool.query<{ count: string }>('SELECT count(*) FROM events');
  return Number(rows[0].count);
}

/** Uses the running service's embedded database when there is one; otherwise starts it. */
async function withRuntime(config: AppConfig, work: (runtime: Runtime) => Promise<number>): Promise<number> {
  let effective = config;
  const file = join(config.dataDir, DATABASE_URL_FILE);
  if (!config.databaseUrl && existsSync(file)) {
    const url = readFileSync(file, 'utf8').trim();
    if (await reachable(url)) effective = { ...config, databaseUrl: url };
  }
  const runtime = await createRuntime(effective, { logger: createLogger(process.env.LOG_LEVEL ?? 'warn') });
  try {
    return await work(runtime);
  } finally {
    await runtime.close();
  }
}

async function reachable(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    const usage = error instanceof UsageError || error instanceof ConfigError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    console.error(usage ? `ledger: ${(error as Error).message}` : error);
    process.exit(usage ? 2 : 1);
  },
);
