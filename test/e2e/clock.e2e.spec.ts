// Time under the manual clock: moving it forward renews periods exactly once and answers only
// when the read models have caught up; rates set by finance make a currency usable.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { BillingCommands } from '../../libs/application/commands/billing-commands';
import { startTestApp, type TestApp } from '../support/test-app';

describe('the manual clock and rates over HTTP', () => {
  let app: TestApp;
  let admin: string;
  let finance: string;
  before(async () => {
    app = await startTestApp();
    admin = await app.token({ sub: 'admin-1', role: 'admin' });
    finance = await app.token({ sub: 'fin-1', role: 'finance' });
  });
  after(async () => app?.close());

  test('a EUR account needs an exchange rate, which finance sets', async () => {
    const body = { accountId: 'eur-shop', businessName: 'Café', email: 'cafe@example.com', currency: 'EUR', taxRegion: 'FR' };
    assert.equal((await app.request('POST', '/v1/accounts', { token: admin, body })).status, 422);
    const rate = await app.request('PUT', '/v1/admin/exchange-rates/EUR', { token: finance, body: { rate: '1.17' } });
    assert.equal(rate.status, 200, JSON.stringify(rate.body));
    assert.equal(rate.body.rate, '1.17');
    assert.equal((await app.request('POST', '/v1/accounts', { token: admin, body })).status, 201);
  });

  test('rates out of range or not decimal strings are refused', async () => {
    assert.equal((await app.request('PUT', '/v1/admin/tax-rates/GB', { token: finance, body: { rate: '1.5' } })).body.code, 'VALIDATION_FAILED');
    assert.equal((await app.request('PUT', '/v1/admin/tax-rates/GB', { token: finance, body: { rate: 0.2 } })).body.code, 'VALIDATION_FAILED');
    assert.equal((await app.request('PUT', '/v1/admin/exchange-rates/usd', { token: finance, body: { rate: '1.2' } })).status, 400);
  });

  test('moving the clock a month renews the period once, and the answer waits for the read model', async () => {
    const open = { accountId: 'clocked', businessName: 'Clocked Ltd', email: 'c@example.com', currency: 'GBP', taxRegion: 'GB' };
    assert.equal((await app.request('POST', '/v1/accounts', { token: admin, body: open })).status, 201);
    const subscribed = await app.request('POST', '/v1/accounts/clocked/subscription', { token: admin, body: { tier: 'starter', branches: 1 } });
    assert.equal(subscribed.status, 201, JSON.stringify(subscribed.body));
    assert.deepEqual(subscribed.body.account.period, { start: '2026-03-01', end: '2026-04-01' });
    // Settle the first invoice (120p: 100p Starter + 20% GB tax) so that the account stays active.
    const [invoice] = subscribed.body.account.openInvoices;
    assert.deepEqual(invoice.total, { amount: 120, currency: 'GBP' });
    await new BillingCommands(app.runtime.store, app.clock).execute(
      'clocked',
      { type: 'RecordPayment', invoiceId: invoice.invoiceId, amount: { amount: 120, currency: 'GBP' }, reference: 'bank-transfer-1', gateway: 'manual' },
      { actor: 'fin-1' },
    );

    const moved = await app.request('POST', '/v1/admin/clock', { token: admin, body: { now: '2026-04-01T00:00:00.000Z' } });
    assert.equal(moved.status, 200, JSON.stringify(moved.body));
    assert.equal(moved.body.now, '2026-04-01T00:00:00.000Z');
    const account = await app.request('GET', '/v1/accounts/clocked', { token: admin });
    assert.equal(account.body.status, 'active');
    assert.deepEqual(account.body.period, { start: '2026-04-01', end: '2026-05-01' });
    assert.equal(account.body.openInvoices.length, 1, 'the April renewal invoice');

    const again = await app.request('POST', '/v1/admin/clock', { token: admin, body: { now: '2026-04-01T00:00:00.000Z' } });
    assert.equal(again.status, 200);
    const renewals = (await app.runtime.store.readStream('account-clocked')).filter((e) => e.type === 'PeriodRenewed');
    assert.equal(renewals.length, 1);
  });

  test('the clock does not move back', async () => {
    const back = await app.request('POST', '/v1/admin/clock', { token: admin, body: { now: '2026-01-01T00:00:00.000Z' } });
    assert.equal(back.status, 422);
    assert.equal(back.body.code, 'CLOCK_CANNOT_MOVE_BACK');
  });
});
