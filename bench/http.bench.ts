import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Pool } from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { createApiApp } from '../apps/api/create-api-app';
import { startWorker, type RunningWorker } from '../apps/worker/worker';
import { TokenService } from '../libs/infra/auth/auth';
import { loadConfig } from '../libs/infra/config/config';
import { createPool } from '../libs/infra/database/pool';
import { createRuntime, type Runtime } from '../libs/infra/runtime';
import { median, medianOfAll, nodeCpuSeconds, processTreeCpuSeconds, progress, round, type BenchServer, type BenchDatabase } from './bench-support';
import { startWorkerProcess, stopWorkerProcess } from './worker-process';
import { RAW_SCHEMA } from './raw-append.baseline';
import { measurePreviewLatency, type PreviewLatency } from './preview-latency';
import { COMMAND_SCRIPT } from './command-script';
import { generateLoad, type GeneratorPlace } from './load-generator';

const UNLIMITED = { RATE_LIMIT_PER_MINUTE: '1000000', RATE_LIMIT_VENDOR_PER_MINUTE: '1000000', RATE_LIMIT_FINANCE_PER_MINUTE: '1000000', RATE_LIMIT_ADMIN_PER_MINUTE: '1000000' };

/**
 * Commands over HTTP with autocannon: the real API (Nest on Fastify, JWT, validation, the
 * command loop, the decider, the event store, with the worker's projections running beside it as
 * in `npm start`) against a bare Fastify route that only appends the request as an event with raw
 * SQL. Both get the same requests: each connection walks new accounts through a vendor's life
 * (open, subscribe, product counts, tier and branch changes), so every command is valid and no
 * answer may be anything but 2xx.
 */
export interface HttpBenchOptions {
  readonly runs: number;
  readonly seconds: number;
  readonly connections: number;
  /** Smoke test: a fixed number of requests instead of a duration. */
  readonly amount?: number;
}

export interface HttpRunFigures {
  readonly commandsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly errors: number;
  readonly non2xx: number;
  /** CPU (this process — server and load generator — plus PostgreSQL) per command. */
  readonly cpuMsPerCommand: number | undefined;
  /** The PostgreSQL processes' part of `cpuMsPerCommand`. */
  readonly pgCpuMsPerCommand?: number;
}

export interface HttpFigures {
  readonly connections: number;
  readonly api: HttpRunFigures & { runs: HttpRunFigures[] };
  readonly bare: HttpRunFigures & { runs: HttpRunFigures[] };
  /**
   * For reference, not a target: the API without its worker, i.e. the command path alone with no
   * read model applying the events beside it. The gap to \`api\` is what the worker costs.
   */
  readonly apiWithoutWorker?: HttpRunFigures & { runs: HttpRunFigures[] };
  /**
   * For reference too: the same API with its worker in a process of its own (apps/worker's
   * composition, as the distributed setup runs it), its CPU counted with the API's.
   */
  readonly apiWorkerApart?: HttpRunFigures & { runs: HttpRunFigures[] };
  /**
   * For reference: the API with its worker measured as this section did until 2026-12-05, with the
   * load generator in the server's own process (its CPU counted in the API's).
   */
  readonly apiGeneratorInProcess?: HttpRunFigures & { runs: HttpRunFigures[] };
  readonly ratio: number;
  readonly mix: readonly string[];
  /** A preview's latency beside its command's, on the API with its worker (preview-latency.ts). */
  readonly preview?: PreviewLatency;
}

const JWT_SECRET = 'bench-secret-that-is-long-enough-for-hs256-0123456789';

export async function fire(url: string, token: string, tag: string, options: HttpBenchOptions, pgCpu: () => number | undefined = () => undefined, otherCpu: () => number = () => 0, place: GeneratorPlace = 'own-process'): Promise<HttpRunFigures> {
  const cpuBefore = [nodeCpuSeconds() + otherCpu(), pgCpu()];
  const result = await generateLoad({ kind: 'commands', url, token, tag, connections: options.connections, seconds: options.seconds, amount: options.amount }, place);
  const [nodeBefore, pgBefore] = cpuBefore;
  const pgAfter = pgCpu();
  const pgSeconds = pgBefore === undefined || pgAfter === undefined ? undefined : pgAfter - pgBefore;
  const cpu = pgSeconds === undefined ? undefined : nodeCpuSeconds() + otherCpu() - (nodeBefore as number) + pgSeconds;
  const perCommand = (seconds: number) => round((seconds * 1000) / Math.max(result.requests, 1), 2);
  return {
    cpuMsPerCommand: cpu === undefined ? undefined : perCommand(cpu),
    ...(pgSeconds === undefined ? {} : { pgCpuMsPerCommand: perCommand(pgSeconds) }),
    commandsPerSecond: round(result.requests / result.seconds, 0),
    p50Ms: result.p50Ms,
    p99Ms: result.p99Ms,
    errors: result.errors,
    non2xx: result.non2xx,
  };
}

/**
 * The API as `npm start` runs it, with its worker unless told otherwise. `manualClock` keeps time
 * still (BILLING_CLOCK=manual), for ledgers generated at instants of their own whose renewals must
 * not fall due while they are measured.
 */
export interface StartApiOptions {
  readonly worker?: boolean;
  readonly manualClock?: boolean;
  /** Routes the benchmark adds beside the API's own (the reads section's reference contestant). */
  readonly extraRoutes?: (fastify: FastifyInstance, runtime: Runtime, tokens: TokenService) => void;
}

export async function startApi(db: BenchDatabase, options: StartApiOptions = {}): Promise<{ url: string; token: string; close: () => Promise<void> }> {
  // No limit: the bench measures the API, not its rate limiter.
  // The worker's notifications (webhook and email delivery) are left out, as a distributed setup
  // puts them beside the collector (WORKER_FOLLOWS): an invoice email renders its PDF, ≈ 20 ms of
  // CPU, so at hundreds of invoices a second the email follower falls behind and goes on working
  // after the run, in the CPU of whichever contestant runs next. DATA_DIR is a scratch folder.
  const dataDir = mkdtempSync(join(tmpdir(), 'ledger-bench-api-'));
  const config = loadConfig({
    DATABASE_URL: db.url, JWT_SECRET, LOG_LEVEL: 'silent', PORT: '0', DATA_DIR: dataDir, WORKER_FOLLOWS: 'read-models,collector', ...UNLIMITED,
    ...(options.manualClock ? { BILLING_CLOCK: 'manual' } : {}),
  });
  const runtime: Runtime = await createRuntime(config);
  const worker: RunningWorker | undefined = options.worker === false ? undefined : await startWorker(runtime);
  const app: NestFastifyApplication = await createApiApp(runtime);
  options.extraRoutes?.(app.getHttpAdapter().getInstance() as unknown as FastifyInstance, runtime, app.get(TokenService));
  await app.listen({ port: 0, host: '127.0.0.1' });
  const url = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
  const token = await new TokenService(config.jwtSecret).mint({ sub: 'bench-admin', role: 'admin' }, 3600 * 6);
  return {
    url,
    token,
    close: async () => {
      await app.close();
      await worker?.stop();
      await runtime.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The API without its worker, and the worker in a process of its own following the same database. */
async function startApiWorkerApart(db: BenchDatabase): Promise<{ url: string; token: string; workerCpu: () => number; close: () => Promise<void> }> {
  const api = await startApi(db, { worker: false });
  const worker = await startWorkerProcess(db.url, '1/1', 'read-models,collector');
  return { ...api, workerCpu: () => processTreeCpuSeconds(worker.pid ?? 0) ?? 0, close: async () => { await stopWorkerProcess(worker); await api.close(); } };
}

/** The floor: Fastify parses the body and appends it as an event in one raw-SQL transaction. */
async function startBare(db: BenchDatabase): Promise<{ url: string; close: () => Promise<void> }> {
  const pool: Pool = createPool(db.url);
  await pool.query(RAW_SCHEMA);
  const fastify: FastifyInstance = Fastify({ logger: false });
  fastify.route({
    method: ['POST', 'PUT'],
    url: '/v1/accounts*',
    handler: async (request) => {
      const path = request.url.split('/');
      const accountId = path[3] ?? (request.body as { accountId: string }).accountId;
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const { rows } = await client.query<{ revision: string }>(
          `INSERT INTO raw_streams (stream_id, revision) VALUES ($1, 0)
           ON CONFLICT (stream_id) DO UPDATE SET revision = raw_streams.revision + 1 RETURNING revision`,
          [`account-${accountId}`],
        );
        const inserted = await client.query<{ global_position: string }>(
          `INSERT INTO raw_events (stream_id, stream_revision, event_id, event_type, data, metadata)
           VALUES ($1, $2, $3, $4, $5, $6) RETURNING global_position`,
          [`account-${accountId}`, rows[0].revision, uuidv7(), path.at(-1) ?? 'command', JSON.stringify(request.body), JSON.stringify({ actor: 'bench' })],
        );
        await client.query('COMMIT');
        return { position: inserted.rows[0].global_position };
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
  });
  const url = await fastify.listen({ port: 0, host: '127.0.0.1' });
  return {
    url,
    close: async () => {
      await fastify.close();
      await pool.end();
    },
  };
}

function summarise(runs: HttpRunFigures[]): HttpRunFigures & { runs: HttpRunFigures[] } {
  return {
    commandsPerSecond: median(runs.map((r) => r.commandsPerSecond)),
    p50Ms: median(runs.map((r) => r.p50Ms)),
    p99Ms: median(runs.map((r) => r.p99Ms)),
    errors: runs.reduce((sum, r) => sum + r.errors, 0),
    non2xx: runs.reduce((sum, r) => sum + r.non2xx, 0),
    cpuMsPerCommand: medianOfAll(runs.map((r) => r.cpuMsPerCommand)),
    pgCpuMsPerCommand: medianOfAll(runs.map((r) => r.pgCpuMsPerCommand)),
    runs,
  };
}

export async function runHttpBench(server: BenchServer, options: HttpBenchOptions): Promise<HttpFigures> {
  const databases = [await server.createDatabase('http_api'), await server.createDatabase('http_bare'), await server.createDatabase('http_api_alone'), await server.createDatabase('http_api_apart')];
  const api = await startApi(databases[0]);
  const bare = await startBare(databases[1]);
  const alone = await startApi(databases[2], { worker: false });
  const apart = await startApiWorkerApart(databases[3]);
  const servers = [api, bare, alone, apart];
  const workerCpu = [undefined, undefined, undefined, apart.workerCpu];
  try {
    // Warm-up (JIT, pools, plans), not recorded.
    const warm = { ...options, amount: options.amount ?? options.connections * COMMAND_SCRIPT.length * 3 };
    for (const { url } of servers) await fire(url, api.token, 'warm', warm);
    const runs: HttpRunFigures[][] = [...servers, api].map(() => []);
    for (let run = 0; run < options.runs; run++) {
      for (const [index, { url }] of servers.entries()) runs[index].push(await fire(url, api.token, `r${run}`, options, () => server.cpuSeconds(), workerCpu[index]));
      runs[servers.length].push(await fire(api.url, api.token, `r${run}-in`, options, () => server.cpuSeconds(), undefined, 'server-process'));
      const [a, b, c, d, e] = runs.map((figures) => figures[run]);
      progress(
        `http run ${run + 1}/${options.runs}: API ${a.commandsPerSecond} commands/s p50 ${a.p50Ms} ms p99 ${a.p99Ms} ms (${a.errors} errors, ${a.non2xx} non-2xx), ` +
          `CPU ${a.cpuMsPerCommand ?? '?'} ms/command (PostgreSQL ${a.pgCpuMsPerCommand ?? '?'}); bare ${b.commandsPerSecond}/s p50 ${b.p50Ms} ms p99 ${b.p99Ms} ms, ` +
          `CPU ${b.cpuMsPerCommand ?? '?'} (PostgreSQL ${b.pgCpuMsPerCommand ?? '?'}); API without worker ${c.commandsPerSecond}/s p99 ${c.p99Ms} ms, CPU ${c.cpuMsPerCommand ?? '?'} (PostgreSQL ${c.pgCpuMsPerCommand ?? '?'}); ` +
          `API with its worker apart ${d.commandsPerSecond}/s p99 ${d.p99Ms} ms, CPU ${d.cpuMsPerCommand ?? '?'} (PostgreSQL ${d.pgCpuMsPerCommand ?? '?'}); ` +
          `API with the load generator in its process ${e.commandsPerSecond}/s p99 ${e.p99Ms} ms, CPU ${e.cpuMsPerCommand ?? '?'}`,
      );
    }
    const [apiFigures, bareFigures, aloneFigures, apartFigures, inProcessFigures] = runs.map(summarise);
    const preview = await measurePreviewLatency(api.url, api.token, 'latency', options);
    progress(`http preview: p50 ${preview.preview.p50Ms} ms p99 ${preview.preview.p99Ms} ms beside its command's p50 ${preview.command.p50Ms} ms p99 ${preview.command.p99Ms} ms`);
    return {
      connections: options.connections,
      api: apiFigures,
      bare: bareFigures,
      apiWithoutWorker: aloneFigures,
      apiWorkerApart: apartFigures,
      apiGeneratorInProcess: inProcessFigures,
      ratio: round(apiFigures.commandsPerSecond / bareFigures.commandsPerSecond, 2),
      mix: COMMAND_SCRIPT.map((step) => step.label),
      preview,
    };
  } finally {
    for (const running of servers) await running.close();
    for (const database of databases) await database.drop();
  }
}
