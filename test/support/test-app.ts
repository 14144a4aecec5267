import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApiApp } from '../../apps/api/create-api-app';
import { startWorker, type RunningWorker } from '../../apps/worker/worker';
import { TokenService, type Principal } from '../../libs/infra/auth/auth';
import { ManualClock } from '../../libs/infra/clock/clock';
import { loadConfig } from '../../libs/infra/config/config';
import { createRuntime, type Runtime } from '../../libs/infra/runtime';
import { checkAnswer, templateOf } from './contract-check';
import { createTestDatabase, type TestDatabase } from './test-database';

export interface TestAppOptions {
  /**
   * Start on this database instead of a fresh one, and leave it in place on close: a test
   * restarts the service by closing one app and starting another on the same database.
   */
  readonly databaseUrl?: string;
}

/**
 * The whole service (api + worker) on a fresh database, listening on a real loopback port, with
 * the manual clock. Tests talk to it over HTTP like the mobile app does.
 */
export interface TestApp {
  readonly url: string;
  readonly runtime: Runtime;
  readonly worker: RunningWorker;
  readonly clock: ManualClock;
  /** Operational time (webhook retries): moved by the test, apart from the billing clock. */
  readonly retryClock: ManualClock;
  token(principal: Principal, ttlSeconds?: number): Promise<string>;
  /**
   * One request over HTTP. An answer on a documented route is checked against the OpenAPI document
   * (contract-check.ts) unless `unchecked` is set: even a refusal must be one the document lists.
   */
  request(method: string, path: string, options?: { token?: string; body?: unknown; headers?: Record<string, string>; rawBody?: string; unchecked?: boolean }): Promise<TestResponse>;
  close(): Promise<void>;
}

export interface TestResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- tests read whatever JSON came back
}

/** Suites drive many requests with one token; the rate-limit suite sets its own small limits. */
const UNLIMITED_FOR_TESTS = '1000000';
export const UNLIMITED_RATES: Readonly<Record<string, string>> = {
  RATE_LIMIT_PER_MINUTE: UNLIMITED_FOR_TESTS,
  RATE_LIMIT_VENDOR_PER_MINUTE: UNLIMITED_FOR_TESTS,
  RATE_LIMIT_FINANCE_PER_MINUTE: UNLIMITED_FOR_TESTS,
  RATE_LIMIT_ADMIN_PER_MINUTE: UNLIMITED_FOR_TESTS,
};

export const TEST_JWT_SECRET = 'test-secret-that-is-long-enough-for-hs256-0123456789';

export async function startTestApp(env: Record<string, string> = {}, start = '2026-03-01T00:00:00.000Z', options: TestAppOptions = {}): Promise<TestApp> {
  const db: TestDatabase = options.databaseUrl ? { url: options.databaseUrl, drop: async () => undefined } : await createTestDatabase('app');
  // A data folder of its own (the email outbox lives there), not the checkout's ./data.
  const ownDataDir = env.DATA_DIR === undefined ? mkdtempSync(join(tmpdir(), 'ledger-test-app-')) : undefined;
  const dataDir = env.DATA_DIR ?? (ownDataDir as string);
  const config = loadConfig({ DATABASE_URL: db.url, JWT_SECRET: TEST_JWT_SECRET, BILLING_CLOCK: 'manual', LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent', PORT: '0', DATA_DIR: dataDir, ...UNLIMITED_RATES, ...env });
  // Like any process on BILLING_CLOCK=manual: `start` on an empty ledger, else the ledger's latest instant.
  const retryClock = new ManualClock(new Date());
  const runtime = await createRuntime(config, { manualClockStart: start, retryClock });
  const clock = runtime.clock as ManualClock;
  const worker = await startWorker(runtime);
  const app: NestFastifyApplication = await createApiApp(runtime);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const url = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
  const tokens = new TokenService(config.jwtSecret);
  return {
    url,
    runtime,
    worker,
    clock,
    retryClock,
    token: (principal, ttl) => tokens.mint(principal, ttl),
    request: async (method, path, options = {}) => {
      const headers: Record<string, string> = { ...(options.headers ?? {}) };
      if (options.token) headers.authorization = `Bearer ${options.token}`;
      let body: string | undefined = options.rawBody;
      if (options.body !== undefined) body = JSON.stringify(options.body);
      if (body !== undefined && !headers['content-type']) headers['content-type'] = 'application/json';
      const response = await fetch(`${url}${path}`, { method, headers, body });
      const text = await response.text();
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        // Not JSON (metrics, docs page): hand back the text.
      }
      const template = templateOf(method, new URL(path, url).pathname);
      if (!options.unchecked && template !== undefined && response.status < 500) checkAnswer(method, template, response.status, response.headers.get('content-type'), parsed);
      return { status: response.status, headers: response.headers, body: parsed };
    },
    close: async () => {
      await app.close();
      await worker.stop();
      await runtime.close();
      await db.drop();
      if (ownDataDir) rmSync(ownDataDir, { recursive: true, force: true });
    },
  };
}
