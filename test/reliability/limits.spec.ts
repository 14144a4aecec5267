// The service's limits hold for every caller: bodies over BODY_LIMIT_BYTES are 413, a token past
// its role's allowance (RATE_LIMIT_VENDOR_PER_MINUTE, …_FINANCE_…, …_ADMIN_…) or an anonymous IP
// past RATE_LIMIT_PER_MINUTE is 429 with Retry-After, and every answer, errors included, carries
// the security headers.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { TokenBuckets } from '../../libs/infra/http/rate-limit';
import { startTestApp, type TestApp } from '../support/test-app';

const PER_MINUTE = 20;
const VENDOR_PER_MINUTE = 5;
const FINANCE_PER_MINUTE = 30;

const SECURITY_HEADERS: Readonly<Record<string, RegExp>> = {
  'x-content-type-options': /^nosniff$/,
  'x-frame-options': /^DENY$/,
  'referrer-policy': /^no-referrer$/,
  'strict-transport-security': /max-age=\d+/,
  'cache-control': /no-store/,
  'x-correlation-id': /.+/,
};

describe('limits: body size, rate, security headers', () => {
  let app: TestApp;
  let admin: string;

  before(async () => {
    app = await startTestApp({
      RATE_LIMIT_PER_MINUTE: String(PER_MINUTE),
      RATE_LIMIT_ADMIN_PER_MINUTE: String(PER_MINUTE),
      RATE_LIMIT_VENDOR_PER_MINUTE: String(VENDOR_PER_MINUTE),
      RATE_LIMIT_FINANCE_PER_MINUTE: String(FINANCE_PER_MINUTE),
      BODY_LIMIT_BYTES: '4096',
    });
    admin = await app.token({ sub: 'limits-admin', role: 'admin' });
  });
  after(async () => app?.close());

  test('a body over BODY_LIMIT_BYTES is 413 problem+json and records nothing, on every command path', async () => {
    const eventsBefore = Number((await app.runtime.pool.query('SELECT count(*) AS n FROM events')).rows[0].n);
    const big = { accountId: 'big', businessName: 'x'.repeat(5_000), email: 'big@example.com', currency: 'GBP', taxRegion: 'GB' };
    const token = await app.token({ sub: 'limits-413', role: 'admin' });
    for (const [method, path] of [['POST', '/v1/accounts'], ['PUT', '/v1/admin/tax-rates/GB'], ['POST', '/v1/admin/clock'], ['PUT', '/v1/accounts/big/product-count']]) {
      const answer = await app.request(method, path, { token, body: big });
      assert.equal(answer.status, 413, `${method} ${path}`);
      assert.equal(answer.body.code, 'PAYLOAD_TOO_LARGE');
      assert.match(answer.headers.get('content-type') ?? '', /application\/problem\+json/);
    }
    assert.equal(Number((await app.runtime.pool.query('SELECT count(*) AS n FROM events')).rows[0].n), eventsBefore);
  });

  test('a token past its allowance gets 429 with Retry-After, while another token is unaffected', async () => {
    const statuses: number[] = [];
    let limited: Awaited<ReturnType<TestApp['request']>> | undefined;
    for (let i = 0; i < PER_MINUTE + 5; i++) {
      const answer = await app.request('GET', '/v1/accounts/nobody', { token: admin });
      statuses.push(answer.status);
      if (answer.status === 429) limited ??= answer;
    }
    assert.deepEqual(statuses.slice(0, PER_MINUTE), Array(PER_MINUTE).fill(404), 'the allowance is served');
    assert.deepEqual(statuses.slice(PER_MINUTE), Array(5).fill(429), 'then every request is limited');
    assert.ok(limited);
    assert.equal(limited.body.code, 'RATE_LIMITED');
    assert.match(limited.headers.get('content-type') ?? '', /application\/problem\+json/);
    const retryAfter = Number(limited.headers.get('retry-after'));
    assert.ok(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60, `Retry-After ${retryAfter}`);
    const other = await app.token({ sub: 'limits-other', role: 'admin' });
    assert.equal((await app.request('GET', '/v1/accounts/nobody', { token: other })).status, 404);
  });

  test("each role has its own allowance: a vendor's app is throttled long before a finance script", async () => {
    const statuses = async (token: string, count: number) => {
      const seen: number[] = [];
      for (let i = 0; i < count; i++) seen.push((await app.request('GET', '/v1/catalog', { token })).status);
      return seen;
    };
    const vendor = await app.token({ sub: 'limits-vendor', role: 'vendor', accountId: 'limits-shop' });
    const finance = await app.token({ sub: 'limits-finance', role: 'finance' });
    assert.deepEqual(await statuses(vendor, VENDOR_PER_MINUTE + 2), [...Array(VENDOR_PER_MINUTE).fill(200), 429, 429]);
    assert.deepEqual(await statuses(finance, FINANCE_PER_MINUTE + 1), [...Array(FINANCE_PER_MINUTE).fill(200), 429]);
    const limited = await app.request('GET', '/v1/catalog', { token: vendor });
    assert.match(limited.body.detail, new RegExp(`^A vendor token may make ${VENDOR_PER_MINUTE} requests a minute`));
  });

  test('anonymous callers and forged tokens share their IP\'s allowance; health probes are never limited', async () => {
    const forged = `${admin.slice(0, -6)}AAAAAA`;
    const statuses: number[] = [];
    for (let i = 0; i < PER_MINUTE + 3; i++) statuses.push((await app.request('GET', '/v1/accounts/nobody', { token: i % 2 ? forged : undefined })).status);
    assert.deepEqual(statuses.slice(0, PER_MINUTE), Array(PER_MINUTE).fill(401));
    assert.deepEqual(statuses.slice(PER_MINUTE), [429, 429, 429]);
    for (let i = 0; i < 5; i++) assert.equal((await app.request('GET', '/health')).status, 200);
  });

  test('the bucket refills evenly: one request per 60/limit seconds after a burst', () => {
    let now = 0;
    const buckets = new TokenBuckets(60, () => now);
    for (let i = 0; i < 60; i++) assert.equal(buckets.take('k'), 0);
    assert.equal(buckets.take('k'), 1, 'empty: retry in a second');
    now += 1_000;
    assert.equal(buckets.take('k'), 0);
    assert.equal(buckets.take('k'), 1);
  });

  test('every kind of answer carries the security headers', async () => {
    const token = await app.token({ sub: 'limits-headers', role: 'admin' });
    const answers = {
      ok: await app.request('GET', '/health'),
      notFound: await app.request('GET', '/v1/no-such-route', { token }),
      unauthenticated: await app.request('GET', '/v1/accounts/x'),
      invalid: await app.request('POST', '/v1/accounts', { token, body: { accountId: 1 } }),
      tooLarge: await app.request('POST', '/v1/accounts', { token, rawBody: 'x'.repeat(5_000) }),
      badJson: await app.request('POST', '/v1/accounts', { token, rawBody: '{' }),
      docs: await app.request('GET', '/docs-json'),
    };
    for (const [kind, answer] of Object.entries(answers)) {
      for (const [header, pattern] of Object.entries(SECURITY_HEADERS)) assert.match(answer.headers.get(header) ?? '', pattern, `${kind}: ${header}`);
      assert.equal(answer.headers.get('x-powered-by'), null, `${kind}: no x-powered-by`);
    }
  });
});
