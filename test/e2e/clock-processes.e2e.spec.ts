// The distributed setup under BILLING_CLOCK=manual: the api and the worker as two processes on one
// ledger agree on the time. Both start at the ledger's latest instant; the api's clock then moves
// on while the worker's cannot see the move, and what the worker writes (the payment it collects)
// still lands at its stream's instant, never before it.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from '../../libs/infra/database/embedded-postgres';
import type { StoredEvent } from '../../libs/event-store/event-store.port';
import { startTestApp, TEST_JWT_SECRET, UNLIMITED_RATES } from '../support/test-app';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { call, mintToken } from '../reliability/support/service-process';

const LEDGER_AT = '2027-01-10T09:00:00.000Z';
const MOVED_TO = '2027-02-01T00:00:00.000Z';
const dist = join(__dirname, '..', '..');

interface Child {
  readonly process: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

function start(entry: string, env: Record<string, string>): Child {
  const dataDir = mkdtempSync(join(tmpdir(), 'ledger-split-'));
  const child = spawn(process.execPath, [join(dist, entry)], {
    env: { PATH: process.env.PATH ?? '', DATA_DIR: dataDir, HOST: '127.0.0.1', JWT_SECRET: TEST_JWT_SECRET, BILLING_CLOCK: 'manual', LOG_LEVEL: 'info', ...UNLIMITED_RATES, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    process: child,
    output: () => output,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, children: readonly Child[], timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await probe();
    if (found !== undefined) return found;
    const dead = children.find((child) => child.process.exitCode !== null);
    if (dead || Date.now() > deadline) throw new Error(`${what}: ${dead ? 'a process exited' : 'timed out'}\n${children.map((c) => c.output()).join('\n---\n')}`);
    await sleep(50);
  }
}

/** The instant a process logged for its manual clock at start. */
function clockLogged(child: Child): string | undefined {
  for (const line of child.output().split('\n')) {
    if (!line.includes('manual clock set')) continue;
    return (JSON.parse(line) as { now: string }).now;
  }
  return undefined;
}

describe('api and worker in separate processes under the manual clock', () => {
  let db: TestDatabase;
  let children: Child[] = [];
  before(async () => {
    db = await createTestDatabase('clock_split');
    const app = await startTestApp({}, undefined, { databaseUrl: db.url });
    const admin = await app.token({ sub: 'admin-1', role: 'admin' });
    assert.equal((await app.request('POST', '/v1/admin/clock', { token: admin, body: { now: LEDGER_AT } })).status, 200);
    const open = { accountId: 'early', businessName: 'Early', email: 'early@example.com', currency: 'GBP', taxRegion: 'GB' };
    assert.equal((await app.request('POST', '/v1/accounts', { token: admin, body: open })).status, 201);
    await app.close();
  });
  after(async () => {
    for (const child of children) await child.stop();
    await db?.drop();
  });

  test('both start at the ledger\'s instant, and the worker never writes before its stream', async () => {
    const port = await freePort();
    const worker = start('apps/worker/main.js', { DATABASE_URL: db.url, PORT: '0' });
    const api = start('apps/api/main.js', { DATABASE_URL: db.url, PORT: String(port) });
    children = [worker, api];
    const url = `http://127.0.0.1:${port}`;
    await until('the api answers /health', async () => ((await call(url, 'GET', '/health')).status === 200 ? true : undefined), children);
    await until('the worker runs', async () => (worker.output().includes('worker running') ? true : undefined), children);
    assert.equal(clockLogged(api), LEDGER_AT);
    assert.equal(clockLogged(worker), LEDGER_AT, 'the worker starts where the api does');

    const admin = await mintToken({ sub: 'admin-1', role: 'admin' });
    const back = await call(url, 'POST', '/v1/admin/clock', { token: admin, body: { now: '2026-06-01T09:00:00Z' } });
    assert.equal(back.status, 422, JSON.stringify(back.body));
    const moved = await call(url, 'POST', '/v1/admin/clock', { token: admin, body: { now: MOVED_TO } });
    assert.equal(moved.status, 200, JSON.stringify(moved.body));

    const open = { accountId: 'split', businessName: 'Split', email: 'split@example.com', currency: 'GBP', taxRegion: 'GB' };
    assert.equal((await call(url, 'POST', '/v1/accounts', { token: admin, body: open })).status, 201);
    assert.equal((await call(url, 'PUT', '/v1/accounts/split/payment-method', { token: admin, body: { gateway: 'sandbox', token: 'tok_ok' } })).status, 200);
    assert.equal((await call(url, 'POST', '/v1/accounts/split/subscription', { token: admin, body: { tier: 'starter', branches: 1 } })).status, 201);

    const events = await until('the worker collects the payment', async () => {
      const answer = await call(url, 'GET', '/v1/accounts/split/events?limit=100', { token: admin });
      const list = (answer.body as { items?: StoredEvent[] } | undefined)?.items ?? [];
      return list.some((event) => event.type === 'PaymentRecorded') ? list : undefined;
    }, children);
    const payment = events.find((event) => event.type === 'PaymentRecorded') as StoredEvent;
    assert.equal(payment.metadata.actor, 'collector', 'the worker process\'s collector recorded it');
    assert.equal(payment.metadata.occurredAt, MOVED_TO, 'at the stream\'s instant, though the worker\'s own clock still says 2027-01-10');
    const stamps = events.map((event) => Date.parse(event.metadata.occurredAt));
    assert.deepEqual(stamps, [...stamps].sort((a, b) => a - b), 'the stream is in time order');
  });
});
