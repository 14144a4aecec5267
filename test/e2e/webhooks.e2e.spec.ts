// Stripe webhooks end to end, signed by the real stripe library: payments succeed and fail,
// refunds and disputes are recorded, a redelivery changes nothing, an event ahead of its payment
// waits as unmatched and is applied when the payment arrives, and a bad signature records nothing.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { chargeObject, disputeObject, eventOf, paymentIntentObject } from '../stripe/stripe-objects.fixtures';
import { startTestApp, type TestApp } from '../support/test-app';
import { deliver, eventCount, openSubscribedAccount, settle, streamOf, WEBHOOK_SECRET } from './payments-support';

function paymentIntent(id: string, invoiceId: string, accountId: string, options: { declined?: boolean } = {}) {
  const form = { amount: '120', currency: 'gbp', payment_method: 'pm_card_visa', 'metadata[invoiceId]': invoiceId, 'metadata[accountId]': accountId };
  const decline = options.declined ? { code: 'card_declined', decline_code: 'insufficient_funds', message: 'Your card has insufficient funds.' } : undefined;
  return paymentIntentObject({ id, chargeId: `ch_${id.slice(3)}`, form, ...(decline ? { decline } : {}) });
}

const refundedCharge = (intentId: string, amountRefunded: number) =>
  chargeObject({ id: `ch_${intentId.slice(3)}`, paymentIntent: intentId, amount: 120, amountRefunded, currency: 'gbp' });

describe('POST /v1/webhooks/stripe', () => {
  let app: TestApp;
  let admin: string;
  let finance: string;
  const typesSince = async (accountId: string, from: number) => (await streamOf(app, accountId)).slice(from).map((e) => e.type);

  before(async () => {
    app = await startTestApp({ STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET });
    admin = await app.token({ sub: 'admin-1', role: 'admin' });
    finance = await app.token({ sub: 'fin-1', role: 'finance' });
  });
  after(async () => app?.close());

  test('payment_intent.succeeded records the payment on the invoice in its metadata', async () => {
    const invoiceId = await openSubscribedAccount(app, admin, 'hook-paid');
    const from = (await streamOf(app, 'hook-paid')).length;
    const answer = await deliver(app, eventOf('payment_intent.succeeded', paymentIntent('pi_paid', invoiceId, 'hook-paid'), { id: 'evt_paid' }));
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    assert.equal(answer.body.outcome, 'applied');
    assert.deepEqual(await typesSince('hook-paid', from), ['PaymentRecorded', 'InvoicePaid']);
    const payment = (await streamOf(app, 'hook-paid')).find((e) => e.type === 'PaymentRecorded');
    assert.deepEqual([payment?.data.reference, payment?.data.gateway, payment?.data.amount, payment?.metadata.actor], ['pi_paid', 'stripe', 120, 'stripe']);
  });

  test("Stripe's own content type, with its charset, is verified over the raw bytes", async () => {
    const invoiceId = await openSubscribedAccount(app, admin, 'hook-charset');
    const event = eventOf('payment_intent.succeeded', paymentIntent('pi_charset', invoiceId, 'hook-charset'), { id: 'evt_charset' });
    const answer = await deliver(app, event, { contentType: 'application/json; charset=utf-8' });
    assert.deepEqual([answer.status, answer.body.outcome], [200, 'applied']);
  });

  test('the same event delivered again answers 200 and records nothing', async () => {
    const invoiceId = String((await streamOf(app, 'hook-paid')).find((e) => e.type === 'InvoiceIssued')?.data.invoiceId);
    const before = await eventCount(app);
    const again = await deliver(app, eventOf('payment_intent.succeeded', paymentIntent('pi_paid', invoiceId, 'hook-paid'), { id: 'evt_paid' }));
    assert.equal(again.status, 200);
    assert.equal(again.body.outcome, 'duplicate');
    assert.equal(await eventCount(app), before);
  });

  test('two deliveries of one event at the same moment record it once', async () => {
    const invoiceId = await openSubscribedAccount(app, admin, 'hook-twice');
    const event = eventOf('payment_intent.succeeded', paymentIntent('pi_twice', invoiceId, 'hook-twice'), { id: 'evt_twice' });
    const answers = await Promise.all([deliver(app, event), deliver(app, event), deliver(app, event)]);
    assert.deepEqual(answers.map((a) => a.status), [200, 200, 200]);
    assert.deepEqual(answers.map((a) => a.body.outcome).sort(), ['applied', 'duplicate', 'duplicate']);
    assert.equal((await streamOf(app, 'hook-twice')).filter((e) => e.type === 'PaymentRecorded').length, 1);
  });

  test('a dispute closed as won gives the money back to the payment and refunds nothing', async () => {
    const invoiceId = await openSubscribedAccount(app, admin, 'hook-won');
    await deliver(app, eventOf('payment_intent.succeeded', paymentIntent('pi_won', invoiceId, 'hook-won'), { id: 'evt_won_paid' }));
    const dispute = (status: string) => disputeObject({ id: 'dp_won', charge: 'ch_won', paymentIntent: 'pi_won', amount: 60, currency: 'gbp', status });
    // The close overtakes the open: it waits as unmatched, and is applied once the open arrives.
    const close = await deliver(app, eventOf('charge.dispute.closed', dispute('won'), { id: 'evt_won_closed' }));
    assert.deepEqual([close.body.outcome, close.body.reason], ['unmatched', 'dispute_not_found']);
    await deliver(app, eventOf('charge.dispute.created', dispute('needs_response'), { id: 'evt_won_open' }));
    await settle(app, admin);
    const closed = (await streamOf(app, 'hook-won')).filter((e) => e.type === 'DisputeClosed');
    assert.deepEqual(closed.map((e) => e.data.outcome), ['won']);
    assert.equal((await streamOf(app, 'hook-won')).filter((e) => e.type === 'RefundIssued').length, 0);
  });

  test('payment_intent.payment_failed records the failure and dunning starts', async () => {
    const invoiceId = await openSubscribedAccount(app, admin, 'hook-failed');
    const answer = await deliver(app, eventOf('payment_intent.payment_failed', paymentIntent('pi_failed', invoiceId, 'hook-failed', { declined: true }), { id: 'evt_failed' }));
    assert.equal(answer.body.outcome, 'applied');
    const failed = (await streamOf(app, 'hook-failed')).find((e) => e.type === 'PaymentFailed');
    assert.equal(failed?.data.reason, 'insufficient_funds');
    assert.equal((failed?.data.retryAt as string[]).length, 4);
    await settle(app, admin);
    assert.equal((await app.request('GET', '/v1/accounts/hook-failed', { token: admin })).body.status, 'past_due');
  });

  test('charge.refunded records the increase of amount_refunded each time', async () => {
    const invoiceId = await openSubscribedAccount(app, admin, 'hook-refund');
    await deliver(app, eventOf('payment_intent.succeeded', paymentIntent('pi_refund', invoiceId, 'hook-refund'), { id: 'evt_refund_paid' }));
    const first = await deliver(app, eventOf('charge.refunded', refundedCharge('pi_refund', 50), { id: 'evt_refund_1' }));
    assert.equal(first.body.outcome, 'applied', JSON.stringify(first.body));
    const second = await deliver(app, eventOf('charge.refunded', refundedCharge('pi_refund', 120), { id: 'evt_refund_2' }));
    assert.equal(second.body.outcome, 'applied');
    const refunds = (await streamOf(app, 'hook-refund')).filter((e) => e.type === 'RefundIssued').map((e) => e.data.amount);
    assert.deepEqual(refunds, [50, 70]);
    const stale = await deliver(app, eventOf('charge.refunded', refundedCharge('pi_refund', 50), { id: 'evt_refund_stale' }));
    assert.equal(stale.body.outcome, 'already_recorded', 'an older total carries nothing new');
  });

  test('a dispute opened and lost moves the amount to Disputed, then refunds it', async () => {
    const invoiceId = await openSubscribedAccount(app, admin, 'hook-dispute');
    await deliver(app, eventOf('payment_intent.succeeded', paymentIntent('pi_dispute', invoiceId, 'hook-dispute'), { id: 'evt_dispute_paid' }));
    const from = (await streamOf(app, 'hook-dispute')).length;
    const dispute = (status: string) => disputeObject({ id: 'dp_1', charge: 'ch_dispute', paymentIntent: 'pi_dispute', amount: 120, currency: 'gbp', status });
    assert.equal((await deliver(app, eventOf('charge.dispute.created', dispute('needs_response'), { id: 'evt_dp_open' }))).body.outcome, 'applied');
    assert.equal((await deliver(app, eventOf('charge.dispute.closed', dispute('lost'), { id: 'evt_dp_lost' }))).body.outcome, 'applied');
    assert.deepEqual(await typesSince('hook-dispute', from), ['DisputeOpened', 'DisputeClosed', 'InvoiceIssued', 'RefundIssued']);
    const refund = (await streamOf(app, 'hook-dispute')).find((e) => e.type === 'RefundIssued');
    assert.deepEqual([refund?.data.amount, refund?.data.source], [120, 'dispute_lost']);
  });

  test('a refund that arrives before its payment waits as unmatched and is applied when the payment arrives', async () => {
    const invoiceId = await openSubscribedAccount(app, admin, 'hook-early');
    const early = await deliver(app, eventOf('charge.refunded', refundedCharge('pi_early', 30), { id: 'evt_early_refund' }));
    assert.equal(early.status, 200);
    assert.deepEqual([early.body.outcome, early.body.reason], ['unmatched', 'payment_not_found']);
    const listed = await app.request('GET', '/v1/admin/stripe/unmatched', { token: finance });
    assert.equal(listed.status, 200);
    assert.deepEqual(listed.body.items.map((item: { stripeEventId: string; reason: string }) => [item.stripeEventId, item.reason]), [['evt_early_refund', 'payment_not_found']]);

    await deliver(app, eventOf('payment_intent.succeeded', paymentIntent('pi_early', invoiceId, 'hook-early'), { id: 'evt_early_paid' }));
    await settle(app, admin);
    const refunds = (await streamOf(app, 'hook-early')).filter((e) => e.type === 'RefundIssued');
    assert.deepEqual(refunds.map((e) => e.data.amount), [30]);
    assert.deepEqual((await app.request('GET', '/v1/admin/stripe/unmatched', { token: finance })).body.items, []);
    const redelivered = await deliver(app, eventOf('charge.refunded', refundedCharge('pi_early', 30), { id: 'evt_early_refund' }));
    assert.equal(redelivered.body.outcome, 'duplicate');
  });

  test('a payment for an invoice the ledger does not know is kept as unmatched, never dropped', async () => {
    const answer = await deliver(app, eventOf('payment_intent.succeeded', paymentIntent('pi_stray', 'no-such-invoice', 'nobody'), { id: 'evt_stray' }));
    assert.deepEqual([answer.status, answer.body.outcome, answer.body.reason], [200, 'unmatched', 'invoice_not_found']);
    const listed = await app.request('GET', '/v1/admin/stripe/unmatched', { token: finance });
    assert.ok(listed.body.items.some((item: { stripeEventId: string }) => item.stripeEventId === 'evt_stray'));
    const vendor = await app.token({ sub: 'v', role: 'vendor', accountId: 'hook-paid' });
    assert.equal((await app.request('GET', '/v1/admin/stripe/unmatched', { token: vendor })).status, 403);
  });

  test('other event types answer 200, are counted and record nothing', async () => {
    const before = await eventCount(app);
    const answer = await deliver(app, eventOf('customer.created', { id: 'cus_1', object: 'customer' }, { id: 'evt_customer' }));
    assert.deepEqual([answer.status, answer.body.outcome], [200, 'ignored']);
    assert.equal(await eventCount(app), before);
    const metrics = await app.request('GET', '/metrics');
    assert.match(String(metrics.body), /stripe_webhooks_total\{type="customer.created",outcome="ignored"\} [1-9]/);
  });

  describe('deliveries that do not verify are 400 and record nothing', () => {
    const event = () => eventOf('payment_intent.succeeded', paymentIntent('pi_forged', 'x', 'hook-paid'), { id: 'evt_forged' });
    const refused = async (send: () => Promise<{ status: number; body: { code: string } }>) => {
      const before = await eventCount(app);
      const decided = await app.runtime.pool.query('SELECT count(*) FROM stripe_events');
      const answer = await send();
      assert.equal(answer.status, 400);
      assert.equal(answer.body.code, 'WEBHOOK_SIGNATURE_INVALID');
      assert.equal(await eventCount(app), before);
      assert.deepEqual((await app.runtime.pool.query('SELECT count(*) FROM stripe_events')).rows, decided.rows);
    };

    test('a signature made with another secret', () => refused(() => deliver(app, event(), { secret: 'whsec_someone_else' })));
    test('no Stripe-Signature header', () => refused(() => deliver(app, event(), { omitSignature: true })));
    test('a timestamp older than 300 s', () => refused(() => deliver(app, event(), { timestamp: Math.floor(Date.now() / 1000) - 301 })));
  });
});
