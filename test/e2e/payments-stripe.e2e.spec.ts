// Collection and refunds through the Stripe adapter against the local Stripe-shaped server: the
// collector charges off-session with the Customer found when the method was set, an outage is
// retried with the same idempotency key, and the webhooks that follow change nothing.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { chargeObject, eventOf, paymentIntentObject } from '../stripe/stripe-objects.fixtures';
import { FakeStripeServer } from '../stripe/fake-stripe-server';
import { startTestApp, type TestApp } from '../support/test-app';
import { deliver, eventCount, openSubscribedAccount, settle, streamOf, WEBHOOK_SECRET } from './payments-support';

describe('collection through Stripe', () => {
  let stripe: FakeStripeServer;
  let app: TestApp;
  let admin: string;
  let finance: string;
  const intentRequests = () => stripe.requests.filter((r) => r.method === 'POST' && r.path === '/v1/payment_intents');

  before(async () => {
    stripe = await FakeStripeServer.start();
    stripe.attachPaymentMethod('pm_card_visa', 'cus_visa');
    stripe.attachPaymentMethod('pm_card_chargeDeclined', 'cus_declined');
    app = await startTestApp({ STRIPE_SECRET_KEY: 'sk_test_paywire', STRIPE_API_BASE: stripe.apiBase, STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET });
    admin = await app.token({ sub: 'admin-1', role: 'admin' });
    finance = await app.token({ sub: 'fin-1', role: 'finance' });
  });
  after(async () => {
    await app?.close();
    await stripe?.close();
  });

  test('a PaymentMethod that is not attached to a Customer is 400', async () => {
    await app.request('POST', '/v1/accounts', { token: admin, body: { accountId: 'loose-pm', businessName: 'L', email: 'l@example.com', currency: 'GBP', taxRegion: 'GB' } });
    const answer = await app.request('PUT', '/v1/accounts/loose-pm/payment-method', { token: admin, body: { gateway: 'stripe', token: 'pm_card_mastercard' } });
    assert.equal(answer.status, 400);
    assert.equal(answer.body.errors[0].field, 'token');
    assert.match(answer.body.errors[0].message, /payment_method_not_attached_to_customer/);
  });

  test('an issued invoice is charged off-session with its Customer, metadata and an attempt key', async () => {
    const invoiceId = await openSubscribedAccount(app, admin, 'stripe-shop', { paymentMethod: { gateway: 'stripe', token: 'pm_card_visa' } });
    await settle(app, admin);
    const [request] = intentRequests();
    assert.equal(request.headers['idempotency-key'], `pi-${invoiceId}-1`);
    assert.deepEqual(
      [request.form.customer, request.form.amount, request.form.currency, request.form['metadata[invoiceId]'], request.form['metadata[accountId]'], request.form.off_session],
      ['cus_visa', '120', 'gbp', invoiceId, 'stripe-shop', 'true'],
    );
    const payment = (await streamOf(app, 'stripe-shop')).find((e) => e.type === 'PaymentRecorded');
    assert.equal(payment?.data.gateway, 'stripe');
    assert.match(String(payment?.data.reference), /^pi_/);
  });

  test('the payment_intent.succeeded webhook for a charge the collector recorded changes nothing', async () => {
    const before = await eventCount(app);
    const intent = paymentIntentObject({
      id: String((await streamOf(app, 'stripe-shop')).find((e) => e.type === 'PaymentRecorded')?.data.reference),
      chargeId: 'ch_x',
      form: { ...intentRequests()[0].form },
    });
    const answer = await deliver(app, eventOf('payment_intent.succeeded', intent, { id: 'evt_collected' }));
    assert.equal(answer.body.outcome, 'already_recorded');
    assert.equal(await eventCount(app), before);
  });

  test('a refund pays back at Stripe, and the charge.refunded webhook that follows records nothing more', async () => {
    const payment = (await streamOf(app, 'stripe-shop')).find((e) => e.type === 'PaymentRecorded');
    const refunded = await app.request('POST', `/v1/payments/${String(payment?.data.paymentId)}/refunds`, { token: finance, body: { amount: { amount: 40, currency: 'GBP' }, reason: 'requested_by_customer' } });
    assert.equal(refunded.status, 201, JSON.stringify(refunded.body));
    assert.match(refunded.body.refund.gatewayReference, /^re_/);
    const call = stripe.requests.find((r) => r.path === '/v1/refunds');
    assert.deepEqual([call?.form.payment_intent, call?.form.amount], [payment?.data.reference, '40']);
    const before = await eventCount(app);
    const charge = chargeObject({ id: 'ch_refunded', paymentIntent: String(payment?.data.reference), amount: 120, amountRefunded: 40, currency: 'gbp' });
    assert.equal((await deliver(app, eventOf('charge.refunded', charge, { id: 'evt_refund_echo' }))).body.outcome, 'already_recorded');
    assert.equal(await eventCount(app), before);
  });

  test('more than was paid is refused before Stripe is asked', async () => {
    const payment = (await streamOf(app, 'stripe-shop')).find((e) => e.type === 'PaymentRecorded');
    const calls = stripe.requests.length;
    const tooMuch = await app.request('POST', `/v1/payments/${String(payment?.data.paymentId)}/refunds`, { token: finance, body: { amount: { amount: 81, currency: 'GBP' }, reason: 'x' } });
    assert.equal(tooMuch.body.code, 'REFUND_EXCEEDS_PAYMENT');
    assert.equal(stripe.requests.length, calls);
  });

  test('a Stripe outage at collection is retried with the same attempt until it answers', async () => {
    const open = { accountId: 'stripe-outage', businessName: 'O', email: 'o@example.com', currency: 'GBP', taxRegion: 'GB' };
    assert.equal((await app.request('POST', '/v1/accounts', { token: admin, body: open })).status, 201);
    assert.equal((await app.request('PUT', '/v1/accounts/stripe-outage/payment-method', { token: admin, body: { gateway: 'stripe', token: 'pm_card_visa' } })).status, 200);
    // The stripe client itself tries three times; the collector then retries the same attempt.
    for (let i = 0; i < 3; i++) stripe.failNextRequest(500, 'api_error', 'Stripe is having a moment');
    const subscribed = await app.request('POST', '/v1/accounts/stripe-outage/subscription', { token: admin, body: { tier: 'starter', branches: 1 } });
    const invoiceId = subscribed.body.account.openInvoices[0].invoiceId;
    await settle(app, admin);
    const keys = intentRequests().filter((r) => r.form['metadata[invoiceId]'] === invoiceId).map((r) => r.headers['idempotency-key']);
    assert.ok(keys.length >= 4, `expected retries, saw ${keys.length}`);
    assert.ok(keys.every((key) => key === `pi-${invoiceId}-1`));
    const recorded = (await streamOf(app, 'stripe-outage')).filter((e) => e.type === 'PaymentRecorded');
    assert.equal(recorded.length, 1);
  });

  test('a declined Stripe charge starts dunning, and its webhook then changes nothing', async () => {
    const invoiceId = await openSubscribedAccount(app, admin, 'stripe-declined', { paymentMethod: { gateway: 'stripe', token: 'pm_card_chargeDeclined' } });
    await settle(app, admin);
    const failed = (await streamOf(app, 'stripe-declined')).filter((e) => e.type === 'PaymentFailed');
    assert.equal(failed.length, 1);
    assert.equal(failed[0].data.reason, 'generic_decline');
    const request = intentRequests().find((r) => r.form['metadata[invoiceId]'] === invoiceId);
    const intent = paymentIntentObject({ id: 'pi_declined_echo', chargeId: 'ch_d', form: { ...(request?.form ?? {}) }, decline: { code: 'card_declined', decline_code: 'generic_decline', message: 'declined' } });
    const before = await eventCount(app);
    assert.equal((await deliver(app, eventOf('payment_intent.payment_failed', intent, { id: 'evt_declined_echo' }))).body.outcome, 'already_recorded');
    assert.equal(await eventCount(app), before);
  });
});
