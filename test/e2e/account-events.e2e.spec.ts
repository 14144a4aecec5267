// An account's events over HTTP come as every list does, `{ items, nextCursor }`, oldest first, a
// page at a time; `?asOf=` keeps what was recorded by then; an unknown account is a 404.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { apiClient, ok, type ApiClient } from '../support/api-client';
import { startTestApp, type TestApp } from '../support/test-app';

describe("an account's events, paginated", () => {
  let app: TestApp;
  let vendor: ApiClient;
  const id = 'events-shop';
  const path = { path: { id } };

  before(async () => {
    app = await startTestApp({}, '2026-03-01T09:00:00.000Z');
    vendor = apiClient(app.url, await app.token({ sub: 'events-owner', role: 'vendor', accountId: id }));
    const admin = apiClient(app.url, await app.token({ sub: 'events-admin', role: 'admin' }));
    ok(await vendor.POST('/v1/accounts', { body: { accountId: id, businessName: 'Events', email: 'events@example.com', currency: 'GBP', taxRegion: 'GB' } }));
    ok(await vendor.POST('/v1/accounts/{id}/subscription', { params: path, body: { tier: 'starter', branches: 1 } }));
    ok(await admin.POST('/v1/admin/clock', { body: { now: '2026-03-10T09:00:00.000Z' } }));
    for (const count of [3, 5, 8]) ok(await vendor.PUT('/v1/accounts/{id}/product-count', { params: path, body: { count } }));
  });
  after(async () => app?.close());

  test('pages of two walk every event once, in stream order, and the last page says so', async () => {
    const all = ok(await vendor.GET('/v1/accounts/{id}/events', { params: { ...path, query: { limit: 100 } } }));
    assert.equal(all.nextCursor, null);
    assert.deepEqual(all.items.map((event) => event.revision), all.items.map((_, index) => index));
    assert.equal(all.items[0].type, 'AccountOpened');
    const walked: number[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 50; page++) {
      const answer = ok(await vendor.GET('/v1/accounts/{id}/events', { params: { ...path, query: { limit: 2, cursor } } }));
      assert.ok(answer.items.length <= 2);
      walked.push(...answer.items.map((event) => event.revision));
      if (answer.nextCursor === null) break;
      cursor = answer.nextCursor;
    }
    assert.deepEqual(walked, all.items.map((event) => event.revision));
  });

  test('asOf keeps what had been recorded by then', async () => {
    const early = ok(await vendor.GET('/v1/accounts/{id}/events', { params: { ...path, query: { asOf: '2026-03-05T00:00:00Z', limit: 100 } } }));
    assert.ok(early.items.length >= 2);
    assert.ok(early.items.every((event) => event.occurredAt <= '2026-03-05T00:00:00.000Z'));
    assert.ok(!early.items.some((event) => event.type === 'ProductCountReported'));
  });

  test('an unknown account is a 404, and a cursor of another list a 400 naming cursor', async () => {
    const finance = apiClient(app.url, await app.token({ sub: 'events-finance', role: 'finance' }));
    const unknown = await finance.GET('/v1/accounts/{id}/events', { params: { path: { id: 'nobody' } } });
    assert.equal(unknown.response.status, 404);
    assert.equal(unknown.error?.code, 'ACCOUNT_NOT_FOUND');
    const foreign = await finance.GET('/v1/accounts/{id}/events', { params: { ...path, query: { cursor: Buffer.from(JSON.stringify(['c1', 'invoices', '1'])).toString('base64url') } } });
    assert.equal(foreign.response.status, 400);
    assert.equal(foreign.error?.errors?.[0].field, 'cursor');
  });
});
