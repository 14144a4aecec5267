// Refunds are a credit note (tax split at the invoice's rate) and a payout of its credit; disputes hold money until won or lost.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { BillingAccountCommand } from './billing-account.commands';
import { accountSpec, changeBranches, pay, starterFromFirstOfMarch, stateOf } from './billing-account.fixtures';

const spec = accountSpec();
// Invoice h-1 (120p at 20%) paid in full: payment h-2.
const paid = starterFromFirstOfMarch([pay('h-1', 120, '2026-03-02T00:00:00Z', 'pi_1')]);
const refund = (amount: number, now: string, paymentId = 'h-2'): BillingAccountCommand => ({ type: 'RefundPayment', paymentId, amount: { amount, currency: 'GBP' }, reason: 'goodwill', now });
const openDispute = (amount: number, now: string): BillingAccountCommand => ({ type: 'OpenDispute', paymentId: 'h-2', disputeId: 'dp_1', amount: { amount, currency: 'GBP' }, now });
const closeDispute = (outcome: 'won' | 'lost', now: string): BillingAccountCommand => ({ type: 'CloseDispute', disputeId: 'dp_1', outcome, now });

test('a refund issues a credit note with tax split at the invoice rate, then pays its credit out', () => {
  spec.given(paid).when(refund(120, '2026-03-05T00:00:00Z')).thenState((state, events) => {
    assert.deepEqual(events.map((event) => event.type), ['InvoiceIssued', 'RefundIssued']);
    const [note, payout] = events;
    assert.ok(note.type === 'InvoiceIssued' && payout.type === 'RefundIssued');
    assert.deepEqual([note.data.kind, note.data.reason, note.data.subtotal, note.data.tax, note.data.total, note.data.taxRate], ['credit_note', 'refund', -100, -20, -120, '0.20']);
    assert.deepEqual(note.data.refundOf, { paymentId: 'h-2', invoiceId: 'h-1' });
    assert.deepEqual([payout.data.amount, payout.data.creditNoteId, payout.data.gateway, payout.data.source], [120, note.data.invoiceId, 'sandbox', 'refund']);
    assert.equal(state.credit, 0);
  });
});

test('a partial refund splits tax half-even: 50p at 20% is 42 + 8', () => {
  const [note] = spec.given(paid).when(refund(50, '2026-03-05T00:00:00Z')).events();
  assert.ok(note.type === 'InvoiceIssued');
  assert.deepEqual([note.data.subtotal, note.data.tax], [-42, -8]);
});

test('refunds never exceed what was paid, across several refunds', () => {
  const once = starterFromFirstOfMarch([pay('h-1', 120, '2026-03-02T00:00:00Z', 'pi_1'), refund(100, '2026-03-05T00:00:00Z')]);
  spec.given(once).when(refund(21, '2026-03-06T00:00:00Z')).thenRejects('REFUND_EXCEEDS_PAYMENT');
  spec.given(once).when(refund(20, '2026-03-06T00:00:00Z')).thenMatch([{ type: 'InvoiceIssued' }, { type: 'RefundIssued', data: { amount: 20 } }]);
});

test('refunding an unknown payment or in another currency is refused', () => {
  spec.given(paid).when(refund(10, '2026-03-05T00:00:00Z', 'nope')).thenRejects('PAYMENT_NOT_FOUND');
  spec.given(paid).when({ type: 'RefundPayment', paymentId: 'h-2', amount: { amount: 10, currency: 'EUR' }, reason: 'x', now: '2026-03-05T00:00:00Z' }).thenRejects('CURRENCY_MISMATCH');
});

test('a refund\'s credit note leaves pending proration items for the next invoice', () => {
  const pending = starterFromFirstOfMarch([pay('h-1', 120, '2026-03-02T00:00:00Z', 'pi_1'), changeBranches(1, '2026-03-03T00:00:00Z')]);
  spec.given(pending).when(refund(10, '2026-03-05T00:00:00Z')).thenState((state) => assert.equal(state.pending.length, 1));
});

test('a dispute holds the amount: it cannot be refunded meanwhile', () => {
  const disputed = [...paid, ...spec.given(paid).when(openDispute(120, '2026-03-05T00:00:00Z')).events()];
  assert.equal(stateOf(disputed).payments['h-2'].disputed, 120);
  spec.given(disputed).when(refund(1, '2026-03-06T00:00:00Z')).thenRejects('REFUND_EXCEEDS_PAYMENT');
});

test('opening the same dispute twice changes nothing', () => {
  const disputed = [...paid, ...spec.given(paid).when(openDispute(120, '2026-03-05T00:00:00Z')).events()];
  spec.given(disputed).when(openDispute(120, '2026-03-05T00:00:01Z')).then([]);
});

test('a won dispute releases the amount and refunds nothing', () => {
  const disputed = [...paid, ...spec.given(paid).when(openDispute(120, '2026-03-05T00:00:00Z')).events()];
  spec.given(disputed).when(closeDispute('won', '2026-03-20T00:00:00Z')).thenState((state, events) => {
    assert.deepEqual(events.map((event) => event.type), ['DisputeClosed']);
    assert.equal(state.payments['h-2'].disputed, 0);
  });
});

test('a lost dispute is a refund: credit note and payout from the dispute', () => {
  const disputed = [...paid, ...spec.given(paid).when(openDispute(120, '2026-03-05T00:00:00Z')).events()];
  spec.given(disputed).when(closeDispute('lost', '2026-03-20T00:00:00Z')).thenMatch([
    { type: 'DisputeClosed', data: { outcome: 'lost', amount: 120 } },
    { type: 'InvoiceIssued', data: { kind: 'credit_note', total: -120 } },
    { type: 'RefundIssued', data: { amount: 120, source: 'dispute_lost' } },
  ]);
});

test('closing an unknown dispute is refused', () => {
  spec.given(paid).when(closeDispute('won', '2026-03-20T00:00:00Z')).thenRejects('DISPUTE_NOT_FOUND');
});

test('a refund of 1p is all net, with a tax of plain zero (never -0, which JSON cannot carry)', () => {
  const [note] = spec.given(paid).when(refund(1, '2026-03-05T00:00:00Z')).events();
  assert.ok(note.type === 'InvoiceIssued');
  assert.deepEqual([note.data.subtotal, note.data.total], [-1, -1]);
  assert.ok(Object.is(note.data.tax, 0));
});
