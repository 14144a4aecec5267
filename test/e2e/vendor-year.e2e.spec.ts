// One vendor's year over HTTP on the manual clock, every amount worked out by hand below from
// billing-rules.md (GBP, GB 20% tax, payment method tok_ok so each invoice is collected at once).
//
//  1 Mar  subscribe Starter, 1 branch, period [1 Mar, 1 Apr) = 31 days   100 → tax 20 → 120
// 17 Mar  upgrade to Pro: 15/31 of the period left
//           −100×15/31 = −48.387 → −48;  +300×15/31 = 145.161 → 145     97 → tax 19.4 → 19 → 116
// 20 Mar  three branches added, one request each: one netted pending line
//           3×100×12/31 = 116.129 → 116 (billed with the next invoice)
//  1 Apr  renewal [1 Apr, 1 May) = 30 days: Pro 300, 3 extra branches 300, pending 116
//                                                                     716 → tax 143.2 → 143 → 859
// 10 Apr  12:00 product count 150 > Pro's 100: grace until 17 Apr 12:00
// 17 Apr  12:00 still over: automatic upgrade to Enterprise, 14/30 left
//           −300×14/30 = −140;  +500×14/30 = 233.333 → 233              93 → tax 18.6 → 19 → 112
//  1 May  renewal [1 May, 1 Jun): Enterprise 500 + branches 300         800 → tax 160 → 960
// 10 May  hibernate (takes effect 1 Jun)
//  1 Jun  hibernation renewal: fee 50                                     50 → tax 10 → 60
// 16 Jun  resume: (500 + 300 − 50) × 15/30 = 375                         375 → tax 75 → 450
//  1 Jul  renewal: Enterprise 500 + branches 300                         800 → tax 160 → 960
// 11 Jul  downgrade to Pro refused (150 products > 100); count 80 reported; downgrade to Pro:
//           −500×21/31 = −338.710 → −339;  +300×21/31 = 203.226 → 203 (pending credit)
//  1 Aug  renewal: Pro 300 + branches 300 − 339 + 203                   464 → tax 92.8 → 93 → 557
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { apiClient, ok, type ApiClient } from '../support/api-client';
import { startTestApp, type TestApp } from '../support/test-app';

describe("a vendor's year, by hand", () => {
  let app: TestApp;
  /** Typed clients (test/support/api-client.ts): every answer is checked against the OpenAPI document. */
  let vendor: ApiClient;
  let admin: ApiClient;
  let finance: ApiClient;
  const id = 'year-bakery';
  const path = { path: { id } };

  const at = async (now: string) => ok(await admin.POST('/v1/admin/clock', { body: { now } }));
  const invoices = async () => {
    await app.worker.dueWork.settle();
    const listed = ok(await finance.GET('/v1/accounts/{id}/invoices', { params: { ...path, query: { limit: 100 } } }));
    assert.equal(listed.nextCursor, null);
    return [...listed.items].reverse();
  };
  const account = async () => {
    await app.worker.dueWork.settle();
    return ok(await vendor.GET('/v1/accounts/{id}', { params: path }));
  };
  const lineAmounts = (invoice: { lines: ReadonlyArray<{ amount: { amount: number } }> }) => invoice.lines.map((line) => line.amount.amount);

  before(async () => {
    app = await startTestApp({}, '2026-03-01T09:00:00.000Z');
    vendor = apiClient(app.url, await app.token({ sub: 'owner', role: 'vendor', accountId: id }));
    admin = apiClient(app.url, await app.token({ sub: 'admin', role: 'admin' }));
    finance = apiClient(app.url, await app.token({ sub: 'finance', role: 'finance' }));
  });
  after(async () => app?.close());

  test('the year, invoice by invoice', async () => {
    ok(await vendor.POST('/v1/accounts', { body: { accountId: id, businessName: 'Year Bakery', email: 'y@example.com', currency: 'GBP', taxRegion: 'GB' } }));
    ok(await vendor.PUT('/v1/accounts/{id}/payment-method', { params: path, body: { gateway: 'sandbox', token: 'tok_ok' } }));
    ok(await vendor.POST('/v1/accounts/{id}/subscription', { params: path, body: { tier: 'starter', branches: 1 } }));

    await at('2026-03-17T10:00:00.000Z');
    ok(await vendor.POST('/v1/accounts/{id}/subscription/tier', { params: path, body: { tier: 'pro' } }));
    await at('2026-03-20T08:00:00.000Z');
    for (let i = 0; i < 3; i++) ok(await vendor.POST('/v1/accounts/{id}/subscription/branches', { params: path, body: { delta: 1 } }));
    let documents = await invoices();
    assert.deepEqual(documents.map((d) => d.total.amount), [120, 116]);
    assert.deepEqual(lineAmounts(documents[1]), [-48, 145]);

    await at('2026-04-01T00:00:00.000Z');
    await at('2026-04-10T12:00:00.000Z');
    ok(await vendor.PUT('/v1/accounts/{id}/product-count', { params: path, body: { count: 150 } }));
    const inGrace = await account();
    assert.deepEqual(inGrace.grace, { startedAt: '2026-04-10T12:00:00.000Z', endsAt: '2026-04-17T12:00:00.000Z' });
    assert.equal(inGrace.visible, true);
    await at('2026-04-17T12:00:00.000Z');
    assert.equal((await account()).tier, 'enterprise');

    await at('2026-05-01T00:00:00.000Z');
    await at('2026-05-10T00:00:00.000Z');
    ok(await vendor.POST('/v1/accounts/{id}/subscription/hibernate', { params: path }));
    await at('2026-06-01T00:00:00.000Z');
    const hibernating = await account();
    assert.equal(hibernating.status, 'hibernating');
    assert.equal(hibernating.visible, false);
    await at('2026-06-16T00:00:00.000Z');
    ok(await vendor.POST('/v1/accounts/{id}/subscription/resume', { params: path }));

    await at('2026-07-01T00:00:00.000Z');
    await at('2026-07-11T00:00:00.000Z');
    const refused = await vendor.POST('/v1/accounts/{id}/subscription/tier', { params: path, body: { tier: 'pro' } });
    assert.equal(refused.response.status, 422);
    assert.equal(refused.error?.code, 'PRODUCT_LIMIT_EXCEEDED');
    ok(await vendor.PUT('/v1/accounts/{id}/product-count', { params: path, body: { count: 80 } }));
    ok(await vendor.POST('/v1/accounts/{id}/subscription/tier', { params: path, body: { tier: 'pro' } }));
    await at('2026-08-01T00:00:00.000Z');

    documents = await invoices();
    assert.deepEqual(documents.map((d) => d.number), ['INV-000001', 'INV-000002', 'INV-000003', 'INV-000004', 'INV-000005', 'INV-000006', 'INV-000007', 'INV-000008', 'INV-000009']);
    assert.deepEqual(documents.map((d) => [d.subtotal.amount, d.tax.amount, d.total.amount]), [
      [100, 20, 120],
      [97, 19, 116],
      [716, 143, 859],
      [93, 19, 112],
      [800, 160, 960],
      [50, 10, 60],
      [375, 75, 450],
      [800, 160, 960],
      [464, 93, 557],
    ]);
    assert.deepEqual(lineAmounts(documents[2]).sort((a, b) => a - b), [116, 300, 300]);
    assert.deepEqual(lineAmounts(documents[3]), [-140, 233]);
    assert.deepEqual(lineAmounts(documents[8]).sort((a, b) => a - b), [-339, 203, 300, 300]);
    assert.ok(documents.every((d) => d.status === 'paid'), 'every invoice collected with tok_ok');

    // Each collection is a payment in the account's list, newest first, one per invoice.
    const payments = ok(await vendor.GET('/v1/accounts/{id}/payments', { params: { ...path, query: { limit: 100 } } }));
    assert.deepEqual(payments.items.map((p) => [p.kind, p.gateway, p.amount.amount]).reverse(), documents.map((d) => ['payment', 'sandbox', d.total.amount]));
    assert.deepEqual(new Set(payments.items.map((p) => p.invoiceId)), new Set(documents.map((d) => d.invoiceId)));
  });

  test('a EUR account in CA-ON and a GBP account in GB, side by side', async () => {
    ok(await finance.PUT('/v1/admin/exchange-rates/{currency}', { params: { path: { currency: 'EUR' } }, body: { rate: '1.17' } }));
    for (const [accountId, currency, region] of [['eur-on', 'EUR', 'CA-ON'], ['gbp-gb', 'GBP', 'GB']]) {
      const owner = apiClient(app.url, await app.token({ sub: accountId, role: 'vendor', accountId }));
      ok(await owner.POST('/v1/accounts', { body: { accountId, businessName: accountId, email: `${accountId}@example.com`, currency, taxRegion: region } }));
      ok(await owner.POST('/v1/accounts/{id}/subscription', { params: { path: { id: accountId } }, body: { tier: 'starter', branches: 1 } }));
    }
    await app.worker.dueWork.settle();
    const first = async (accountId: string) => ok(await finance.GET('/v1/accounts/{id}/invoices', { params: { path: { id: accountId } } })).items[0];
    const eur = await first('eur-on');
    // 100p × 1.17 = 117 cents; CA-ON HST 13% of 117 = 15.21 → 15; total 132.
    assert.deepEqual([eur.subtotal, eur.tax, eur.total], [{ amount: 117, currency: 'EUR' }, { amount: 15, currency: 'EUR' }, { amount: 132, currency: 'EUR' }]);
    assert.equal(eur.exchangeRate, '1.17');
    assert.equal(eur.taxRate, '0.13');
    const gbp = await first('gbp-gb');
    assert.deepEqual([gbp.subtotal.amount, gbp.tax.amount, gbp.total.amount], [100, 20, 120]);
  });
});
