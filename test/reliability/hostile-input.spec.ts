// Generated hostile requests against every documented endpoint (wrong types, huge and negative
// numbers, deep nesting, unicode, prototype keys, SQL in ids and paths) never get a 5xx, and a
// request that is refused never leaves an event behind.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { startTestApp, type TestApp } from '../support/test-app';

/** Per endpoint; RELIABILITY_FUZZ_RUNS raises it for a longer hunt. */
const RUNS = Number(process.env.RELIABILITY_FUZZ_RUNS ?? 2000);
const OWN = 'fuzz-own';
const FIELDS = ['accountId', 'businessName', 'email', 'currency', 'taxRegion', 'tier', 'branches', 'delta', 'count', 'gateway', 'token', 'customerId', 'rate', 'effectiveAt', 'now', 'invoiceId', 'amount', 'reference', 'reason'];
const NASTY_STRINGS = [
  "' OR '1'='1", "'; DROP TABLE events; --", 'x"); DELETE FROM accounts; --', '1; SELECT pg_sleep(10)', '\u0000', '%00', '../../etc/passwd', '..%2F..%2F',
  '__proto__', 'constructor', 'prototype', '${jndi:ldap://x}', '<script>alert(1)</script>', '\u202eevil', '🏦💷', 'Ω≈ç√∫', 'NaN', 'Infinity', '-0', '1e309',
  '9'.repeat(400), 'a'.repeat(5_000), ' ', '', 'null', 'true', '[]', '{}', 'GBP', 'GB', 'starter', 'tok_ok', '2026-13-45T25:61:61Z', '2026-01-01T00:00:00Z',
];
const NASTY_NUMBERS = [0, -0, -1, 1, 2 ** 31, -(2 ** 31), 2 ** 53, -(2 ** 53) - 2, Number.MAX_VALUE, -Number.MAX_VALUE, Number.MIN_VALUE, 0.5, 1e21, 10_001, -10_001, 1_000_000_001];
/** Raw bodies JSON.stringify cannot produce: own prototype keys, deep nesting, broken JSON. */
const RAW_BODIES = [
  '{"__proto__":{"isAdmin":true},"tier":"starter","branches":1}',
  '{"constructor":{"prototype":{"polluted":true}},"count":1}',
  '{"accountId":"fuzz-own","__proto__":null}',
  `${'['.repeat(20_000)}${']'.repeat(20_000)}`,
  `${'{"a":'.repeat(5_000)}1${'}'.repeat(5_000)}`,
  `{"delta":${'9'.repeat(400)}}`,
  '{"count":1e999}',
  '{"branches":1,"branches":2}',
  '{', '}', 'null', '"string"', '[]', '12', 'true', '\u0000', '{"a":"\\ud800"}', '\ufeff{}',
];

const nastyString = fc.oneof(fc.string({ maxLength: 80 }), fc.string({ unit: 'binary', maxLength: 40 }), fc.constantFrom(...NASTY_STRINGS));
const nastyNumber = fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constantFrom(...NASTY_NUMBERS));
const { value: nastyValue } = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    nastyString,
    nastyNumber,
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(fc.constantFrom(...FIELDS), fc.string({ maxLength: 10 })), tie('value'), { maxKeys: 4 }),
  ),
}));
const body = fc.oneof(
  fc.dictionary(fc.constantFrom(...FIELDS, '__proto__', 'constructor', 'prototype'), nastyValue, { maxKeys: 5 }).map((value) => ({ raw: JSON.stringify(value) })),
  fc.jsonValue({ maxDepth: 4 }).map((value) => ({ raw: JSON.stringify(value) })),
  fc.constantFrom(...RAW_BODIES).map((raw) => ({ raw })),
  fc.string({ maxLength: 60 }).map((raw) => ({ raw })),
  fc.constant({ raw: undefined as string | undefined }),
);
const pathValue = fc.oneof(
  fc.constant(OWN),
  fc.constantFrom(...NASTY_STRINGS).filter((s) => s.length > 0).map(encodeURIComponent),
  fc.string({ minLength: 1, maxLength: 40 }).map(encodeURIComponent),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 20 }).map(encodeURIComponent),
);
/** One or more query parameters; a name may repeat (`?after=a&after=b` arrives as an array). */
const query = fc.array(fc.tuple(fc.constantFrom('after', 'asOf', 'limit', 'cursor', 'from', 'to', 'currency', '__proto__', 'constructor[prototype]'), nastyString), { maxLength: 3 });
const contentType = fc.constantFrom('application/json', 'application/json', 'application/json; charset=utf-8', 'text/plain', 'application/x-www-form-urlencoded', 'application/json; charset=latin1');
const caller = fc.constantFrom<'admin' | 'vendor' | 'finance'>('admin', 'vendor', 'finance');
const idempotencyKey = fc.option(fc.constantFrom('k-1', '', ' ', 'a'.repeat(300), "k'; DROP TABLE idempotency_keys; --", '__proto__'), { nil: undefined });

describe('hostile input against every documented endpoint', () => {
  let app: TestApp;
  const tokens: Record<string, string> = {};
  let endpoints: Array<{ method: string; path: string }> = [];
  const eventCount = async () => Number((await app.runtime.pool.query('SELECT count(*) AS n FROM events')).rows[0].n);

  before(async () => {
    app = await startTestApp({ STRIPE_WEBHOOK_SECRET: 'whsec_fuzz_0123456789abcdef' });
    tokens.admin = await app.token({ sub: 'fuzz-admin', role: 'admin' });
    tokens.vendor = await app.token({ sub: 'fuzz-vendor', role: 'vendor', accountId: OWN });
    tokens.finance = await app.token({ sub: 'fuzz-finance', role: 'finance' });
    const opened = await app.request('POST', '/v1/accounts', { token: tokens.admin, body: { accountId: OWN, businessName: 'Fuzz', email: 'fuzz@example.com', currency: 'GBP', taxRegion: 'GB' } });
    assert.equal(opened.status, 201);
    const document = await app.request('GET', '/docs-json');
    endpoints = Object.entries(document.body.paths as Record<string, Record<string, unknown>>).flatMap(([path, operations]) => Object.keys(operations).map((method) => ({ method: method.toUpperCase(), path })));
  });
  after(async () => app?.close());

  test('the document lists the endpoints to attack', () => {
    assert.ok(endpoints.length >= 16, `${endpoints.length} endpoints`);
  });

  test('every endpoint: no 5xx, and a refused request records nothing', async (t) => {
    const started = Date.now();
    let requests = 0;
    let accepted = 0;
    for (const endpoint of endpoints) {
      const property = fc.asyncProperty(
        fc.array(pathValue, { minLength: 3, maxLength: 3 }), body, query, contentType, caller, idempotencyKey,
        async (params, { raw }, q, type, who, key) => {
          let index = 0;
          const search = q.map(([name, value]) => `${name}=${encodeURIComponent(value)}`).join('&');
          const path = endpoint.path.replace(/\{[^}]+\}/g, () => params[index++]) + (search ? `?${search}` : '');
          const headers: Record<string, string> = { 'content-type': type };
          if (key !== undefined) headers['idempotency-key'] = key;
          const read = endpoint.method === 'GET';
          const before = read ? 0 : await eventCount();
          const answer = await app.request(endpoint.method, path, { token: tokens[who], rawBody: read ? undefined : raw, headers });
          requests++;
          const recorded = read ? 0 : (await eventCount()) - before;
          const what = `${endpoint.method} ${path} as ${who} with ${JSON.stringify(raw)?.slice(0, 200)} → ${answer.status} ${JSON.stringify(answer.body)?.slice(0, 200)}`;
          assert.ok(answer.status < 500, what);
          if (answer.status >= 200 && answer.status < 300) {
            if (!read) accepted++;
            return;
          }
          assert.ok(answer.status >= 400, what);
          assert.equal(recorded, 0, `refused but recorded ${recorded} event(s): ${what}`);
          assert.match(answer.headers.get('content-type') ?? '', /application\/problem\+json/, what);
        },
      );
      await fc.assert(property, { numRuns: RUNS, endOnFailure: true });
    }
    t.diagnostic(`${requests} requests over ${endpoints.length} endpoints (${RUNS} runs each) in ${Date.now() - started} ms; ${accepted} commands happened to be valid and were accepted`);
  });
});
