// A Pro vendor's spring over HTTP on the manual clock: 25 % off for 3 months, an upgrade and a branch
// while it runs, the discount ending, then a contract price from the next period. Every amount is
// worked out by hand below from billing-rules.md (GBP, GB 20 % tax, card tok_ok: each invoice is
// collected at once).
//
//  1 Mar  subscribe Pro, 1 branch, period [1 Mar, 1 Apr) = 31 days          300 → tax 60 → 360
//  5 Mar  redeem SPRING-25 (25 %, repeating 3 months): documents issued before 5 Jun are discounted
// 17 Mar  upgrade to Enterprise, 15 of 31 days left
//           −300 × 15/31 = −145.161 → −145;  +500 × 15/31 = 241.935 → 242        97
//           discount 25 % of 97 = 24.25 → −24                                     73 → tax 14.6 → 15 → 88
// 20 Mar  one branch added: +100 × 12/31 = 38.709 → 39 (pending)
//  1 Apr  renewal [1 Apr, 1 May), 30 days: Enterprise 500 + branch 100 + pending 39 = 639
//           discount 25 % of 639 = 159.75 → −160                                 479 → tax 95.8 → 96 → 575
//  1 May  renewal: 500 + 100 = 600; discount −150                                450 → tax 90 → 540
//  1 Jun  renewal: 600, issued before 5 Jun: discount −150                       450 → tax 90 → 540
//  5 Jun  00:00 the discount has run its course: the account has none, the code may be redeemed again
// 10 Jun  finance sets Enterprise at 400 for this account, from the next period start (1 Jul)
//  1 Jul  renewal: 400 + 100 = 500, no discount                                  500 → tax 100 → 600
//
// Ledger (GBP book): Revenue is credited the lines, 300 + 97 + 639 + 600 + 600 + 500 = 2736;
// Discounts debited 24 + 160 + 150 + 150 = 484; TaxPayable 60 + 15 + 96 + 90 + 90 + 100 = 451;
// Cash:sandbox 360 + 88 + 575 + 540 + 540 + 600 = 2703 = 2736 − 484 + 451; the book sums to 0.
// Tax report 1 Mar – 1 Jul: taxable 2736 − 484 = 2252, tax 451. MRR before discounts: 300 until
// 17 Mar, 500, then 600 from 20 Mar, 500 from 1 Jul.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { components } from '../../libs/contract/openapi';
import { apiClient, ok, type ApiClient } from '../support/api-client';
import { startTestApp, type TestApp } from '../support/test-app';

type Document = components['schemas']['InvoiceDto'];

describe('a Pro vendor with 25 % off for 3 months, then a contract price', () => {
  let app: TestApp;
  let vendor: ApiClient;
  let finance: ApiClient;
  let admin: ApiClient;
  const id = 'spring-florist';
  const account = { params: { path: { id } } };

  const at = async (now: string) => ok(await admin.POST('/v1/admin/clock', { body: { now } }));
  const documents = async (): Promise<Document[]> => {
    await app.worker.dueWork.settle();
    const listed = ok(await finance.GET('/v1/accounts/{id}/invoices', { params: { path: { id }, query: { limit: 100 } } }));
    return [...listed.items].reverse();
  };
  const summary = (document: Document) => ({
    lines: document.lines.map((line) => [line.kind, line.amount.amount]), subtotal: document.subtotal.amount, tax: document.tax.amount, total: document.total.amount,
  });
  const theAccount = async () => {
    await app.worker.dueWork.settle();
    return ok(await vendor.GET('/v1/accounts/{id}', account));
  };

  before(async () => {
    app = await startTestApp({}, '2026-03-01T09:00:00.000Z');
    vendor = apiClient(app.url, await app.token({ sub: 'florist', role: 'vendor', accountId: id }));
    finance = apiClient(app.url, await app.token({ sub: 'finance', role: 'finance' }));
    admin = apiClient(app.url, await app.token({ sub: 'admin', role: 'admin' }));
  });
  after(async () => app?.close());

  test('the story, document by document', async () => {
    ok(await vendor.POST('/v1/accounts', { body: { accountId: id, businessName: 'Spring Florist', email: 'owner@florist.example', currency: 'GBP', taxRegion: 'GB' } }));
    ok(await vendor.PUT('/v1/accounts/{id}/payment-method', { ...account, body: { gateway: 'sandbox', token: 'tok_ok' } }));
    ok(await vendor.POST('/v1/accounts/{id}/subscription', { ...account, body: { tier: 'pro', branches: 1 } }));
    const created = await finance.POST('/v1/coupons', { body: { code: 'SPRING-25', percentOff: '25', duration: 'repeating', months: 3 } });
    assert.equal(created.response.status, 201, JSON.stringify(created.error));
    assert.deepEqual(ok(created).coupon, {
      code: 'SPRING-25', percentOff: '25', amountOff: null, duration: 'repeating', months: 3, redeemBy: null, maxRedemptions: null, timesRedeemed: 0,
      status: 'active', createdAt: '2026-03-01T09:00:00.000Z', archivedAt: null,
    });

    await at('2026-03-05T10:00:00.000Z');
    const redeemed = ok(await vendor.POST('/v1/accounts/{id}/discount', { ...account, body: { code: 'SPRING-25' } }));
    assert.deepEqual(redeemed.account.discount, {
      code: 'SPRING-25', redemptionId: redeemed.account.discount?.redemptionId, percentOff: '25', amountOff: null, duration: 'repeating', months: 3,
      redeemedAt: '2026-03-05T10:00:00.000Z', endsOn: '2026-06-05',
    });

    await at('2026-03-17T10:00:00.000Z');
    ok(await vendor.POST('/v1/accounts/{id}/subscription/tier', { ...account, body: { tier: 'enterprise' } }));
    await at('2026-03-20T08:00:00.000Z');
    ok(await vendor.POST('/v1/accounts/{id}/subscription/branches', { ...account, body: { delta: 1 } }));
    let issued = await documents();
    assert.deepEqual(issued.map(summary), [
      { lines: [['tier', 300]], subtotal: 300, tax: 60, total: 360 },
      { lines: [['tier_credit', -145], ['tier_charge', 242], ['discount', -24]], subtotal: 73, tax: 15, total: 88 },
    ]);
    assert.equal(issued[1].lines[2].description, 'Discount (SPRING-25)');

    await at('2026-06-04T23:59:59.000Z');
    assert.equal((await theAccount()).discount?.code, 'SPRING-25');
    await at('2026-06-05T00:00:00.000Z');
    assert.equal((await theAccount()).discount, null, 'the discount has run its course');

    await at('2026-06-10T12:00:00.000Z');
    const priced = ok(await finance.PUT('/v1/accounts/{id}/prices', { ...account, body: { tierPrices: { enterprise: 400 } } }));
    assert.equal(priced.account.prices.scheduled?.effectiveFrom, '2026-07-01');
    assert.deepEqual(priced.account.prices.scheduled?.tierPrices.enterprise, { amount: 400, currency: 'GBP' });
    assert.deepEqual(priced.account.prices.tierPrices.enterprise, { amount: 500, currency: 'GBP' });
    await at('2026-07-01T00:00:00.000Z');

    issued = await documents();
    assert.deepEqual(issued.slice(2).map(summary), [
      { lines: [['tier', 500], ['branches', 100], ['branches', 39], ['discount', -160]], subtotal: 479, tax: 96, total: 575 },
      { lines: [['tier', 500], ['branches', 100], ['discount', -150]], subtotal: 450, tax: 90, total: 540 },
      { lines: [['tier', 500], ['branches', 100], ['discount', -150]], subtotal: 450, tax: 90, total: 540 },
      { lines: [['tier', 400], ['branches', 100]], subtotal: 500, tax: 100, total: 600 },
    ]);
    assert.deepEqual(issued.map((document) => document.status), ['paid', 'paid', 'paid', 'paid', 'paid', 'paid']);
    const now = await theAccount();
    assert.deepEqual(now.prices.tierPrices.enterprise, { amount: 400, currency: 'GBP' });
    assert.equal(now.prices.scheduled, null);
    assert.deepEqual(now.prices.contract, { tierPrices: { enterprise: 400 }, extraBranchPrice: null, hibernationFee: null });
  });

  test('the coupon lists its one redemption, ended by its months', async () => {
    const coupon = ok(await finance.GET('/v1/coupons/{code}', { params: { path: { code: 'SPRING-25' } } }));
    assert.equal(coupon.timesRedeemed, 1);
    assert.deepEqual(coupon.redemptions.items.map((r) => [r.accountId, r.status, r.endReason]), [[id, 'ended', 'expired']]);
    const listed = ok(await finance.GET('/v1/coupons', {}));
    assert.deepEqual(listed.items.map((c) => [c.code, c.timesRedeemed]), [['SPRING-25', 1]]);
  });

  test("the account's payments are the six discounted totals, collected at once", async () => {
    const payments = ok(await finance.GET('/v1/accounts/{id}/payments', { params: { path: { id }, query: { limit: 100 } } }));
    assert.deepEqual(payments.items.map((item) => [item.kind, item.amount.amount]).reverse(), [360, 88, 575, 540, 540, 600].map((amount) => ['payment', amount]));
    assert.equal(payments.nextCursor, null);
  });

  test('the journal posts the discounts and the GBP book sums to 0', async () => {
    const book = ok(await finance.GET('/v1/ledger/trial-balance', { params: { query: { currency: 'GBP' } } }));
    const balance = (name: string) => book.items.find((row) => row.account === name)?.balance.amount;
    assert.equal(balance('Revenue'), -2736);
    assert.equal(balance('Discounts'), 484);
    assert.equal(balance('TaxPayable'), -451);
    assert.equal(balance('Cash:sandbox'), 2703);
    assert.equal(book.balance.amount, 0);
  });

  test('the tax report counts the taxable amount after discounts', async () => {
    const report = ok(await finance.GET('/v1/reports/tax', { params: { query: { from: '2026-03-01', to: '2026-07-01' } } }));
    const gb = report.items.find((row) => row.region === 'GB');
    assert.deepEqual([gb?.taxableAmount.amount, gb?.tax.amount], [2252, 451]);
  });

  test("MRR is before discounts, on the account's own prices", async () => {
    const report = ok(await finance.GET('/v1/reports/mrr', { params: { query: { from: '2026-03-16', to: '2026-07-01' } } }));
    const mrr = (date: string) => report.items.find((day) => day.date === date)?.mrr.amount;
    assert.deepEqual([mrr('2026-03-16'), mrr('2026-03-17'), mrr('2026-03-20'), mrr('2026-06-30'), mrr('2026-07-01')], [300, 500, 600, 600, 500]);
  });
});
