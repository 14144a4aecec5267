// A Stripe signature's freshness is wall-clock time (issue 15, item 5): with the manual clock moved
// a year ahead, a webhook signed now by the real `stripe` library is accepted and recorded at the
// billing clock's instant, while one signed 301 s ago by the wall clock is refused.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { eventOf, paymentIntentObject } from '../stripe/stripe-objects.fixtures';
import { deliver, openSubscribedAccount, streamOf, WEBHOOK_SECRET } from './payments-support';
import { startTestApp, type TestApp } from '../support/test-app';

const YEAR_AHEAD = '2027-03-01T00:00:00.000Z';

describe('Stripe webhooks under a manual clock moved ahead', () => {
  let app: TestApp;
  let admin: string;
  let invoiceId: string;
  before(async () => {
    app = await startTestApp({ STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET }, '2026-03-01T00:00:00.000Z');
    admin = await app.token({ sub: 'admin-1', role: 'admin' });
    const moved = await app.request('POST', '/v1/admin/clock', { token: admin, body: { now: YEAR_AHEAD } });
    assert.equal(moved.status, 200, JSON.stringify(moved.body));
    invoiceId = await openSubscribedAccount(app, admin, 'ahead');
  });
  after(async () => app?.close());

  const succeeded = (id: string) => {
    const form = { amount: '120', currency: 'gbp', payment_method: 'pm_card_visa', 'metadata[invoiceId]': invoiceId, 'metadata[accountId]': 'ahead' };
    return eventOf('payment_intent.succeeded', paymentIntentObject({ id, chargeId: `ch_${id.slice(3)}`, form }), { id: `evt_${id.slice(3)}` });
  };

  test('a webhook signed 301 s ago by the wall clock is refused as stale', async () => {
    const answer = await deliver(app, succeeded('pi_stale'), { timestamp: Math.floor(Date.now() / 1000) - 301 });
    assert.equal(answer.status, 400, JSON.stringify(answer.body));
    assert.equal(answer.body.code, 'WEBHOOK_SIGNATURE_INVALID');
    assert.match(answer.body.detail, /timestamp_outside_tolerance/);
    assert.ok((await streamOf(app, 'ahead')).every((event) => event.type !== 'PaymentRecorded'), 'a refused webhook records nothing');
  });

  test('a webhook signed now is accepted, and the payment is recorded at the billing clock\'s instant', async () => {
    const answer = await deliver(app, succeeded('pi_fresh'), { timestamp: Math.floor(Date.now() / 1000) });
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    assert.equal(answer.body.outcome, 'applied');
    const payment = (await streamOf(app, 'ahead')).find((event) => event.type === 'PaymentRecorded');
    assert.equal(payment?.metadata.occurredAt, YEAR_AHEAD);
  });
});
