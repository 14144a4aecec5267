// Webhook delivery SIGKILLed mid delivery (right after an endpoint's 2xx, before the outcome is
// written) loses nothing when restarted, and sends again only what was in flight: no delivery
// recorded as succeeded comes back.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { WebhookEndpoints } from '../../libs/application/webhooks/webhook-endpoints';
import { systemClock } from '../../libs/infra/clock/clock';
import { appendInterleaved, createLedgerFixture, type LedgerFixture } from '../kafka/relay-fixture';
import { until } from '../support/until';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver';
import { HELD_MAX } from './support/webhook-child';

const children: ChildProcess[] = [];

function runChild(databaseUrl: string, crashAfter: number): { exit: Promise<NodeJS.Signals | number | null>; child: ChildProcess } {
  const child = spawn(process.execPath, [join(__dirname, 'support', 'webhook-child.js')], {
    env: { ...process.env, CHILD_DATABASE_URL: databaseUrl, CRASH_AFTER_ANSWERS: String(crashAfter) },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  children.push(child);
  return { child, exit: new Promise((resolve) => child.once('exit', (code, signal) => resolve(signal ?? code))) };
}


describe('webhook delivery killed mid delivery', () => {
  let ledger: LedgerFixture;
  let receiver: WebhookReceiver;

  before(async () => {
    ledger = await createLedgerFixture();
    receiver = await startWebhookReceiver();
  });
  after(async () => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await receiver?.close();
    await ledger?.close();
  });

  test('given a worker SIGKILLed after the 10th answer, when restarted, then every event arrives and only deliveries in flight at the kill arrive twice', async () => {
    await new WebhookEndpoints(ledger.pool, ledger.store, systemClock, true).create({ url: `${receiver.url}/crash`, eventTypes: ['*'] });
    const total = await appendInterleaved(ledger.store, 10, 6, 'crash');
    const succeeded = async () => new Set((await ledger.pool.query<{ event_id: string }>(`SELECT event_id FROM webhook_deliveries WHERE status = 'succeeded'`)).rows.map((row) => row.event_id));

    const crashed = runChild(ledger.database.url, 10);
    await until(() => crashed.child.exitCode !== null || crashed.child.signalCode !== null, 'the worker crashed after its 10th answer');
    assert.equal(await crashed.exit, 'SIGKILL');
    const receivedBefore = new Set(receiver.received.map((entry) => entry.headers['webhook-id']));
    const recordedBefore = await succeeded();
    const inFlight = [...receivedBefore].filter((id) => !recordedBefore.has(id));
    assert.ok(inFlight.length >= 1 && inFlight.length <= HELD_MAX, `${inFlight.length} deliveries answered or in flight but not recorded`);
    assert.ok(recordedBefore.size < total, 'killed before the end');

    const restarted = runChild(ledger.database.url, 0);
    try {
      await until(async () => (await succeeded()).size === total, 'every delivery succeeded after the restart');
      const counts = new Map<string, number>();
      for (const entry of receiver.received) counts.set(entry.headers['webhook-id'], (counts.get(entry.headers['webhook-id']) ?? 0) + 1);
      assert.equal(counts.size, total, 'every event arrived');
      const twice = [...counts].filter(([, count]) => count > 1).map(([id]) => id);
      assert.ok(twice.every((id) => inFlight.includes(id)), 'only deliveries in flight at the kill were sent again');
      assert.ok([...recordedBefore].every((id) => counts.get(id) === 1), 'nothing recorded as delivered came back');
    } finally {
      restarted.child.kill('SIGTERM');
      await restarted.exit;
    }
  });
});
