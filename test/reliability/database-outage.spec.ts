// PostgreSQL going away for ten seconds under load: readiness says so, commands fail fast with
// 503 (never 500, never a hang), nothing half-written is left behind, and the service recovers on
// its own when the database returns, read models included.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort, serverScratchDir, startEmbeddedPostgres, type EmbeddedDatabase } from '../../libs/infra/database/embedded-postgres';
import { call, mintToken, startService, type HttpAnswer, type ServiceProcess } from './support/service-process';
import { appendsByKey, verifyLedger, withClient } from './support/ledger-queries';

const OUTAGE_MS = 10_000;
const CLIENTS = 6;
/** The pool's connect timeout is 5 s; an answer slower than this during the outage is a hang. */
const ANSWER_BOUND_MS = 6_000;

interface Observation {
  readonly at: number;
  readonly what: 'command' | 'health';
  readonly answer: HttpAnswer;
  /** For commands: how to send it again, with the same Idempotency-Key. */
  readonly retry?: { readonly path: string; readonly body: unknown; readonly key: string };
}

describe('database outage under load', () => {
  const scratch = serverScratchDir('ledger-outage-');
  const dataDir = join(scratch, 'postgres');
  let port: number;
  let database: EmbeddedDatabase | undefined;
  let service: ServiceProcess | undefined;
  let admin: string;
  const observations: Observation[] = [];
  let outage = { from: 0, to: 0 };

  before(async () => {
    port = await freePort();
    database = await startEmbeddedPostgres({ dataDir, port, persistent: true });
    service = await startService({ databaseUrl: database.url });
    admin = await mintToken({ sub: 'admin-outage', role: 'admin' });
  });
  after(async () => {
    await service?.kill();
    await database?.stop();
    rmSync(scratch, { recursive: true, force: true });
  });

  /** One client: opens an account and subscribes it, again and again, until told to stop. */
  async function client(index: number, running: () => boolean): Promise<void> {
    const url = (service as ServiceProcess).url;
    for (let n = 0; running(); n++) {
      const id = `outage-${index}-${n}`;
      const openCommand = { path: '/v1/accounts', body: { accountId: id, businessName: id, email: `${id}@example.com`, currency: 'GBP', taxRegion: 'GB' }, key: `${id}-open` };
      const open = await call(url, 'POST', openCommand.path, { token: admin, body: openCommand.body, headers: { 'idempotency-key': openCommand.key }, timeoutMs: 20_000 });
      observations.push({ at: Date.now(), what: 'command', answer: open, retry: openCommand });
      if (open.status !== 201) {
        await sleep(50);
        continue;
      }
      const subscribeCommand = { path: `/v1/accounts/${id}/subscription`, body: { tier: 'pro', branches: 2 }, key: `${id}-subscribe` };
      const subscribe = await call(url, 'POST', subscribeCommand.path, { token: admin, body: subscribeCommand.body, headers: { 'idempotency-key': subscribeCommand.key }, timeoutMs: 20_000 });
      observations.push({ at: Date.now(), what: 'command', answer: subscribe, retry: subscribeCommand });
    }
  }

  async function probeHealth(running: () => boolean): Promise<void> {
    while (running()) {
      observations.push({ at: Date.now(), what: 'health', answer: await call((service as ServiceProcess).url, 'GET', '/health', { timeoutMs: 20_000 }) });
      await sleep(200);
    }
  }

  test('given load, when PostgreSQL stops for 10 s and comes back, then the service answers 503 meanwhile and recovers by itself', async (t) => {
    let running = true;
    const load = Promise.all([...Array.from({ length: CLIENTS }, (_, i) => client(i, () => running)), probeHealth(() => running)]);
    let recovered: number;
    try {
      await sleep(2_000);
      // The outage starts when the server has stopped, not when it was asked to: under load a
      // fast shutdown can take over a second, and a probe answered by a still-running server
      // in that time is right to say 200.
      await (database as EmbeddedDatabase).stop();
      outage = { from: Date.now(), to: 0 };
      await sleep(OUTAGE_MS);
      database = await startEmbeddedPostgres({ dataDir, port, persistent: true });
      outage = { ...outage, to: Date.now() };
      recovered = await waitForHealthy((service as ServiceProcess).url, 20_000);
      await sleep(2_000);
    } catch (error) {
      t.diagnostic(`service output:\n${(service as ServiceProcess).output().slice(-4_000)}`);
      throw error;
    } finally {
      running = false;
      await load;
    }

    const commands = observations.filter((o) => o.what === 'command');
    const during = commands.filter((o) => o.at - o.answer.ms > outage.from + 1_000 && o.at < outage.to);
    const afterwards = commands.filter((o) => o.at - o.answer.ms > recovered);
    t.diagnostic(`${commands.length} commands: ${during.length} during the outage (max ${Math.max(...during.map((o) => o.answer.ms))} ms), ${afterwards.length} after recovery; healthy ${recovered - outage.to} ms after PostgreSQL returned`);

    if (commands.some((o) => o.answer.status === 0)) t.diagnostic(`service output:\n${(service as ServiceProcess).output().slice(-4_000)}`);
    assert.deepEqual([...new Set(commands.map((o) => o.answer.status))].filter((s) => ![200, 201, 503].includes(s)), [], 'only success or 503');
    assert.ok(during.length > 0, 'commands were sent during the outage');
    for (const o of during) {
      assert.equal(o.answer.status, 503, JSON.stringify(o.answer.body));
      assert.ok(Number(o.answer.headers.get('retry-after')) > 0, 'a 503 says when to retry');
      assert.ok(o.answer.ms < ANSWER_BOUND_MS, `answered in ${o.answer.ms} ms`);
    }
    // Probes sent and answered inside the outage; readiness gives PostgreSQL 1 s to answer.
    const healthDuring = observations.filter((o) => o.what === 'health' && o.at - o.answer.ms > outage.from + 1_000 && o.at < outage.to);
    assert.ok(healthDuring.length > 0, 'readiness was probed during the outage');
    const healthWrong = healthDuring.filter((o) => o.answer.status !== 503 || o.answer.ms >= 3_000).map((o) => `${o.answer.status} in ${o.answer.ms} ms`);
    assert.deepEqual(healthWrong, [], 'readiness is 503 during the outage, answered within 3 s');
    assert.ok(afterwards.length > 0 && afterwards.every((o) => o.answer.status === 200 || o.answer.status === 201), 'commands succeed after recovery');
  });

  test('given the recovered service, when a command is followed by a read at its position, then the read models caught up', async () => {
    const url = (service as ServiceProcess).url;
    const opened = await call(url, 'POST', '/v1/accounts', { token: admin, body: { accountId: 'after-outage', businessName: 'After', email: 'after@example.com', currency: 'GBP', taxRegion: 'GB' } });
    assert.equal(opened.status, 201, JSON.stringify(opened.body));
    const position = (opened.body as { position: string }).position;
    const read = await call(url, 'GET', `/v1/accounts/after-outage?after=${position}`, { token: admin });
    assert.equal(read.status, 200);
    assert.equal(read.headers.get('x-read-model-behind'), null, 'the accounts projection resumed from its checkpoint');
    const counts = await withClient((database as EmbeddedDatabase).url, async (client) => {
      const opened = (await client.query(`SELECT count(*) AS n FROM events WHERE event_type = 'AccountOpened'`)).rows[0].n;
      const projected = (await client.query('SELECT count(*) AS n FROM accounts')).rows[0].n;
      return { opened: Number(opened), projected: Number(projected) };
    });
    assert.equal(counts.projected, counts.opened, 'every opened account is in the read model, once');
  });

  test('given the commands refused with 503, when each is retried with its Idempotency-Key, then each takes effect exactly once', async (t) => {
    const url = (service as ServiceProcess).url;
    const refused = observations.filter((o) => o.what === 'command' && o.answer.status === 503 && o.retry);
    const retried = await Promise.all(refused.map((o) => call(url, 'POST', o.retry?.path as string, { token: admin, body: o.retry?.body, headers: { 'idempotency-key': o.retry?.key as string } })));
    const replayed = retried.filter((answer) => answer.headers.get('idempotent-replayed') === 'true').length;
    t.diagnostic(`${refused.length} refused commands retried: ${replayed} had been recorded despite the 503 and were replayed`);
    assert.deepEqual(retried.map((answer) => answer.status).filter((status) => status !== 201), []);
    const appends = await appendsByKey((database as EmbeddedDatabase).url, 'outage-');
    assert.deepEqual([...appends.values()].filter((append) => append.transactions !== 1), []);
    for (const o of refused) assert.ok(appends.has(o.retry?.key as string), `${o.retry?.key} recorded`);
  });

  test('given the outage, then no invoice is half-written: every subscription has its invoice in the same transaction, and chains, tips and read models agree with the events', async () => {
    const url = (database as EmbeddedDatabase).url;
    const orphans = await withClient(url, async (client) => {
      const { rows } = await client.query<{ stream_id: string }>(
        `SELECT s.stream_id FROM events s
          WHERE s.event_type = 'Subscribed'
            AND NOT EXISTS (SELECT 1 FROM events i WHERE i.stream_id = s.stream_id AND i.event_type = 'InvoiceIssued' AND i.transaction_id = s.transaction_id)`,
      );
      return rows.map((row) => row.stream_id);
    });
    assert.deepEqual(orphans, []);
    assert.deepEqual(await verifyLedger(url), []);
  });
});

async function waitForHealthy(url: string, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if ((await call(url, 'GET', '/health', { timeoutMs: 2_000 })).status === 200) return Date.now();
    await sleep(100);
  }
  throw new Error(`not healthy ${timeoutMs} ms after PostgreSQL came back`);
}
