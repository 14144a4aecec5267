// GET /v1/accounts: finance finds accounts by any part of their id, business name or email, in
// any case, filters by status, tier and currency, and pages through them in id order; the items
// are the accounts as GET /v1/accounts/{id} shows them.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { paths } from '../../libs/contract/openapi';
import { apiClient, ok, type ApiClient } from '../support/api-client';
import { startTestApp, type TestApp } from '../support/test-app';

type ListQuery = NonNullable<paths['/v1/accounts']['get']['parameters']['query']>;

const SHOPS: ReadonlyArray<{ accountId: string; businessName: string; email: string; currency: string; tier: 'starter' | 'pro' | null }> = [
  { accountId: 'bakery-london', businessName: 'The Rye Bakery', email: 'hello@rye.example', currency: 'GBP', tier: 'starter' },
  { accountId: 'cafe-dublin', businessName: 'Café Liffey', email: 'owner@liffey.example', currency: 'EUR', tier: 'pro' },
  { accountId: 'deli-cork', businessName: 'Cork Deli 100%', email: 'BAKERY@cork.example', currency: 'EUR', tier: null },
  { accountId: 'florist-leeds', businessName: 'Petals_and_Stems', email: 'petals@leeds.example', currency: 'GBP', tier: 'pro' },
];

describe('finance lists and searches accounts', () => {
  let app: TestApp;
  let finance: ApiClient;
  let position = '';

  const list = async (query: ListQuery) =>
    ok(await finance.GET('/v1/accounts', { params: { query: { ...query, after: position } } }));
  const ids = async (query: ListQuery) => (await list(query)).items.map((account) => account.accountId);

  before(async () => {
    app = await startTestApp();
    const admin = apiClient(app.url, await app.token({ sub: 'list-admin', role: 'admin' }));
    finance = apiClient(app.url, await app.token({ sub: 'list-finance', role: 'finance' }));
    ok(await finance.PUT('/v1/admin/exchange-rates/{currency}', { params: { path: { currency: 'EUR' } }, body: { rate: '1.17' } }));
    for (const { tier, ...shop } of SHOPS) {
      position = ok(await admin.POST('/v1/accounts', { body: { ...shop, taxRegion: shop.currency === 'GBP' ? 'GB' : 'IE' } })).position;
      if (tier) position = ok(await admin.POST('/v1/accounts/{id}/subscription', { params: { path: { id: shop.accountId } }, body: { tier, branches: 1 } })).position;
    }
  });
  after(async () => app?.close());

  test('all of them in id order, as GET /v1/accounts/{id} shows each', async () => {
    const page = await list({});
    assert.deepEqual(page.items.map((account) => account.accountId), ['bakery-london', 'cafe-dublin', 'deli-cork', 'florist-leeds']);
    assert.equal(page.nextCursor, null);
    const one = ok(await finance.GET('/v1/accounts/{id}', { params: { path: { id: 'cafe-dublin' } } }));
    assert.deepEqual(page.items[1], one);
  });

  test('q matches part of the id, the business name or the email, in any case', async () => {
    assert.deepEqual(await ids({ q: 'BAKERY' }), ['bakery-london', 'deli-cork'], 'id of one, email of the other');
    assert.deepEqual(await ids({ q: 'liffey' }), ['cafe-dublin']);
    assert.deepEqual(await ids({ q: 'rye bak' }), ['bakery-london']);
    assert.deepEqual(await ids({ q: 'café' }), ['cafe-dublin']);
    assert.deepEqual(await ids({ q: 'zzz' }), []);
  });

  test('% and _ in q are characters, not wildcards; q never matches across two fields', async () => {
    assert.deepEqual(await ids({ q: '100%' }), ['deli-cork']);
    assert.deepEqual(await ids({ q: '_and_' }), ['florist-leeds']);
    assert.deepEqual(await ids({ q: 'london The' }), []);
  });

  test('status, tier and currency filter, alone and together', async () => {
    assert.deepEqual(await ids({ status: 'not_subscribed' }), ['deli-cork']);
    assert.deepEqual(await ids({ tier: 'pro' }), ['cafe-dublin', 'florist-leeds']);
    assert.deepEqual(await ids({ currency: 'EUR', tier: 'pro' }), ['cafe-dublin']);
    assert.deepEqual(await ids({ status: 'active', currency: 'GBP', q: 'petals' }), ['florist-leeds']);
  });

  test('pages of one walk every account once', async () => {
    const walked: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await list({ limit: 1, cursor });
      walked.push(...page.items.map((account) => account.accountId));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    assert.deepEqual(walked, SHOPS.map((shop) => shop.accountId));
  });

  test('a vendor may not list accounts; a bad filter names its field', async () => {
    const vendor = apiClient(app.url, await app.token({ sub: 'list-vendor', role: 'vendor', accountId: 'bakery-london' }));
    assert.equal((await vendor.GET('/v1/accounts')).response.status, 403);
    const badStatus = await app.request('GET', '/v1/accounts?status=sleeping', { token: await app.token({ sub: 'f', role: 'finance' }) });
    assert.equal(badStatus.status, 400);
    assert.deepEqual(badStatus.body.errors, [{ field: 'status', message: 'status must be one of not_subscribed, active, past_due, suspended, hibernating, cancelled' }]);
  });
});
