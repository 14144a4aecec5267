// Two workers over one database, each running the webhook fan-out and a dispatcher with its own
// pool, as the distributed setup runs them: every delivery is sent once, first attempts and
// retries alike, and both dispatchers take part.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import pino from 'pino';
import type { Pool } from 'pg';
import { startWebhookDelivery, type RunningWebhooks } from '../../libs/application/webhooks/webhook-delivery';
import { WebhookEndpoints } from '../../libs/application/webhooks/webhook-endpoints';
import { PostgresEventStore } from '../../libs/event-store/postgres/postgres-event-store';
import { ManualClock, systemClock } from '../../libs/infra/clock/clock';
import { createPool } from '../../libs/infra/database/pool';
import { appendInterleaved, createLedgerFixture, type LedgerFixture } from '../kafka/relay-fixture';
import { until } from '../support/until';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver';

interface Worker {
  readonly name: string;
  readonly pool: Pool;
  readonly store: PostgresEventStore;
  readonly webhooks: RunningWebhooks;
  readonly answered: string[];
}


describe('two workers dispatching webhooks over one database', () => {
  let ledger: LedgerFixture;
  let steady: WebhookReceiver;
  let flaky: WebhookReceiver;
  const workers: Worker[] = [];
  const retryClock = new ManualClock(new Date());

  async function startWorker(name: string): Promise<Worker> {
    const pool = createPool(ledger.database.url);
    const store = new PostgresEventStore(pool, { pollIntervalMs: 20 });
    const answered: string[] = [];
    const webhooks = await startWebhookDelivery(
      { pool, store, retryClock, databaseUrl: ledger.database.url, logger: pino({ level: 'silent' }), config: { webhookAllowPrivate: true } },
      { pollMs: 20, onAnswered: (delivery) => void answered.push(delivery.id) },
    );
    return { name, pool, store, webhooks, answered };
  }

  before(async () => {
    ledger = await createLedgerFixture();
    steady = await startWebhookReceiver();
    flaky = await startWebhookReceiver();
  });
  after(async () => {
    for (const worker of workers) {
      await worker.webhooks?.stop();
      await worker.store.close();
      await worker.pool.end();
    }
    await steady?.close();
    await flaky?.close();
    await ledger?.close();
  });

  test('given two dispatchers racing for the same due deliveries, when all are delivered, then each was sent once and retried once where it failed', async () => {
    const endpoints = new WebhookEndpoints(ledger.pool, ledger.store, systemClock, true);
    await endpoints.create({ url: `${steady.url}/a`, eventTypes: ['*'] });
    await endpoints.create({ url: `${steady.url}/b`, eventTypes: ['*'] });
    // The flaky endpoint refuses every event's first attempt, so each is retried at +5 s.
    const seen = new Set<string>();
    flaky.answer((request) => {
      const first = !seen.has(request.headers['webhook-id']);
      seen.add(request.headers['webhook-id']);
      return { status: first ? 503 : 200 };
    });
    await endpoints.create({ url: `${flaky.url}/c`, eventTypes: ['*'] });
    workers.push(await startWorker('one'), await startWorker('two'));
    const events = await appendInterleaved(ledger.store, 20, 10, 'race');

    const count = async (where: string) => Number((await ledger.pool.query<{ n: string }>(`SELECT count(*) AS n FROM webhook_deliveries WHERE ${where}`)).rows[0].n);
    const settled = async () => (await count('claimed_by IS NOT NULL')) === 0;
    await until(async () => (await count('attempt > 0')) === 3 * events && (await settled()), 'a first attempt of every delivery');
    retryClock.advanceTo(new Date(retryClock.now().getTime() + 6_000));
    await until(async () => (await count(`status = 'pending'`)) === 0 && (await settled()), 'the retries');
    assert.equal(await count(`status = 'succeeded'`), 3 * events);

    const perDelivery = new Map<string, number>();
    for (const entry of [...steady.received, ...flaky.received]) {
      const key = `${entry.path} ${entry.headers['webhook-id']}`;
      perDelivery.set(key, (perDelivery.get(key) ?? 0) + 1);
    }
    assert.equal(perDelivery.size, 3 * events, 'every event reached every endpoint');
    const twice = [...perDelivery].filter(([key, times]) => times !== (key.startsWith('/c ') ? 2 : 1));
    assert.deepEqual(twice, [], 'no delivery sent more often than its attempts');
    assert.equal(steady.received.length, 2 * events);
    assert.equal(flaky.received.length, 2 * events);
    // A failed attempt is logged in webhook_attempts, a successful one on its delivery's row.
    const attempts = await ledger.pool.query<{ attempts: string }>('SELECT count(*) AS attempts FROM webhook_attempts');
    assert.equal(Number(attempts.rows[0].attempts) + (await count(`status = 'succeeded'`)), 4 * events, 'one attempt logged per request');
    for (const worker of workers) assert.ok(worker.answered.length > 0, `worker ${worker.name} delivered some (${worker.answered.length})`);
  });
});
