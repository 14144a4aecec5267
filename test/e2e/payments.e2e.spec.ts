// Payments finance records by hand and refunds over HTTP: partial payments add up, an
// overpayment becomes credit, the currency must match, a reference is recorded once; refunds
// never exceed what was paid; a payment method is checked with its gateway before it is recorded.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../support/test-app';
import { eventCount, openSubscribedAccount, settle, streamOf } from './payments-support';

describe('recorded payments and refunds', () => {
  let app: TestApp;
  let admin: string;
  let finance: string;
  let invoiceId: string;
  const accountId = 'pay-shop';
  const gbp = (amount: number) => ({ amount, currency: 'GBP' });
  const pay = (body: unknown, token = finance, headers: Record<string, string> = {}) => app.request('POST', `/v1/accounts/${accountId}/payments`, { token, body, headers });

  before(async () => {
    app = await startTestApp();
    admin = await app.token({ sub: 'admin-1', role: 'admin' });
    finance = await app.token({ sub: 'fin-1', role: 'finance' });
    invoiceId = await openSubscribedAccount(app, admin, accountId);
  });
  after(async () => app?.close());

  test('a partial payment leaves the rest of the invoice open', async () => {
    const paid = await pay({ invoiceId, amount: gbp(50), reference: 'bank-1' });
    assert.equal(paid.status, 201, JSON.stringify(paid.body));
    assert.equal(paid.body.recorded, true);
    assert.deepEqual(paid.body.payment.amount, gbp(50));
    assert.equal(paid.body.payment.gateway, 'manual');
    assert.deepEqual(paid.body.invoice.amountRemaining, gbp(70));
    assert.equal(paid.body.invoice.status, 'open');
    assert.match(paid.body.position, /^[0-9a-f]{16}-[0-9a-f]{16}$/);
  });

  test('the same reference again records nothing new and answers with the same payment', async () => {
    const before = await eventCount(app);
    const again = await pay({ invoiceId, amount: gbp(50), reference: 'bank-1' });
    assert.equal(again.status, 201);
    assert.equal(again.body.recorded, false);
    assert.deepEqual(again.body.invoice.amountRemaining, gbp(70));
    assert.equal(await eventCount(app), before);
  });

  test('the same reference with another amount is refused', async () => {
    const reused = await pay({ invoiceId, amount: gbp(60), reference: 'bank-1' });
    assert.equal(reused.status, 422);
    assert.equal(reused.body.code, 'PAYMENT_REFERENCE_REUSED');
  });

  test('a payment in another currency is refused with CURRENCY_MISMATCH', async () => {
    const before = await eventCount(app);
    const euros = await pay({ invoiceId, amount: { amount: 70, currency: 'EUR' }, reference: 'bank-eur' });
    assert.equal(euros.status, 422);
    assert.equal(euros.body.code, 'CURRENCY_MISMATCH');
    assert.equal(await eventCount(app), before);
  });

  test('an unknown invoice is INVOICE_NOT_FOUND', async () => {
    const unknown = await pay({ invoiceId: 'no-such-invoice', amount: gbp(10), reference: 'bank-x' });
    assert.equal(unknown.status, 422);
    assert.equal(unknown.body.code, 'INVOICE_NOT_FOUND');
  });

  test('an overpayment settles the invoice and puts the excess into credit', async () => {
    const paid = await pay({ invoiceId, amount: gbp(100), reference: 'bank-2' });
    assert.equal(paid.status, 201, JSON.stringify(paid.body));
    assert.equal(paid.body.invoice.status, 'paid');
    assert.deepEqual(paid.body.account.credit, gbp(30));
    const recorded = (await streamOf(app, accountId)).filter((e) => e.type === 'PaymentRecorded').at(-1);
    assert.equal(recorded?.data.appliedToInvoice, 70);
    assert.equal(recorded?.data.toCredit, 30);
  });

  test('bad bodies are 400 and vendors may not record payments', async () => {
    assert.equal((await pay({ invoiceId, amount: { amount: 1.5, currency: 'GBP' }, reference: 'r' })).status, 400);
    assert.equal((await pay({ invoiceId, amount: gbp(1) })).status, 400);
    const vendor = await app.token({ sub: 'v-1', role: 'vendor', accountId });
    assert.equal((await pay({ invoiceId, amount: gbp(1), reference: 'r' }, vendor)).status, 403);
  });

  test('a refund of part of a payment records a credit note and the payout', async () => {
    const paymentId = (await streamOf(app, accountId)).find((e) => e.type === 'PaymentRecorded')?.data.paymentId;
    const refunded = await app.request('POST', `/v1/payments/${String(paymentId)}/refunds`, { token: finance, body: { amount: gbp(20), reason: 'goodwill' } });
    assert.equal(refunded.status, 201, JSON.stringify(refunded.body));
    assert.deepEqual(refunded.body.refund.amount, gbp(20));
    assert.equal(refunded.body.refund.kind, 'refund');
    assert.equal(refunded.body.refund.paymentId, paymentId);
    assert.equal(refunded.body.refund.source, 'refund');
    assert.equal(refunded.body.refund.gatewayReference, null, 'a manual payment is paid back by hand');
    const types = (await streamOf(app, accountId)).slice(-2).map((e) => e.type);
    assert.deepEqual(types, ['InvoiceIssued', 'RefundIssued']);
  });

  test('a refund above what is left of the payment is REFUND_EXCEEDS_PAYMENT and records nothing', async () => {
    const paymentId = (await streamOf(app, accountId)).find((e) => e.type === 'PaymentRecorded')?.data.paymentId;
    const before = await eventCount(app);
    const tooMuch = await app.request('POST', `/v1/payments/${String(paymentId)}/refunds`, { token: finance, body: { amount: gbp(31), reason: 'too much' } });
    assert.equal(tooMuch.status, 422);
    assert.equal(tooMuch.body.code, 'REFUND_EXCEEDS_PAYMENT');
    assert.equal(await eventCount(app), before);
  });

  test('a refund of an unknown payment is 404 PAYMENT_NOT_FOUND', async () => {
    const missing = await app.request('POST', '/v1/payments/no-such-payment/refunds', { token: finance, body: { amount: gbp(1), reason: 'x' } });
    assert.equal(missing.status, 404);
    assert.equal(missing.body.code, 'PAYMENT_NOT_FOUND');
  });

  test('a refund repeated with the same Idempotency-Key pays out once', async () => {
    const paymentId = (await streamOf(app, accountId)).filter((e) => e.type === 'PaymentRecorded').at(-1)?.data.paymentId;
    const send = () => app.request('POST', `/v1/payments/${String(paymentId)}/refunds`, { token: finance, body: { amount: gbp(5), reason: 'dup' }, headers: { 'idempotency-key': 'refund-once' } });
    const first = await send();
    assert.equal(first.status, 201, JSON.stringify(first.body));
    const count = await eventCount(app);
    const second = await send();
    assert.equal(second.status, 201);
    assert.equal(second.headers.get('idempotent-replayed'), 'true');
    assert.deepEqual(second.body, first.body);
    assert.equal(await eventCount(app), count);
  });

  test('an unusable sandbox token is 400 and no payment method is recorded', async () => {
    const before = await eventCount(app);
    const bad = await app.request('PUT', `/v1/accounts/${accountId}/payment-method`, { token: admin, body: { gateway: 'sandbox', token: 'tok_nope' } });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.code, 'VALIDATION_FAILED');
    assert.equal(bad.body.errors[0].field, 'token');
    assert.equal(await eventCount(app), before);
  });

  test('Stripe without a secret key configured is GATEWAY_NOT_CONFIGURED', async () => {
    const stripe = await app.request('PUT', `/v1/accounts/${accountId}/payment-method`, { token: admin, body: { gateway: 'stripe', token: 'pm_card_visa' } });
    assert.equal(stripe.status, 422);
    assert.equal(stripe.body.code, 'GATEWAY_NOT_CONFIGURED');
  });

  test('a sandbox payment collected at issue is refunded at the sandbox too', async () => {
    await openSubscribedAccount(app, admin, 'sandbox-refund', { paymentMethod: { gateway: 'sandbox', token: 'tok_ok' } });
    await settle(app, admin);
    const payment = (await streamOf(app, 'sandbox-refund')).find((e) => e.type === 'PaymentRecorded');
    assert.equal(payment?.data.gateway, 'sandbox');
    const refunded = await app.request('POST', `/v1/payments/${String(payment?.data.paymentId)}/refunds`, { token: finance, body: { amount: gbp(120), reason: 'requested_by_customer' } });
    assert.equal(refunded.status, 201, JSON.stringify(refunded.body));
    assert.match(refunded.body.refund.gatewayReference, /^sbx_re_/);
  });
});
