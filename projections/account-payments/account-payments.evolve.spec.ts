// The account-payments read model's pure half: a payment, its refund and a dispute become rows in
// the list's shape; a refund adds to its payment's `refunded`, a close changes its dispute, and an
// event about a row the model never saw stops the model instead of inventing one. Discounts and
// contract prices change no payment: their events, and the coupons' own streams, pass by.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { InvoiceIssued } from '../../libs/domain/billing-account/billing-account.events';
import { historyOf, open, pay, percentOff, redeem, removeDiscount, setPaymentMethod, setPrices, subscribe } from '../../libs/domain/billing-account/billing-account.fixtures';
import type { StoredEvent } from '../../libs/event-store/event-store.port';
import { evolvePaymentActivity, rowKey, rowsNeeded, type PaymentActivityBook } from './account-payments.evolve';

let revision = 0;
const event = (type: string, data: Record<string, unknown>, streamId = 'account-shop'): StoredEvent => ({
  id: `e${revision}`, type, streamId, revision: revision++, position: `${String(revision).padStart(16, '0')}-0000000000000000`, data, metadata: { correlationId: 'c', causationId: 'c', actor: 'a', command: 'X', occurredAt: '2026-03-01T00:00:00.000Z', prevHash: '', hash: '' },
});

const paid = event('PaymentRecorded', { paymentId: 'p1', invoiceId: 'i1', amount: 150, currency: 'GBP', reference: 'pi_1', gateway: 'stripe', recordedAt: '2026-03-02T00:00:00.000Z', appliedToInvoice: 120, toCredit: 30 });
const refunded = event('RefundIssued', { refundId: 'r1', paymentId: 'p1', invoiceId: 'i1', creditNoteId: 'cn1', amount: 60, currency: 'GBP', gateway: 'stripe', reason: 'goodwill', refundedAt: '2026-03-05T00:00:00.000Z', source: 'refund' });
const opened = event('DisputeOpened', { disputeId: 'd1', paymentId: 'p1', invoiceId: 'i1', amount: 50, currency: 'GBP', gateway: 'stripe', openedAt: '2026-03-06T00:00:00.000Z' });
const closed = event('DisputeClosed', { disputeId: 'd1', paymentId: 'p1', outcome: 'won', amount: 50, currency: 'GBP', closedAt: '2026-03-10T00:00:00.000Z' });

test('a payment, its refund and a won dispute, each a row, the payment knowing what was refunded', () => {
  const book: PaymentActivityBook = new Map();
  for (const each of [paid, refunded, opened, closed]) evolvePaymentActivity(book, each);
  const payment = book.get(rowKey('payment', 'p1'));
  assert.deepEqual(payment?.item.refunded, { amount: 60, currency: 'GBP' });
  assert.deepEqual([payment?.item.appliedToInvoice?.amount, payment?.item.toCredit?.amount], [120, 30]);
  assert.equal(payment?.position, paid.position, 'a row keeps the position it was created at');
  assert.deepEqual(book.get(rowKey('refund', 'r1'))?.item, {
    kind: 'refund', paymentId: 'p1', refundId: 'r1', disputeId: null, invoiceId: 'i1', creditNoteId: 'cn1', amount: { amount: 60, currency: 'GBP' }, gateway: 'stripe',
    status: 'succeeded', occurredAt: '2026-03-05T00:00:00.000Z', closedAt: null, reference: null, appliedToInvoice: null, toCredit: null, refunded: null, reason: 'goodwill', source: 'refund',
  });
  assert.deepEqual([book.get(rowKey('dispute', 'd1'))?.item.status, book.get(rowKey('dispute', 'd1'))?.item.closedAt], ['won', '2026-03-10T00:00:00.000Z']);
});

test('a refund or a close names the row it needs from the model', () => {
  assert.deepEqual(rowsNeeded(refunded), [rowKey('payment', 'p1')]);
  assert.deepEqual(rowsNeeded(closed), [rowKey('dispute', 'd1')]);
  assert.deepEqual(rowsNeeded(paid), []);
});

test('a refund of a payment the model never saw stops it', () => {
  assert.throws(() => evolvePaymentActivity(new Map(), refunded), /payment:p1 is not in the model/);
});

test('events of other streams and other types pass by', () => {
  const book: PaymentActivityBook = new Map();
  evolvePaymentActivity(book, event('PaymentRecorded', paid.data, 'exchange-rates'));
  evolvePaymentActivity(book, event('InvoicePaid', { invoiceId: 'i1', paidAt: '2026-03-02T00:00:00.000Z' }));
  assert.equal(book.size, 0);
});

test('a discounted, contract-priced history: the discount and price events pass by, the payment is the discounted total', () => {
  const start = [
    open('2026-02-20T09:00:00Z'), setPaymentMethod('2026-02-20T09:05:00Z'), setPrices('2026-02-20T09:10:00Z', { tiers: { starter: 80 } }),
    redeem(percentOff('HALF', '50'), '2026-02-25T00:00:00Z'), subscribe('starter', 1, '2026-03-01T08:00:00Z'),
  ];
  const issued = historyOf(start).find((each): each is InvoiceIssued => each.type === 'InvoiceIssued');
  assert.ok(issued, 'the subscription is invoiced');
  assert.ok(issued.data.lines.some((line) => line.kind === 'discount'), 'the invoice has its discount line');
  const history = historyOf([...start, pay(issued.data.invoiceId, issued.data.total, '2026-03-01T08:01:00Z'), removeDiscount('2026-03-02T00:00:00Z')]);
  const types = new Set<string>(history.map((each) => each.type));
  for (const type of ['ContractPricesSet', 'ContractPricesTookEffect', 'DiscountApplied', 'DiscountEnded', 'PaymentRecorded']) assert.ok(types.has(type), type);
  const coupon = [event('CouponCreated', { code: 'HALF' }, 'coupon-HALF'), event('CouponRedeemed', { code: 'HALF', redemptionId: 'r1', accountId: 'acc-1' }, 'coupon-HALF')];
  const book: PaymentActivityBook = new Map();
  for (const each of [...coupon, ...history.map((domainEvent) => event(domainEvent.type, domainEvent.data as unknown as Record<string, unknown>, 'account-acc-1'))]) evolvePaymentActivity(book, each);
  assert.deepEqual([...book.keys()], [rowKey('payment', history.find((each) => each.type === 'PaymentRecorded')?.data.paymentId ?? '')]);
  assert.deepEqual([...book.values()][0].item.amount, { amount: 48, currency: 'GBP' }, 'starter at 80, half off: 40, with 20 % tax');
});
