// A gateway that stays down stops the collector with status failed instead of skipping the
// invoice; started again, it resumes from its checkpoint and collects that same invoice.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { BillingCommands } from '../../libs/application/commands/billing-commands';
import { PaymentCollector, PAYMENT_COLLECTOR } from '../../libs/application/payments/collector';
import { createPaymentGateways } from '../../libs/payments/payment-gateways.factory';
import { FakeStripeServer } from '../stripe/fake-stripe-server';
import { startTestApp, type TestApp } from '../support/test-app';
import { streamOf } from './payments-support';

describe('the collector when Stripe stays down', () => {
  let stripe: FakeStripeServer;
  let app: TestApp;
  let collector: PaymentCollector | undefined;

  const checkpoint = async () =>
    (await app.runtime.pool.query<{ status: string; error: string | null; position: string | null }>('SELECT status, error, position FROM projection_checkpoints WHERE name = $1', [PAYMENT_COLLECTOR])).rows[0];

  async function until(condition: () => Promise<boolean>): Promise<void> {
    for (let i = 0; i < 200; i++) {
      if (await condition()) return;
      await sleep(25);
    }
    assert.fail('condition not reached in 5 s');
  }

  function quickCollector(): PaymentCollector {
    const { runtime } = app;
    const gateways = createPaymentGateways({ stripeSecretKey: 'sk_test_paywire', stripeApiBase: stripe.apiBase, maxNetworkRetries: 0, timeoutMs: 2_000 });
    return new PaymentCollector(runtime.pool, runtime.store, new BillingCommands(runtime.store, runtime.clock), gateways, undefined, runtime.logger, { retries: 2, backoffMs: 5 });
  }

  before(async () => {
    stripe = await FakeStripeServer.start();
    stripe.attachPaymentMethod('pm_card_visa', 'cus_visa');
    app = await startTestApp({ STRIPE_SECRET_KEY: 'sk_test_paywire', STRIPE_API_BASE: stripe.apiBase });
    // The worker's own collector is replaced by one with short retries.
    await app.worker.collector.stop();
  });
  after(async () => {
    await collector?.stop();
    await app?.close();
    await stripe?.close();
  });

  test('given three 500s in a row, then the collector stops with status failed and records nothing', async () => {
    const admin = await app.token({ sub: 'admin-1', role: 'admin' });
    const open = { accountId: 'outage-shop', businessName: 'O', email: 'o@example.com', currency: 'GBP', taxRegion: 'GB' };
    assert.equal((await app.request('POST', '/v1/accounts', { token: admin, body: open })).status, 201);
    assert.equal((await app.request('PUT', '/v1/accounts/outage-shop/payment-method', { token: admin, body: { gateway: 'stripe', token: 'pm_card_visa' } })).status, 200);
    for (let i = 0; i < 3; i++) stripe.failNextRequest(500, 'api_error', 'down');
    assert.equal((await app.request('POST', '/v1/accounts/outage-shop/subscription', { token: admin, body: { tier: 'starter', branches: 1 } })).status, 201);
    collector = quickCollector();
    await collector.start();
    await until(async () => (await checkpoint()).status === 'failed');
    const row = await checkpoint();
    assert.match(String(row.error), /PaymentGatewayUnavailable/);
    const issued = (await streamOf(app, 'outage-shop')).find((e) => e.type === 'InvoiceIssued');
    assert.ok(row.position === null || row.position < String(issued?.position), 'the invoice was not checkpointed past');
    assert.deepEqual((await streamOf(app, 'outage-shop')).filter((e) => e.type.startsWith('Payment') && e.type !== 'PaymentMethodSet'), []);
  });

  test('when started again with Stripe back, then it collects the same invoice as attempt 1', async () => {
    await collector?.stop();
    collector = quickCollector();
    await collector.start();
    await until(async () => (await streamOf(app, 'outage-shop')).some((e) => e.type === 'PaymentRecorded'));
    const invoiceId = (await streamOf(app, 'outage-shop')).find((e) => e.type === 'InvoiceIssued')?.data.invoiceId;
    const keys = stripe.requests.filter((r) => r.path === '/v1/payment_intents').map((r) => r.headers['idempotency-key']);
    assert.ok(keys.length === 4 && keys.every((key) => key === `pi-${String(invoiceId)}-1`), JSON.stringify(keys));
    assert.equal((await checkpoint()).status, 'running');
  });

  test('when the whole feed is delivered again to a fresh collector, then nothing is charged or recorded twice', async () => {
    await until(async () => (await checkpoint()).position === (await app.runtime.store.headPosition()));
    await collector?.stop();
    await app.runtime.pool.query('UPDATE projection_checkpoints SET position = NULL WHERE name = $1', [PAYMENT_COLLECTOR]);
    const requests = stripe.requests.length;
    const events = (await streamOf(app, 'outage-shop')).length;
    collector = quickCollector();
    await collector.start();
    const head = await app.runtime.store.headPosition();
    await until(async () => (await checkpoint()).position === head);
    assert.equal(stripe.requests.length, requests);
    assert.equal((await streamOf(app, 'outage-shop')).length, events);
  });
});
