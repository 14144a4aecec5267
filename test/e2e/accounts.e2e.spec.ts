// The walking skeleton end to end over real HTTP and a real PostgreSQL: opening an account goes
// through auth, validation, the decider, the event store and the accounts projection, and bad
// input of every kind gets its problem+json answer and leaves no event behind.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../support/test-app';

describe('accounts over HTTP', () => {
  let app: TestApp;
  let admin: string;
  let vendor: string;
  let finance: string;
  const eventCount = async () => Number((await app.runtime.pool.query('SELECT count(*) FROM events')).rows[0].count);

  before(async () => {
    app = await startTestApp();
    admin = await app.token({ sub: 'admin-1', role: 'admin' });
    vendor = await app.token({ sub: 'user-acme', role: 'vendor', accountId: 'acme' });
    finance = await app.token({ sub: 'fin-1', role: 'finance' });
  });
  after(async () => app?.close());

  const openBody = { accountId: 'acme', businessName: 'Acme Bakery', email: 'owner@acme.example', currency: 'GBP', taxRegion: 'GB' };

  test('a vendor opens its account and reads it back at the returned position', async () => {
    const opened = await app.request('POST', '/v1/accounts', { token: vendor, body: openBody, headers: { 'x-correlation-id': 'corr-open-acme' } });
    assert.equal(opened.status, 201, JSON.stringify(opened.body));
    assert.equal(opened.body.account.accountId, 'acme');
    assert.equal(opened.body.account.status, 'not_subscribed');
    assert.match(opened.body.position, /^[0-9a-f]{16}-[0-9a-f]{16}$/);

    const read = await app.request('GET', `/v1/accounts/acme?after=${opened.body.position}`, { token: finance });
    assert.equal(read.status, 200);
    assert.equal(read.body.businessName, 'Acme Bakery');
    assert.deepEqual(read.body.credit, { amount: 0, currency: 'GBP' });

    const [event] = await app.runtime.store.readStream('account-acme');
    assert.equal(event.type, 'AccountOpened');
    assert.equal(event.metadata.correlationId, 'corr-open-acme');
    assert.equal(event.metadata.actor, 'user-acme');
    assert.equal(event.metadata.command, 'OpenAccount');
    assert.equal(event.metadata.occurredAt, '2026-03-01T00:00:00.000Z');
  });

  test('opening the same account twice is 422 ACCOUNT_ALREADY_EXISTS', async () => {
    const again = await app.request('POST', '/v1/accounts', { token: admin, body: openBody });
    assert.equal(again.status, 422);
    assert.equal(again.body.code, 'ACCOUNT_ALREADY_EXISTS');
  });

  test('an Idempotency-Key repeat returns the first answer; the same key with another body is refused', async () => {
    const body = { ...openBody, accountId: 'idem-shop' };
    const headers = { 'idempotency-key': 'open-idem-shop-1' };
    const first = await app.request('POST', '/v1/accounts', { token: admin, body, headers });
    const second = await app.request('POST', '/v1/accounts', { token: admin, body, headers });
    assert.equal(first.status, 201);
    assert.equal(second.status, 201);
    assert.equal(second.headers.get('idempotent-replayed'), 'true');
    assert.deepEqual(second.body, first.body);
    const reused = await app.request('POST', '/v1/accounts', { token: admin, body: { ...body, businessName: 'Other' }, headers });
    assert.equal(reused.status, 422);
    assert.equal(reused.body.code, 'IDEMPOTENCY_KEY_REUSED');
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

  test('health, metrics and the OpenAPI document are open', async () => {
    assert.equal((await app.request('GET', '/health')).status, 200);
    const metrics = await app.request('GET', '/metrics');
    assert.match(metrics.body as string, /http_request_duration_seconds/);
    const docs = await app.request('GET', '/docs-json');
    assert.ok(docs.body.paths['/v1/accounts'], 'accounts documented');
    assert.equal((await app.request('GET', '/docs')).status, 200);
  });
});
