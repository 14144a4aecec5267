// The walking skeleton end to end over real HTTP and a real PostgreSQL: opening an account goes
// through auth, validation, the decider, the event store and the accounts projection, and bad
// input of every kind gets its problem+json answer and leaves no event behind.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { apiClient, ok, type ApiClient } from '../support/api-client';
import { startTestApp, type TestApp } from '../support/test-app';

describe('accounts over HTTP', () => {
  let app: TestApp;
  let admin: string;
  let vendor: string;
  let finance: string;
  /** Typed clients (test/support/api-client.ts) for the requests a client can build; raw requests for the ones it cannot. */
  let asVendor: ApiClient;
  let asAdmin: ApiClient;
  let asFinance: ApiClient;
  const eventCount = async () => Number((await app.runtime.pool.query('SELECT count(*) FROM events')).rows[0].count);

  before(async () => {
    app = await startTestApp();
    admin = await app.token({ sub: 'admin-1', role: 'admin' });
    vendor = await app.token({ sub: 'user-acme', role: 'vendor', accountId: 'acme' });
    finance = await app.token({ sub: 'fin-1', role: 'finance' });
    asVendor = apiClient(app.url, vendor, { 'x-correlation-id': 'corr-open-acme' });
    asAdmin = apiClient(app.url, admin);
    asFinance = apiClient(app.url, finance);
  });
  after(async () => app?.close());

  const openBody = { accountId: 'acme', businessName: 'Acme Bakery', email: 'owner@acme.example', currency: 'GBP', taxRegion: 'GB' };

  test('a vendor opens its account and reads it back at the returned position', async () => {
    const opened = await asVendor.POST('/v1/accounts', { body: openBody });
    assert.equal(opened.response.status, 201, JSON.stringify(opened.error));
    const { account, position } = ok(opened);
    assert.equal(account.accountId, 'acme');
    assert.equal(account.status, 'not_subscribed');
    assert.match(position, /^[0-9a-f]{16}-[0-9a-f]{16}$/);

    const read = ok(await asFinance.GET('/v1/accounts/{id}', { params: { path: { id: 'acme' }, query: { after: position } } }));
    assert.equal(read.businessName, 'Acme Bakery');
    assert.deepEqual(read.credit, { amount: 0, currency: 'GBP' });

    const [event] = await app.runtime.store.readStream('account-acme');
    assert.equal(event.type, 'AccountOpened');
    assert.equal(event.metadata.correlationId, 'corr-open-acme');
    assert.equal(event.metadata.actor, 'user-acme');
    assert.equal(event.metadata.command, 'OpenAccount');
    assert.equal(event.metadata.occurredAt, '2026-03-01T00:00:00.000Z');
  });

  test('opening the same account twice is 422 ACCOUNT_ALREADY_EXISTS', async () => {
    const again = await asAdmin.POST('/v1/accounts', { body: openBody });
    assert.equal(again.response.status, 422);
    assert.equal(again.error?.code, 'ACCOUNT_ALREADY_EXISTS');
    assert.equal(again.error?.detail, 'A billing account with this id is already open. Choose another accountId, or work with the account that exists.');
  });

  test('an Idempotency-Key repeat returns the first answer; the same key with another body is refused', async () => {
    const body = { ...openBody, accountId: 'idem-shop' };
    const params = { header: { 'Idempotency-Key': 'open-idem-shop-1' } };
    const first = await asAdmin.POST('/v1/accounts', { params, body });
    const second = await asAdmin.POST('/v1/accounts', { params, body });
    assert.equal(first.response.status, 201);
    assert.equal(second.response.status, 201);
    assert.equal(second.response.headers.get('idempotent-replayed'), 'true');
    assert.deepEqual(second.data, first.data);
    const reused = await asAdmin.POST('/v1/accounts', { params, body: { ...body, businessName: 'Other' } });
    assert.equal(reused.response.status, 422);
    assert.equal(reused.error?.code, 'IDEMPOTENCY_KEY_REUSED');
    assert.equal((await app.runtime.store.readStream('account-idem-shop')).length, 1);
  });

  const badRequests: Array<[string, () => Promise<{ status: number; body: { code: string } }>, number, string]> = [
    ['malformed JSON', () => app.request('POST', '/v1/accounts', { token: admin, rawBody: '{"accountId": "x",' }), 400, 'VALIDATION_FAILED'],
    ['an unknown field', () => app.request('POST', '/v1/accounts', { token: admin, body: { ...openBody, accountId: 'u1', isAdmin: true } }), 400, 'VALIDATION_FAILED'],
    ['a wrong type', () => app.request('POST', '/v1/accounts', { token: admin, body: { ...openBody, accountId: 42 } }), 400, 'VALIDATION_FAILED'],
    ['an id with SQL in it', () => app.request('POST', '/v1/accounts', { token: admin, body: { ...openBody, accountId: "x'; DROP TABLE events;--" } }), 400, 'VALIDATION_FAILED'],
    ['a huge body', () => app.request('POST', '/v1/accounts', { token: admin, body: { ...openBody, accountId: 'big', businessName: 'x'.repeat(200_000) } }), 413, 'PAYLOAD_TOO_LARGE'],
    ['no token', () => app.request('POST', '/v1/accounts', { body: { ...openBody, accountId: 'anon' } }), 401, 'UNAUTHENTICATED'],
    ['a forged token', async () => app.request('POST', '/v1/accounts', { token: `${admin.slice(0, -4)}AAAA`, body: { ...openBody, accountId: 'forged' } }), 401, 'UNAUTHENTICATED'],
    ['an expired token', async () => app.request('POST', '/v1/accounts', { token: await app.token({ sub: 'a', role: 'admin' }, -10), body: { ...openBody, accountId: 'late' } }), 401, 'UNAUTHENTICATED'],
    ['a vendor opening another account', () => app.request('POST', '/v1/accounts', { token: vendor, body: { ...openBody, accountId: 'not-acme' } }), 403, 'FORBIDDEN'],
    ['a vendor reading another account', () => app.request('GET', '/v1/accounts/idem-shop', { token: vendor }), 403, 'FORBIDDEN'],
    ['finance opening an account', () => app.request('POST', '/v1/accounts', { token: finance, body: { ...openBody, accountId: 'fin' } }), 403, 'FORBIDDEN'],
    ['a currency with no exchange rate', () => app.request('POST', '/v1/accounts', { token: admin, body: { ...openBody, accountId: 'yen', currency: 'JPY' } }), 422, 'NO_EXCHANGE_RATE'],
    ['an unknown account', () => app.request('GET', '/v1/accounts/nobody', { token: admin }), 404, 'ACCOUNT_NOT_FOUND'],
    ['a bad position', () => app.request('GET', '/v1/accounts/acme?after=1', { token: admin }), 400, 'VALIDATION_FAILED'],
    ['an unknown tier', () => app.request('POST', '/v1/accounts/acme/subscription', { token: vendor, body: { tier: 'gold', branches: 1 } }), 400, 'VALIDATION_FAILED'],
    ['branches as a word', () => app.request('POST', '/v1/accounts/acme/subscription', { token: vendor, body: { tier: 'pro', branches: 'two' } }), 400, 'VALIDATION_FAILED'],
    ['a body sent to a command that takes none', () => app.request('POST', '/v1/accounts/acme/subscription/hibernate', { token: vendor, body: { at: 'now' } }), 400, 'VALIDATION_FAILED'],
    ['a bearer header that is not a token', () => app.request('GET', '/v1/accounts/acme', { headers: { authorization: 'Bearer garbage' } }), 401, 'UNAUTHENTICATED'],
  ];

  for (const [what, send, status, code] of badRequests) {
    test(`${what} → ${status} ${code}, problem+json, and no event`, async () => {
      const before = await eventCount();
      const response = await send();
      assert.equal(response.status, status, JSON.stringify(response.body));
      assert.equal(response.body.code, code);
      assert.match((response as unknown as { headers: Headers }).headers.get('content-type') ?? '', /^application\/problem\+json/);
      assert.equal(await eventCount(), before);
    });
  }

  test('a refusal names the field and says what it accepts, once per field', async () => {
    const unknownTier = await app.request('POST', '/v1/accounts/acme/subscription', { token: vendor, body: { tier: 'gold', branches: 1 } });
    assert.deepEqual(unknownTier.body.errors, [{ field: 'tier', message: 'tier must be one of starter, pro, enterprise' }]);
    const words = await app.request('POST', '/v1/accounts/acme/subscription', { token: vendor, body: { tier: 'pro', branches: 'two' } });
    assert.deepEqual(words.body.errors, [{ field: 'branches', message: 'branches must be a whole number from 1 to 10000' }]);
    const typo = await app.request('POST', '/v1/accounts/acme/subscription', { token: vendor, body: { tier: 'pro', branches: 1, Branches: 2 } });
    assert.deepEqual(typo.body.errors, [{ field: 'Branches', message: 'Branches is not accepted here; remove it (names are case-sensitive camelCase)' }]);
    const garbage = await app.request('GET', '/v1/accounts/acme', { headers: { authorization: 'Bearer garbage' } });
    assert.match(garbage.body.detail, /^The Authorization header is not a bearer token\. Send Authorization: Bearer <token>/);
    const missing = await app.request('GET', '/v1/accounts/acme');
    assert.match(missing.body.detail, /^This endpoint needs a bearer token\./);
  });

  test('a business rule refusal reads as a sentence with the specifics and the way out', async () => {
    ok(await asVendor.PUT('/v1/accounts/{id}/product-count', { params: { path: { id: 'acme' } }, body: { count: 50 } }));
    const refused = await asVendor.POST('/v1/accounts/{id}/subscription', { params: { path: { id: 'acme' } }, body: { tier: 'starter', branches: 1 } });
    assert.equal(refused.response.status, 422);
    assert.equal(refused.error?.code, 'PRODUCT_LIMIT_EXCEEDED');
    assert.equal(refused.error?.detail, "The account has more products than the tier allows (50 products exceed starter's limit of 10). Report a lower product count first, or choose a tier with a higher limit (see GET /v1/catalog).");
    const notYet = await asVendor.POST('/v1/accounts/{id}/subscription/hibernate', { params: { path: { id: 'acme' } } });
    assert.equal(notYet.error?.detail, 'The account has no subscription. Subscribe the account to a tier first.');
  });

  test('commands without a body take none, {}, or an empty body sent as application/json', async () => {
    ok(await asVendor.POST('/v1/accounts/{id}/subscription', { params: { path: { id: 'acme' } }, body: { tier: 'pro', branches: 1 } }));
    const emptyJson = await app.request('POST', '/v1/accounts/acme/subscription/hibernate', { token: vendor, rawBody: '', headers: { 'content-type': 'application/json' } });
    assert.equal(emptyJson.status, 200, JSON.stringify(emptyJson.body));
    assert.ok(emptyJson.body.account.scheduled.hibernationAt, 'hibernation scheduled');
    const emptyObject = await app.request('POST', '/v1/accounts/acme/subscription/resume', { token: vendor, body: {} });
    assert.equal(emptyObject.status, 200, JSON.stringify(emptyObject.body));
    assert.equal(emptyObject.body.account.scheduled.hibernationAt, null, 'the scheduled hibernation is called off');
    const noContentType = await app.request('POST', '/v1/accounts/acme/subscription/cancel', { token: vendor, headers: { 'idempotency-key': 'cancel-acme' } });
    assert.equal(noContentType.status, 200, JSON.stringify(noContentType.body));
    assert.ok(noContentType.body.account.scheduled.cancellationAt, 'cancellation scheduled');
    const repeated = await app.request('POST', '/v1/accounts/acme/subscription/cancel', { token: vendor, body: {}, headers: { 'idempotency-key': 'cancel-acme' } });
    assert.equal(repeated.headers.get('idempotent-replayed'), 'true', 'no body and {} are the same request');
    assert.deepEqual(repeated.body, noContentType.body);
    const withFields = await app.request('POST', '/v1/accounts/acme/subscription/resume', { token: vendor, body: { at: 'now' } });
    assert.equal(withFields.status, 400);
    assert.deepEqual(withFields.body.errors, [{ field: 'at', message: 'at is not accepted here; this command takes no body' }]);
  });

  test('health, metrics and the OpenAPI document are open', async () => {
    assert.equal((await app.request('GET', '/health')).status, 200);
    const metrics = await app.request('GET', '/metrics');
    assert.match(metrics.body as string, /http_request_duration_seconds/);
    const docs = await app.request('GET', '/docs-json');
    assert.ok(docs.body.paths['/v1/accounts'], 'accounts documented');
    assert.equal((await app.request('GET', '/docs')).status, 200);
  });
});
