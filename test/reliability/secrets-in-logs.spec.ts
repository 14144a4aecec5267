// A full flow against the service at LOG_LEVEL=debug leaves no secret in what the process writes:
// no bearer token, no JWT or Stripe secret, no payment token, no card-like number, no database URL.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { TokenService } from '../../libs/infra/auth/auth';
import { TEST_JWT_SECRET } from '../support/test-app';
import { withClient } from '../../libs/infra/database/pool';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { call, mintToken, startService, type ServiceProcess } from './support/service-process';

const STRIPE_SECRET_KEY = 'sk_test_reliabilityNeverLogThis0123456789';
const STRIPE_WEBHOOK_SECRET = 'whsec_reliabilityNeverLogThisEither0123456789';
// An SMTP server that is not there: the email follower retries and logs each failure.
const SMTP_PASSWORD = 'smtp-password-never-logged-42';
const CARD = '4111 1111 1111 1111';
const CARD_DIGITS = '4242424242424242';
const PAYMENT_TOKEN = 'tok_ok';

/**
 * 13–19 digits, optionally grouped by spaces or dashes, passing the Luhn check. A card number never
 * starts with 0, while feed positions are zero-padded 16-digit numbers that pass the check one time
 * in ten, depending on the transaction ids the run happened to use.
 */
function cardLikeNumbers(text: string): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(/\b[1-9](?:[ -]?\d){12,18}\b/g)) {
    const digits = match[0].replace(/\D/g, '');
    let sum = 0;
    for (let i = 0; i < digits.length; i++) {
      let digit = Number(digits[digits.length - 1 - i]);
      if (i % 2 === 1) digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
      sum += digit;
    }
    if (sum % 10 === 0) found.push(match[0]);
  }
  return found;
}

describe('secrets never reach the logs', () => {
  let db: TestDatabase;
  let service: ServiceProcess | undefined;
  const tokens: string[] = [];

  before(async () => {
    db = await createTestDatabase('secrets');
    service = await startService({ databaseUrl: db.url, env: {
      LOG_LEVEL: 'debug', STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET, STRIPE_API_BASE: 'http://127.0.0.1:9',
      SMTP_URL: `smtp://billing:${SMTP_PASSWORD}@127.0.0.1:9`, MAIL_FROM: 'billing@example.com', WEBHOOK_ALLOW_PRIVATE: 'true',
    } });
  });
  after(async () => {
    await service?.kill('SIGTERM');
    await db?.drop();
  });

  test('given a full flow at LOG_LEVEL=debug, then the output holds no secret', async (t) => {
    const url = (service as ServiceProcess).url;
    const admin = await mintToken({ sub: 'secrets-admin', role: 'admin' });
    const vendor = await mintToken({ sub: 'secrets-vendor', role: 'vendor', accountId: 'secret-shop' });
    const expired = await mintToken({ sub: 'secrets-admin', role: 'admin' }, -30);
    const forged = await new TokenService('a-different-secret-long-enough-for-hs256-xyz').mint({ sub: 'intruder', role: 'admin' });
    tokens.push(admin, vendor, expired, forged);

    const steps: Array<[string, string, string | undefined, unknown, Record<string, string>?]> = [
      // A webhook endpoint that cannot be reached: every delivery attempt fails and is logged.
      ['POST', '/v1/webhook-endpoints', admin, { url: 'http://127.0.0.1:9/hooks', eventTypes: ['*'] }],
      ['POST', '/v1/accounts', vendor, { accountId: 'secret-shop', businessName: 'Secret Shop', email: 'secret@example.com', currency: 'GBP', taxRegion: 'GB' }],
      ['POST', '/v1/accounts/secret-shop/subscription', vendor, { tier: 'pro', branches: 2 }, { 'idempotency-key': 'secrets-subscribe' }],
      ['PUT', '/v1/accounts/secret-shop/payment-method', vendor, { gateway: 'sandbox', token: PAYMENT_TOKEN }],
      ['PUT', '/v1/accounts/secret-shop/product-count', vendor, { count: 3, cardNumber: CARD }],
      ['POST', '/v1/accounts', admin, { accountId: 'card', businessName: CARD, email: 'x', currency: 'GBP', taxRegion: 'GB' }],
      ['GET', '/v1/accounts/secret-shop', expired, undefined],
      ['GET', '/v1/accounts/secret-shop', forged, undefined],
      ['GET', '/v1/accounts/secret-shop/events', vendor, undefined],
      ['POST', '/v1/admin/clock', admin, { now: '2026-02-15T00:00:00.000Z' }],
      ['POST', '/v1/webhooks/stripe', undefined, { id: 'evt_1', type: 'payment_intent.succeeded' }, { 'stripe-signature': `t=1,v1=${STRIPE_WEBHOOK_SECRET}` }],
      ['GET', '/v1/accounts/secret-shop', undefined, undefined, { authorization: `Basic ${Buffer.from(`user:${STRIPE_SECRET_KEY}`).toString('base64')}` }],
    ];
    const statuses: string[] = [];
    for (const [method, path, token, body, headers] of steps) {
      const answer = await call(url, method, path, { token, body, headers });
      statuses.push(`${method} ${path} ${answer.status}`);
      assert.ok(answer.status > 0 && answer.status < 500, `${method} ${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 500));

    const output = (service as ServiceProcess).output();
    // `npm start` prints a ready admin token on purpose, on its own line outside the JSON log.
    const logLines = output.split('\n').filter((line) => !line.startsWith('Admin token (12 h): '));
    const logs = logLines.join('\n');
    t.diagnostic(`${steps.length} requests (${statuses.join('; ')}); ${logLines.length} lines of output scanned`);
    // The scan is only worth something if the flow was logged: one request line per step.
    assert.equal(logLines.filter((line) => line.includes('"msg":"request"')).length, steps.length, 'every request was logged');

    const endpointSecrets = await withClient(db.url, (client) => client.query<{ secret: string }>('SELECT secret FROM webhook_endpoints'));
    assert.equal(endpointSecrets.rows.length, 1);
    const secrets: Record<string, string> = {
      'webhook endpoint secret': endpointSecrets.rows[0].secret,
      'webhook endpoint secret key': endpointSecrets.rows[0].secret.slice('whsec_'.length),
      'SMTP password': SMTP_PASSWORD,
      JWT_SECRET: TEST_JWT_SECRET,
      STRIPE_SECRET_KEY,
      STRIPE_WEBHOOK_SECRET,
      'payment token': `"${PAYMENT_TOKEN}"`,
      'database URL': db.url,
      'basic credentials': Buffer.from(`user:${STRIPE_SECRET_KEY}`).toString('base64'),
    };
    tokens.forEach((token, i) => {
      secrets[`bearer token ${i}`] = token;
      secrets[`token signature ${i}`] = token.split('.')[2];
    });
    const leaked = Object.entries(secrets).filter(([, secret]) => logs.includes(secret)).map(([name]) => name);
    assert.deepEqual(leaked, []);
    assert.deepEqual(cardLikeNumbers(logs), []);
  });

  test('a card number sent as a payment token is refused and recorded nowhere', async () => {
    const vendor = await mintToken({ sub: 'secrets-vendor', role: 'vendor', accountId: 'pan-shop' });
    const url = (service as ServiceProcess).url;
    const open = await call(url, 'POST', '/v1/accounts', { token: vendor, body: { accountId: 'pan-shop', businessName: 'Pan', email: 'pan@example.com', currency: 'GBP', taxRegion: 'GB' } });
    assert.equal(open.status, 201);
    for (const token of [CARD_DIGITS, CARD, '4111-1111-1111-1111']) {
      const answer = await call(url, 'PUT', '/v1/accounts/pan-shop/payment-method', { token: vendor, body: { gateway: 'sandbox', token } });
      assert.equal(answer.status, 400, token);
    }
    const events = await call(url, 'GET', '/v1/accounts/pan-shop/events', { token: vendor });
    assert.deepEqual(cardLikeNumbers(JSON.stringify(events.body)), []);
  });

  test('the card-number detector finds what it should (so the scan above can fail)', () => {
    assert.deepEqual(cardLikeNumbers(`a ${CARD} b ${CARD_DIGITS} c 1234567890123 d 0000000000003970-000000000000000a`), [CARD, CARD_DIGITS]);
  });
});
