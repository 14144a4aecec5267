import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { ROLES, TokenService, type Role } from '../../libs/infra/auth/auth';
import type { AppConfig } from '../../libs/infra/config/config';
import { createLogger } from '../../libs/infra/logging/logger';
import { createProgress } from '../../libs/infra/progress';
import { rebuildAndSwap } from '../../libs/infra/projections/projection-rebuild';
import { createRuntime, DATABASE_URL_FILE, type Runtime } from '../../libs/infra/runtime';
import { verifyHashChains, verifyReadModels, verifyStreamTips } from '../../libs/application/verify/verify-ledger';
import { StreamTimeOrder } from '../../libs/application/verify/time-order';
import type { Finding } from '../../libs/infra/findings';
import { ALL_PROJECTIONS } from '../../projections/all-projections';
import { checkLedgerInvariants } from '../../projections/journal/ledger-invariants';
import { exportJournal, exportRange } from './journal-export';
import { AccountStates } from './ledger-checks';
import { UsageError, type LedgerCommand } from './usage';

/**
 * Every command of `npm run ledger` (api.md, "Command line"), in the order the usage lists them.
 * A new command is one more entry here: `demo` (a simulated history for an empty ledger) joins
 * the list when it lands, and the help text follows by itself.
 */
export const LEDGER_COMMANDS: readonly LedgerCommand[] = [
  {
    name: 'replay',
    synopsis: '[--projection NAME]',
    summary: 'Rebuild read models from the events (blue/green), with progress.',
    description: [
      'Rebuild read models from the events, beside the live ones, then swap them in; shows progress.',
      'The service keeps answering from the live tables while it runs.',
    ],
    options: [{ name: 'projection', value: 'NAME', help: `only this read model (${ALL_PROJECTIONS.map((p) => p.name).join(', ')}); default all` }],
    run: (values, config) => withRuntime(config(), (runtime) => replay(runtime, values.projection)),
  },
  {
    name: 'verify',
    synopsis: '',
    summary: 'Check hash chains, time order, stream tips, read models and ledger invariants; exit 1 on any finding.',
    description: [
      "Check every stream's hash chain and that its occurredAt never runs backwards, the stream tips,",
      'every read model against a rebuild from the events, and the ledger invariants. Prints each',
      'finding on standard output and exits 1 if there is any.',
    ],
    options: [],
    run: (_values, config) => withRuntime(config(), verify),
  },
  {
    name: 'export',
    synopsis: '--from YYYY-MM-DD --to YYYY-MM-DD [--format csv|jsonl]',
    summary: 'Journal entries of the days --from to --to, both included (UTC); decimal amounts, invoice numbers.',
    description: [
      'Journal entries that occurred from the start of --from to the end of --to: both days are',
      'included (UTC days), so "--from 2026-01-01 --to 2026-12-31" is the year 2026. Written to',
      'standard output in ledger order. Amounts are decimal numbers in the currency of their row',
      '(1.20 GBP, 228 JPY); each entry names its invoice or credit note by number (INV-000001, CN-000001).',
    ],
    options: [
      { name: 'from', value: 'YYYY-MM-DD', help: 'first day, included (UTC)' },
      { name: 'to', value: 'YYYY-MM-DD', help: 'last day, included (UTC); may equal --from' },
      { name: 'format', value: 'csv|jsonl', help: 'csv with one row per journal line (default), or one JSON entry per line' },
    ],
    run: (values, config) => {
      const range = exportRange(values.from, values.to);
      return withRuntime(config(), (runtime) => exportJournal(runtime, range, values.format ?? 'csv', process.stdout));
    },
  },
  {
    name: 'token',
    synopsis: `--role ${ROLES.join('|')} [--account ID] [--ttl SECONDS]`,
    summary: 'Mint an API token with the configured secret; prints the token alone.',
    description: [
      'Mint an API token signed with the configured secret (JWT_SECRET, or the one in DATA_DIR) and',
      'print it alone on standard output, so that TOKEN=$(npm run -s ledger -- token --role finance) works.',
    ],
    options: [
      { name: 'role', value: ROLES.join('|'), help: 'what the token may do' },
      { name: 'account', value: 'ID', help: 'the account a vendor token belongs to (required for vendor)' },
      { name: 'ttl', value: 'SECONDS', help: 'lifetime, default 3600' },
    ],
    run: (values, config) => token(config(), values.role, values.account, values.ttl),
  },
];

async function token(config: AppConfig, role: string | undefined, accountId: string | undefined, ttl: string | undefined): Promise<number> {
  if (!role || !ROLES.includes(role as Role)) throw new UsageError(`--role must be one of ${ROLES.join(', ')}`);
  if (role === 'vendor' && !accountId) throw new UsageError('a vendor token needs --account');
  const seconds = ttl ? Number(ttl) : 3600;
  if (!Number.isInteger(seconds) || seconds <= 0) throw new UsageError('--ttl must be a positive number of seconds');
  process.stdout.write(`${await new TokenService(config.jwtSecret).mint({ sub: `cli-${role}`, role: role as Role, accountId }, seconds)}\n`);
  return 0;
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
  const findings: Finding[] = [];
  const chains = createProgress('verify hash chains', total);
  const accounts = new AccountStates();
  const timeOrder = new StreamTimeOrder();
  const chainResult = await verifyHashChains(runtime.store, chains, (event) => {
    accounts.visit(event);
    timeOrder.visit(event);
  });
  chains.finish(`${chainResult.findings.length} finding(s)`);
  findings.push(...chainResult.findings, ...timeOrder.findings());
  if (runtime.config.eventStore === 'postgres') findings.push(...(await verifyStreamTips(runtime.pool, chainResult.tips, chainResult.broken)));
  const models = createProgress('verify read models', total);
  findings.push(...(await verifyReadModels(runtime.pool, runtime.store, ALL_PROJECTIONS, models)));
  models.finish();
  // Only meaningful on intact streams: a broken chain already failed verify.
  if (chainResult.findings.length === 0) findings.push(...(await checkLedgerInvariants(runtime.pool, accounts.truths())));
  for (const finding of findings) process.stdout.write(`FINDING ${finding.check}: ${finding.detail}\n`);
  process.stdout.write(findings.length === 0 ? `verify: OK — ${chainResult.events} events, ${chainResult.tips.size} streams, ${ALL_PROJECTIONS.length} read models, ledger invariants hold\n` : `verify: ${findings.length} finding(s)\n`);
  return findings.length === 0 ? 0 : 1;
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
