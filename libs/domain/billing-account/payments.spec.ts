// Payments settle invoices: partial payments accumulate, excess becomes credit, the currency must match, references are idempotent.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { accountSpec, historyOf, open, pay, starterFromFirstOfMarch, stateOf, subscribe } from './billing-account.fixtures';

const spec = accountSpec();
// The subscription invoice h-1 is 120p (100 + 20 tax), due at issue because the account has a card.
const starter = starterFromFirstOfMarch();

test('setting a payment method records the gateway and token', () => {
  spec.given(historyOf([open('2026-02-20T09:00:00Z')])).when({ type: 'SetPaymentMethod', gateway: 'stripe', token: 'pm_123', now: '2026-02-21T00:00:00Z' })
    .then([{ type: 'PaymentMethodSet', data: { gateway: 'stripe', token: 'pm_123', customerId: null, setAt: '2026-02-21T00:00:00.000Z' } }]);
  spec.given(historyOf([open('2026-02-20T09:00:00Z')])).when({ type: 'SetPaymentMethod', gateway: 'stripe', token: 'pm_123', customerId: 'cus_9', now: '2026-02-21T00:00:00Z' })
    .thenMatch([{ type: 'PaymentMethodSet', data: { customerId: 'cus_9' } }]);
  spec.given(historyOf([open('2026-02-20T09:00:00Z')])).when({ type: 'SetPaymentMethod', gateway: 'paypal', token: 'x', now: '2026-02-21T00:00:00Z' }).thenRejects('VALIDATION_FAILED');
});

test('a payment of the whole amount records it and marks the invoice paid', () => {
  spec.given(starter).when(pay('h-1', 120, '2026-03-01T08:00:05Z', 'pi_1')).then([
    { type: 'PaymentRecorded', data: { paymentId: 'id-1', invoiceId: 'h-1', amount: 120, currency: 'GBP', reference: 'pi_1', gateway: 'sandbox', recordedAt: '2026-03-01T08:00:05.000Z', appliedToInvoice: 120, toCredit: 0 } },
    { type: 'InvoicePaid', data: { invoiceId: 'h-1', paidAt: '2026-03-01T08:00:05.000Z' } },
  ]);
});

test('partial payments accumulate until the invoice is paid', () => {
  const partly = starterFromFirstOfMarch([pay('h-1', 50, '2026-03-02T00:00:00Z')]);
  assert.equal(stateOf(partly).documents['h-1'].status, 'open');
  spec.given(partly).when(pay('h-1', 70, '2026-03-03T00:00:00Z')).thenMatch([{ type: 'PaymentRecorded', data: { appliedToInvoice: 70 } }, { type: 'InvoicePaid' }]);
});

test('the excess over what is left becomes account credit', () => {
  spec.given(starter).when(pay('h-1', 200, '2026-03-02T00:00:00Z')).thenState((state, events) => {
    assert.equal(events[0].type === 'PaymentRecorded' && events[0].data.toCredit, 80);
    assert.equal(state.credit, 80);
  });
});

test('a payment in another currency is refused', () => {
  spec.given(starter).when(pay('h-1', 120, '2026-03-02T00:00:00Z', 'pi_1', 'EUR')).thenRejects('CURRENCY_MISMATCH');
});

test('a payment for an unknown invoice is refused', () => {
  spec.given(starter).when(pay('nope', 120, '2026-03-02T00:00:00Z')).thenRejects('INVOICE_NOT_FOUND');
});

test('a repeated reference changes nothing; reused for something else it is refused', () => {
  const paid = starterFromFirstOfMarch([pay('h-1', 120, '2026-03-02T00:00:00Z', 'pi_1')]);
  spec.given(paid).when(pay('h-1', 120, '2026-03-02T00:00:01Z', 'pi_1')).then([]);
  spec.given(paid).when(pay('h-1', 99, '2026-03-02T00:00:01Z', 'pi_1')).thenRejects('PAYMENT_REFERENCE_REUSED');
});

test('a non-positive or fractional amount is a validation failure', () => {
  spec.given(starter).when(pay('h-1', 0, '2026-03-02T00:00:00Z')).thenRejects('VALIDATION_FAILED');
  spec.given(starter).when(pay('h-1', 1.5, '2026-03-02T00:00:00Z')).thenRejects('VALIDATION_FAILED');
});

test('paying an invoice already paid puts the whole amount into credit', () => {
  const paid = starterFromFirstOfMarch([pay('h-1', 120, '2026-03-02T00:00:00Z', 'pi_1')]);
  spec.given(paid).when(pay('h-1', 120, '2026-03-03T00:00:00Z', 'pi_2')).thenMatch([{ type: 'PaymentRecorded', data: { appliedToInvoice: 0, toCredit: 120 } }]);
});

test('without a payment method an invoice is due 7 days after issue', () => {
  const events = historyOf([open('2026-02-20T09:00:00Z'), subscribe('starter', 1, '2026-03-01T08:00:00Z')]);
  const invoice = events.find((event) => event.type === 'InvoiceIssued');
  assert.equal(invoice?.type === 'InvoiceIssued' && invoice.data.dueAt, '2026-03-08T08:00:00.000Z');
});
