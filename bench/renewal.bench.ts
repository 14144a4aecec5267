import type { ChildProcess } from 'node:child_process';
import type { Pool } from 'pg';
import { PostgresEventStore } from '../libs/event-store/postgres/postgres-event-store';
import { PAYMENT_COLLECTOR } from '../libs/application/payments/collector';
import { createPool } from '../libs/infra/database/pool';
import { waitForPosition } from '../libs/infra/projections/read-your-writes';
import { ALL_PROJECTIONS } from '../projections/all-projections';
import { median, medianOfAll, migratedPool, progress, round, type BenchDatabase, type BenchServer } from './bench-support';
import { catchUp } from './projection.bench';
import { loadRenewalAccounts, type RenewalMix } from './renewal-accounts';
import { readModelsAlone, type ReadModelsAloneRun } from './renewal-models';
import { rawAppendOf, renewalEvents } from './renewal-raw';
import { ask, cpuOf, startWorkerProcess, stopWorkerProcess } from './worker-process';

/**
 * Renewal day: every account's period ends at the same instant; the manual clock moves past it and
 * the benchmark times until every renewal invoice is issued, every card collected and every read
 * model caught up, with the work in one worker process and then split over two (WORKER_SHARE).
 * The yardstick is the raw group-commit append of the very events the run wrote, in the same
 * groups, measured in the same run.
 */
export interface RenewalBenchOptions {
  readonly accounts: number;
  readonly runs: number;
  /** Worker process counts to measure, e.g. [1, 2]. */
  readonly workers: readonly number[];
}

export interface RenewalRun {
  readonly workers: number;
  readonly seconds: number;
  readonly accountsPerSecond: number;
  readonly eventsPerSecond: number;
  readonly events: number;
  /** CPU of the worker processes and PostgreSQL per account, ms; PostgreSQL's part beside it. */
  readonly cpuMsPerAccount?: number;
  readonly pgCpuMsPerAccount?: number;
  readonly renewalInvoices: number;
  readonly cardsCollected: number;
}

export interface RawAppendRun {
  readonly events: number;
  readonly eventsPerSecond: number;
  readonly cpuUsPerEvent?: number;
}

export interface RenewalFigures {
  readonly mix: RenewalMix;
  readonly averageEventBytes: number;
  readonly runs: readonly RenewalRun[];
  readonly raw: readonly RawAppendRun[];
  /** Medians per worker count. */
  readonly byWorkers: ReadonlyArray<Omit<RenewalRun, 'renewalInvoices' | 'cardsCollected'>>;
  readonly rawEventsPerSecond: number;
  /** events/s with one worker ÷ the raw group-commit append of the same events. */
  readonly ratio: number;
  /** The read models alone over the same events (renewal-models.ts): a ceiling for the whole renewal. */
  readonly readModelsAlone?: readonly ReadModelsAloneRun[];
  readonly readModelsAloneEventsPerSecond?: number;
  /** The read models alone, events/s ÷ the raw append's. */
  readonly readModelsAloneRatio?: number;
}

export async function runRenewalBench(server: BenchServer, options: RenewalBenchOptions): Promise<RenewalFigures> {
  const template = await server.createDatabase('renewal_template');
  try {
    const { mix, renewAt } = await prepareTemplate(template, options.accounts);
    const runs: RenewalRun[] = [];
    const raw: RawAppendRun[] = [];
    const alone: ReadModelsAloneRun[] = [];
    let averageEventBytes = 0;
    for (let run = 0; run < options.runs; run++) {
      for (const workers of options.workers) {
        const db = await server.createDatabase('renewal', template);
        try {
          const figures = await renewOnce(server, db, workers, renewAt, mix);
          runs.push(figures);
          progress(`renewal run ${run + 1}/${options.runs}, ${workers} worker${workers > 1 ? 's' : ''}: ${figures.accountsPerSecond} accounts/s, ${figures.eventsPerSecond} events/s, CPU ${figures.cpuMsPerAccount ?? '?'} ms/account (PostgreSQL ${figures.pgCpuMsPerAccount ?? '?'})`);
          if (workers === options.workers[0]) {
            const events = await renewalEvents(db.url);
            averageEventBytes = events.averageBytes;
            const rawRun = await rawAppendOf(server, events);
            raw.push(rawRun);
            progress(`renewal run ${run + 1}/${options.runs}: raw group commit of the same ${rawRun.events} events: ${rawRun.eventsPerSecond} events/s, CPU ${rawRun.cpuUsPerEvent ?? '?'} µs/event`);
            const models = await readModelsAlone(server, template, db.url);
            alone.push(models);
            progress(`renewal run ${run + 1}/${options.runs}: the read models alone over the same ${models.events} events: ${models.eventsPerSecond} events/s, CPU ${models.cpuUsPerEvent ?? '?'} µs/event`);
          }
        } finally {
          await db.drop();
        }
      }
    }
    const byWorkers = options.workers.map((workers) => summarise(runs.filter((r) => r.workers === workers)));
    const rawEventsPerSecond = median(raw.map((r) => r.eventsPerSecond));
    const readModelsAloneEventsPerSecond = median(alone.map((r) => r.eventsPerSecond));
    return {
      mix, averageEventBytes, runs, raw, byWorkers, rawEventsPerSecond,
      ratio: round(byWorkers[0].eventsPerSecond / rawEventsPerSecond, 2),
      readModelsAlone: alone,
      readModelsAloneEventsPerSecond,
      readModelsAloneRatio: round(readModelsAloneEventsPerSecond / rawEventsPerSecond, 2),
    };
  } finally {
    await template.drop();
  }
}

function summarise(runs: readonly RenewalRun[]): Omit<RenewalRun, 'renewalInvoices' | 'cardsCollected'> {
  const cpu = { cpuMsPerAccount: medianOfAll(runs.map((r) => r.cpuMsPerAccount)), pgCpuMsPerAccount: medianOfAll(runs.map((r) => r.pgCpuMsPerAccount)) };
  return {
    workers: runs[0].workers,
    seconds: median(runs.map((r) => r.seconds)),
    accountsPerSecond: median(runs.map((r) => r.accountsPerSecond)),
    eventsPerSecond: median(runs.map((r) => r.eventsPerSecond)),
    events: median(runs.map((r) => r.events)),
    ...cpu,
  };
}

/** The accounts before renewal day, with every read model caught up and the collector at the head. */
async function prepareTemplate(template: BenchDatabase, accounts: number): Promise<{ mix: RenewalMix; renewAt: string }> {
  const pool = await migratedPool(template);
  try {
    const store = new PostgresEventStore(pool);
    progress(`renewal day: loading ${accounts} accounts anchored on one day`);
    const { mix, lastDueAt } = await loadRenewalAccounts(store, accounts);
    await caughtUp(pool, store);
    // One minute past the period start of every account.
    return { mix, renewAt: new Date(Date.parse(lastDueAt) + 60_000).toISOString() };
  } finally {
    await pool.end();
  }
}

async function renewOnce(server: BenchServer, db: BenchDatabase, workers: number, renewAt: string, mix: RenewalMix): Promise<RenewalRun> {
  const pool = createPool(db.url, { max: 4 });
  const children = await Promise.all(Array.from({ length: workers }, (_, index) => startWorker(db.url, index, workers)));
  try {
    const store = new PostgresEventStore(pool);
    const before = await pool.query<{ head: string }>('SELECT max(global_position) AS head FROM events');
    const startPosition = before.rows[0].head;
    const cpuBefore = [await cpuOf(children), server.cpuSeconds()];
    const started = performance.now();
    await Promise.all(children.map((child) => ask(child, { type: 'run', at: renewAt }, 'done')));
    await settle(pool, store);
    const seconds = (performance.now() - started) / 1000;
    const cpuAfter = [await cpuOf(children), server.cpuSeconds()];
    const { rows } = await pool.query<{ events: string; renewals: string; collected: string; still_due: string }>(
      `SELECT count(*) AS events,
              count(*) FILTER (WHERE event_type = 'InvoiceIssued' AND data->>'reason' = 'renewal') AS renewals,
              count(*) FILTER (WHERE event_type = 'PaymentRecorded' AND metadata->>'actor' = 'collector') AS collected,
              (SELECT count(*) FROM accounts WHERE next_due_at <= $2) AS still_due
         FROM events WHERE global_position > $1`,
      [startPosition, renewAt],
    );
    const counts = rows[0];
    if (Number(counts.renewals) !== mix.accounts || Number(counts.collected) !== mix.withCard || Number(counts.still_due) !== 0) {
      throw new Error(`renewal day incomplete: ${counts.renewals} renewal invoices of ${mix.accounts}, ${counts.collected} cards collected of ${mix.withCard}, ${counts.still_due} accounts still due`);
    }
    const events = Number(counts.events);
    const spent = (index: number) => (cpuAfter[index] === undefined || cpuBefore[index] === undefined ? undefined : (cpuAfter[index] as number) - (cpuBefore[index] as number));
    const [node, pg] = [spent(0), spent(1)];
    const perAccount = (cpuSeconds: number) => round((cpuSeconds * 1000) / mix.accounts, 2);
    return {
      workers,
      seconds: round(seconds, 2),
      accountsPerSecond: round(mix.accounts / seconds, 0),
      eventsPerSecond: round(events / seconds, 0),
      events,
      ...(node !== undefined && pg !== undefined ? { cpuMsPerAccount: perAccount(node + pg), pgCpuMsPerAccount: perAccount(pg) } : {}),
      renewalInvoices: Number(counts.renewals),
      cardsCollected: Number(counts.collected),
    };
  } finally {
    await Promise.all(children.map((child) => stopWorkerProcess(child)));
    await pool.end();
  }
}

/**
 * Every read model caught up with the ledger, and the payment collector placed at its head: the
 * generated histories settled their invoices themselves, so there is nothing for it to collect.
 */
export async function caughtUp(pool: Pool, store: PostgresEventStore): Promise<void> {
  await catchUp(pool, ALL_PROJECTIONS);
  await pool.query(`INSERT INTO projection_checkpoints (name, version, position) VALUES ($1, 1, $2)`, [PAYMENT_COLLECTOR, await store.headPosition()]);
}

/** Every running checkpoint (read models and the collector) at the head, and the head still. */
async function settle(pool: Pool, store: PostgresEventStore): Promise<void> {
  for (;;) {
    const head = await store.headPosition();
    if (head === undefined) return;
    const { rows } = await pool.query<{ name: string }>(`SELECT name FROM projection_checkpoints WHERE status = 'running'`);
    if (!(await waitForPosition(pool, rows.map((row) => row.name), head, 300_000))) throw new Error(`read models did not reach ${head}`);
    const failed = await pool.query<{ name: string; error: string }>(`SELECT name, error FROM projection_checkpoints WHERE status = 'failed'`);
    if (failed.rows.length > 0) throw new Error(`${failed.rows[0].name} failed: ${failed.rows[0].error}`);
    if ((await store.headPosition()) === head) return;
  }
}

/**
 * One process follows the whole feed; of two, the first keeps the read models and the second the
 * collector, so that each core gets a part of the feed's work as well as half the due work.
 */
function followersOf(index: number, count: number): string {
  if (count === 1) return 'read-models,collector';
  return ['read-models', 'collector'][index] ?? '';
}

function startWorker(databaseUrl: string, index: number, count: number): Promise<ChildProcess> {
  return startWorkerProcess(databaseUrl, `${index + 1}/${count}`, followersOf(index, count));
}
