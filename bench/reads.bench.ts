import { generateLoad } from './load-generator';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Pool } from 'pg';
import { PostgresEventStore } from '../libs/event-store/postgres/postgres-event-store';
import { createPool } from '../libs/infra/database/pool';
import { median, medianOfAll, migratedPool, nodeCpuSeconds, progress, quietServer, round, type BenchDatabase, type BenchServer } from './bench-support';
import { startApi } from './http.bench';
import { loadRenewalAccounts } from './renewal-accounts';
import { caughtUp } from './renewal.bench';
import { installOutsideNestReads, OUTSIDE_NEST_PREFIX } from './reads-outside-nest';

/**
 * Reads: `GET /v1/accounts/{id}` and `GET /v1/accounts/{id}/invoices` of the real API (Nest,
 * JWT, validation, the QueryBus, the read model's query and its JSON view) at many connections
 * over many accounts, against a bare Fastify route that runs the same SELECT on the same table
 * and answers the rows as they come. Every request asks for a random account of the set.
 */
export interface ReadsBenchOptions {
  readonly runs: number;
  readonly seconds: number;
  readonly connections: number;
  readonly accounts: number;
  /** Smoke test: a fixed number of requests instead of a duration. */
  readonly amount?: number;
}

export interface ReadRunFigures {
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly failures: number;
  /** CPU of this process (server and load generator) and PostgreSQL per request, ms. */
  readonly cpuMsPerRequest?: number;
}

export interface ReadRoute {
  readonly route: string;
  readonly api: ReadRunFigures & { runs: ReadRunFigures[] };
  readonly bare: ReadRunFigures & { runs: ReadRunFigures[] };
  readonly ratio: number;
  /** For reference: the same API without its worker (whose feed followers poll even when idle). */
  readonly apiWithoutWorker?: ReadRunFigures & { runs: ReadRunFigures[] };
  /** For reference: the same read on a Fastify route of the same API, its hooks but not Nest (reads-outside-nest.ts). */
  readonly outsideNest?: ReadRunFigures & { runs: ReadRunFigures[] };
  /** outsideNest ÷ bare: what the lever docs/decisions.md declines would give. */
  readonly outsideNestRatio?: number;
}

export interface ReadsFigures {
  readonly accounts: number;
  readonly connections: number;
  readonly routes: readonly ReadRoute[];
}

const ROUTES = [
  { route: 'GET /v1/accounts/{id}', path: (id: string) => `/v1/accounts/${id}` },
  { route: 'GET /v1/accounts/{id}/invoices', path: (id: string) => `/v1/accounts/${id}/invoices` },
] as const;

/**
 * The SELECTs the read models' queries run (accounts.query.ts, invoices.query.ts), as named
 * statements like theirs: the bare route must not lose by parsing and planning what the API
 * plans once per connection.
 */
async function startBareReads(url: string): Promise<{ url: string; close: () => Promise<void> }> {
  const pool: Pool = createPool(url);
  const fastify: FastifyInstance = Fastify({ logger: false });
  fastify.get('/v1/accounts/:id', async (request) => {
    const { rows } = await pool.query({ name: 'bare_account', text: 'SELECT view FROM accounts WHERE account_id = $1', values: [(request.params as { id: string }).id] });
    return rows[0]?.view;
  });
  fastify.get('/v1/accounts/:id/invoices', async (request) => {
    const { rows } = await pool.query({
      name: 'bare_invoices',
      text: `SELECT invoice_id, account_id, number, position, status, amount_paid, issued FROM invoices
        WHERE account_id = $1 AND ($2::text IS NULL OR position < $2) ORDER BY position DESC LIMIT $3`,
      values: [(request.params as { id: string }).id, null, 21],
    });
    return { items: rows.slice(0, 20), nextCursor: null };
  });
  const address = await fastify.listen({ port: 0, host: '127.0.0.1' });
  return { url: address, close: async () => { await fastify.close(); await pool.end(); } };
}

/**
 * GETs of `path(n)` for pseudo-random n (one seeded sequence per call), at `connections`, from the
 * load generator's own process: the paths are drawn here and sent along.
 */
export async function fireReads(url: string, token: string, path: (n: number) => string, options: Pick<ReadsBenchOptions, 'connections' | 'seconds' | 'amount'>, pgCpu: () => number | undefined): Promise<ReadRunFigures> {
  let seed = 1;
  const paths = Array.from({ length: Math.min(options.amount ?? DRAWN_PATHS, DRAWN_PATHS) }, () => {
    seed = (seed * 48_271) % 2_147_483_647;
    return path(seed);
  });
  const before = [nodeCpuSeconds(), pgCpu()];
  const result = await generateLoad({ kind: 'gets', url, token, paths, connections: options.connections, seconds: options.seconds, amount: options.amount });
  const pgAfter = pgCpu();
  const cpu = before[1] === undefined || pgAfter === undefined ? undefined : nodeCpuSeconds() - (before[0] as number) + pgAfter - (before[1] as number);
  const total = Math.max(result.requests, 1);
  return {
    requestsPerSecond: round(result.requests / result.seconds, 0),
    p50Ms: result.p50Ms,
    p99Ms: result.p99Ms,
    failures: result.errors + result.non2xx,
    ...(cpu === undefined ? {} : { cpuMsPerRequest: round((cpu * 1000) / total, 3) }),
  };
}

/** Distinct paths drawn per run; the generator goes round them (a run sends fewer than this many at 32 connections in 8 s here). */
const DRAWN_PATHS = 100_000;

function summarise(runs: ReadRunFigures[]): ReadRunFigures & { runs: ReadRunFigures[] } {
  return {
    requestsPerSecond: median(runs.map((r) => r.requestsPerSecond)),
    p50Ms: median(runs.map((r) => r.p50Ms)),
    p99Ms: median(runs.map((r) => r.p99Ms)),
    failures: runs.reduce((sum, r) => sum + r.failures, 0),
    cpuMsPerRequest: medianOfAll(runs.map((r) => r.cpuMsPerRequest)),
    runs,
  };
}

/** A database holding `accounts` renewal-day accounts with every read model caught up. */
export async function accountsDatabase(server: BenchServer, accounts: number): Promise<BenchDatabase> {
  const db = await server.createDatabase('reads');
  const pool = await migratedPool(db);
  try {
    const store = new PostgresEventStore(pool);
    await loadRenewalAccounts(store, accounts);
    await caughtUp(pool, store);
    await quietServer(pool);
    return db;
  } finally {
    await pool.end();
  }
}

export async function runReadsBench(server: BenchServer, options: ReadsBenchOptions): Promise<ReadsFigures> {
  progress(`reads: loading ${options.accounts} accounts`);
  const db = await accountsDatabase(server, options.accounts);
  const bare = await startBareReads(db.url);
  const warm = { ...options, amount: options.amount ?? options.connections * 50 };
  const routes: ReadRoute[] = [];
  try {
    const api = await startApi(db, { manualClock: true, extraRoutes: installOutsideNestReads });
    try {
      for (const { route, path: routePath } of ROUTES) {
        const path = (n: number) => routePath(`renew-${n % options.accounts}`);
        // The load generator sends each path to the URL's host, so the prefix goes on the path.
        const contestants = [{ url: api.url, path }, { url: bare.url, path }, { url: api.url, path: (n: number) => `${OUTSIDE_NEST_PREFIX}${path(n)}` }];
        for (const c of contestants) await fireReads(c.url, api.token, c.path, warm, () => undefined);
        const runs: ReadRunFigures[][] = [[], [], []];
        for (let run = 0; run < options.runs; run++) {
          for (const [index, c] of contestants.entries()) runs[index].push(await fireReads(c.url, api.token, c.path, options, () => server.cpuSeconds()));
          const [a, b, o] = [runs[0][run], runs[1][run], runs[2][run]];
          progress(`reads ${route} run ${run + 1}/${options.runs}: API ${a.requestsPerSecond}/s p50 ${a.p50Ms} p99 ${a.p99Ms} ms CPU ${a.cpuMsPerRequest ?? '?'} ms; bare ${b.requestsPerSecond}/s p50 ${b.p50Ms} p99 ${b.p99Ms} ms CPU ${b.cpuMsPerRequest ?? '?'} ms; outside Nest ${o.requestsPerSecond}/s p99 ${o.p99Ms} ms`);
        }
        const [apiFigures, bareFigures, outsideFigures] = runs.map(summarise);
        routes.push({
          route,
          api: apiFigures,
          bare: bareFigures,
          ratio: round(apiFigures.requestsPerSecond / bareFigures.requestsPerSecond, 2),
          outsideNest: outsideFigures,
          outsideNestRatio: round(outsideFigures.requestsPerSecond / bareFigures.requestsPerSecond, 2),
        });
      }
    } finally {
      await api.close();
    }
    // The reference row, after the API with its worker is gone so that its idle polling is not in
    // this one's CPU or latency: what the route costs when the worker runs elsewhere.
    const alone = await startApi(db, { manualClock: true, worker: false });
    try {
      for (const [index, { route, path: routePath }] of ROUTES.entries()) {
        const path = (n: number) => routePath(`renew-${n % options.accounts}`);
        await fireReads(alone.url, alone.token, path, warm, () => undefined);
        const runs: ReadRunFigures[] = [];
        for (let run = 0; run < options.runs; run++) {
          runs.push(await fireReads(alone.url, alone.token, path, options, () => server.cpuSeconds()));
          const a = runs[run];
          progress(`reads ${route} run ${run + 1}/${options.runs}, the API without its worker: ${a.requestsPerSecond}/s p50 ${a.p50Ms} p99 ${a.p99Ms} ms CPU ${a.cpuMsPerRequest ?? '?'} ms`);
        }
        routes[index] = { ...routes[index], apiWithoutWorker: summarise(runs) };
      }
    } finally {
      await alone.close();
    }
    return { accounts: options.accounts, connections: options.connections, routes };
  } finally {
    await bare.close();
    await db.drop();
  }
}
