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
import { startTestApp, type TestApp } from '../support/test-app';

describe("a vendor's year, by hand", () => {
  let app: TestApp;
  let vendor: string;
  let admin: string;
  let finance: string;
  const id = 'year-bakery';

  const at = async (now: string) => {
    const moved = await app.request('POST', '/v1/admin/clock', { token: admin, body: { now } });
    assert.equal(moved.status, 200, JSON.stringify(moved.body));
  };
  const command = async (method: string, path: string, body?: unknown, expected = [200, 201]) => {
    const response = await app.request(method, `/v1/accounts/${id}${path}`, { token: vendor, body });
    assert.ok(expected.includes(response.status), `${method} ${path}: ${response.status} ${JSON.stringify(response.body)}`);
    return response;
  };
  const invoices = async () => {
    await app.worker.dueWork.settle();
    const listed = await app.request('GET', `/v1/accounts/${id}/invoices?limit=100`, { token: finance });
    assert.equal(listed.status, 200, JSON.stringify(listed.body));
    return [...listed.body.items].reverse() as Array<{ number: string; status: string; subtotal: { amount: number }; tax: { amount: number }; total: { amount: number }; lines: Array<{ amount: { amount: number } | number }> }>;
  };
  const account = async () => {
    await app.worker.dueWork.settle();
    return (await app.request('GET', `/v1/accounts/${id}`, { token: vendor })).body;
  };
  const lineAmounts = (invoice: { lines: Array<{ amount: { amount: number } | number }> }) => invoice.lines.map((line) => (typeof line.amount === 'number' ? line.amount : line.amount.amount));

  before(async () => {
    app = await startTestApp({}, '2026-03-01T09:00:00.000Z');
    vendor = await app.token({ sub: 'owner', role: 'vendor', accountId: id });
    admin = await app.token({ sub: 'admin', role: 'admin' });
    finance = await app.token({ sub: 'finance', role: 'finance' });
  });
  after(async () => app?.close());

  test('the year, invoice by invoice', async () => {
    await app.request('POST', '/v1/accounts', { token: vendor, body: { accountId: id, businessName: 'Year Bakery', email: 'y@example.com', currency: 'GBP', taxRegion: 'GB' } });
    await command('PUT', '/payment-method', { gateway: 'sandbox', token: 'tok_ok' });
    await command('POST', '/subscription', { tier: 'starter', branches: 1 });

    await at('2026-03-17T10:00:00.000Z');
    await command('POST', '/subscription/tier', { tier: 'pro' });
    await at('2026-03-20T08:00:00.000Z');
    for (let i = 0; i < 3; i++) await command('POST', '/subscription/branches', { delta: 1 });
    let documents = await invoices();
    assert.deepEqual(documents.map((d) => d.total.amount), [120, 116]);
    assert.deepEqual(lineAmounts(documents[1]), [-48, 145]);

    await at('2026-04-01T00:00:00.000Z');
    await at('2026-04-10T12:00:00.000Z');
    await command('PUT', '/product-count', { count: 150 });
    const inGrace = await account();
    assert.deepEqual(inGrace.grace, { startedAt: '2026-04-10T12:00:00.000Z', endsAt: '2026-04-17T12:00:00.000Z' });
    assert.equal(inGrace.visible, true);
    await at('2026-04-17T12:00:00.000Z');
    assert.equal((await account()).tier, 'enterprise');

    await at('2026-05-01T00:00:00.000Z');
    await at('2026-05-10T00:00:00.000Z');
    await command('POST', '/subscription/hibernate');
    await at('2026-06-01T00:00:00.000Z');
    const hibernating = await account();
    assert.equal(hibernating.status, 'hibernating');
    assert.equal(hibernating.visible, false);
    await at('2026-06-16T00:00:00.000Z');
    await command('POST', '/subscription/resume');

    await at('2026-07-01T00:00:00.000Z');
    await at('2026-07-11T00:00:00.000Z');
    const refused = await command('POST', '/subscription/tier', { tier: 'pro' }, [422]);
    assert.equal(refused.body.code, 'PRODUCT_LIMIT_EXCEEDED');
    await command('PUT', '/product-count', { count: 80 });
    await command('POST', '/subscription/tier', { tier: 'pro' });
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
  });

  test('a EUR account in CA-ON and a GBP account in GB, side by side', async () => {
    const fin = finance;
    assert.equal((await app.request('PUT', '/v1/admin/exchange-rates/EUR', { token: fin, body: { rate: '1.17' } })).status, 200);
    for (const [account, currency, region] of [['eur-on', 'EUR', 'CA-ON'], ['gbp-gb', 'GBP', 'GB']]) {
      const owner = await app.token({ sub: account, role: 'vendor', accountId: account });
      await app.request('POST', '/v1/accounts', { token: owner, body: { accountId: account, businessName: account, email: `${account}@example.com`, currency, taxRegion: region } });
      const subscribed = await app.request('POST', `/v1/accounts/${account}/subscription`, { token: owner, body: { tier: 'starter', branches: 1 } });
      assert.equal(subscribed.status, 201, JSON.stringify(subscribed.body));
    }
    await app.worker.dueWork.settle();
    const eur = (await app.request('GET', '/v1/accounts/eur-on/invoices', { token: fin })).body.items[0];
    // 100p × 1.17 = 117 cents; CA-ON HST 13% of 117 = 15.21 → 15; total 132.
    assert.deepEqual([eur.subtotal, eur.tax, eur.total], [{ amount: 117, currency: 'EUR' }, { amount: 15, currency: 'EUR' }, { amount: 132, currency: 'EUR' }]);
    assert.equal(eur.exchangeRate, '1.17');
    assert.equal(eur.taxRate, '0.13');
    const gbp = (await app.request('GET', '/v1/accounts/gbp-gb/invoices', { token: fin })).body.items[0];
    assert.deepEqual([gbp.subtotal.amount, gbp.tax.amount, gbp.total.amount], [100, 20, 120]);
  });
});
