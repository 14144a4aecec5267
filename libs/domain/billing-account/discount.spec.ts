// A discount applies at issue, after the lines are rounded and before tax, as billing-rules.md "Discounts (coupons)" says, rule by rule.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { accountView } from './account-view';
import {
  accountSpec, advanceTime, amountOff, cancel, changeTier, exchangeRate, historyOf, open, openWithCard, pay, percentOff, redeem, removeDiscount,
  setPaymentMethod, setPrices, starterFromFirstOfMarch, stateOf, subscribe,
} from './billing-account.fixtures';
import { discountEndsOn } from './discount';
import { nextDueAt } from './due-work';

const spec = accountSpec();
const spring = percentOff('SPRING-25', '25');
const withSpring = starterFromFirstOfMarch([redeem(spring, '2026-03-10T00:00:00Z')]);

test('a percent discount is a line of its own on the next document, and tax is taken on the discounted subtotal', () => {
  // Renewal on 1 Apr: Starter 100; 25 % of 100 = 25 → line −25; 75 + tax 15 = 90.
  spec.given(withSpring).when(advanceTime('2026-04-01T00:00:00Z')).thenMatch([
    { type: 'PeriodRenewed' },
    {
      type: 'InvoiceIssued',
      data: {
        lines: [
          { kind: 'tier', amount: 100 },
          { itemId: null, kind: 'discount', description: 'Discount (SPRING-25)', quantity: 1, unitAmountGbp: null, exactGbp: null, exact: '-25', amount: -25 },
        ],
        subtotal: 75, tax: 15, total: 90,
      },
    },
  ]);
});

test('a percent discount is taken on the subtotal of the rounded lines and rounded half-even', () => {
  // Upgrade on 17 Mar: −48 and +145 (each rounded) = 97; 50 % = 48.5 → 48, the even neighbour.
  // 49 + tax 9.8 → 10 = 59.
  const half = starterFromFirstOfMarch([redeem(percentOff('HALF', '50'), '2026-03-10T00:00:00Z')]);
  spec.given(half).when(changeTier('pro', '2026-03-17T10:00:00Z')).thenMatch([
    { type: 'TierChanged' }, { type: 'ProrationLineAdded' }, { type: 'ProrationLineAdded' },
    { type: 'InvoiceIssued', data: { lines: [{ amount: -48 }, { amount: 145 }, { kind: 'discount', exact: '-48.5', amount: -48 }], subtotal: 49, tax: 10, total: 59 } },
  ]);
});

test('a percent discount shrinks a credit note too', () => {
  // Enterprise from 1 Mar, 50 % from 10 Mar, down to Starter on 17 Mar (15/31 left), cancelled:
  // the final document on 1 Apr has −500×15/31 = −241.9 → −242 and +100×15/31 = 48.4 → 48, so −194;
  // the discount is half-even(−194 × 50/100) = −97, a line of +97: −97, tax −19.4 → −19, total −116.
  const history = historyOf([
    ...openWithCard('2026-02-20T09:00:00Z'), subscribe('enterprise', 1, '2026-03-01T08:00:00Z'), redeem(percentOff('HALF', '50'), '2026-03-10T00:00:00Z'),
    changeTier('starter', '2026-03-17T10:00:00Z'), cancel('2026-03-18T00:00:00Z'),
  ]);
  spec.given(history).when(advanceTime('2026-04-01T00:00:00Z')).thenMatch([
    { type: 'InvoiceIssued', data: { kind: 'credit_note', reason: 'final', lines: [{ amount: -242 }, { amount: 48 }, { kind: 'discount', exact: '97', amount: 97 }], subtotal: -97, tax: -19, total: -116 } },
    { type: 'SubscriptionCancelled' },
  ]);
});

test('an amount discount is taken off a positive subtotal', () => {
  // 50p off Starter's 100: 50 + tax 10 = 60.
  const history = starterFromFirstOfMarch([redeem(amountOff('FIFTY', 50), '2026-03-10T00:00:00Z')]);
  spec.given(history).when(advanceTime('2026-04-01T00:00:00Z')).thenMatch([
    { type: 'PeriodRenewed' }, { type: 'InvoiceIssued', data: { lines: [{ amount: 100 }, { kind: 'discount', description: 'Discount (FIFTY)', exact: '-50', amount: -50 }], subtotal: 50, tax: 10, total: 60 } },
  ]);
});

test('an amount discount stops at the subtotal, and what is left of it is not carried to the next document', () => {
  // £5 off a 100 renewal: −100, a total of 0, paid at once. The next renewal again takes 100 off, not 400.
  const history = starterFromFirstOfMarch([redeem(amountOff('FIVER', 500), '2026-03-10T00:00:00Z')]);
  const events = spec.given(history).when(advanceTime('2026-05-01T00:00:00Z')).thenMatch([
    { type: 'PeriodRenewed' }, { type: 'InvoiceIssued', data: { lines: [{ amount: 100 }, { kind: 'discount', exact: '-100', amount: -100 }], subtotal: 0, tax: 0, total: 0 } }, { type: 'InvoicePaid' },
    { type: 'PeriodRenewed' }, { type: 'InvoiceIssued', data: { lines: [{ amount: 100 }, { kind: 'discount', amount: -100 }], total: 0 } }, { type: 'InvoicePaid' },
  ]);
  assert.equal(events.length, 6);
});

test('an amount discount leaves a credit note alone and is not used up by it', () => {
  const history = historyOf([
    ...openWithCard('2026-02-20T09:00:00Z'), subscribe('enterprise', 1, '2026-03-01T08:00:00Z'), redeem(amountOff('TENNER', 1000, 'once'), '2026-03-10T00:00:00Z'),
    changeTier('starter', '2026-03-17T10:00:00Z'), cancel('2026-03-18T00:00:00Z'),
  ]);
  spec.given(history).when(advanceTime('2026-04-01T00:00:00Z')).thenState((state, events) => {
    assert.deepEqual(events.map((event) => event.type), ['InvoiceIssued', 'SubscriptionCancelled']);
    const issued = events[0];
    assert.ok(issued.type === 'InvoiceIssued');
    assert.deepEqual(issued.data.lines.map((line) => line.kind), ['tier_credit', 'tier_charge']);
    assert.equal(state.discount?.code, 'TENNER');
  });
});

test("an amount discount is converted at issue like a line, at the invoice's rate", () => {
  // EUR at 1.1734: Starter 100 × 1.1734 = 117.34 → 117; 50p × 1.1734 = 58.67 → 59; 58 + tax 11.6 → 12 = 70.
  const options = { exchangeRates: [exchangeRate('EUR', '1.1734')] };
  const history = historyOf([open('2026-02-20T09:00:00Z', { currency: 'EUR' }), setPaymentMethod('2026-02-20T09:00:00Z'), subscribe('starter', 1, '2026-03-01T08:00:00Z'), redeem(amountOff('FIFTY', 50), '2026-03-10T00:00:00Z')], options);
  accountSpec(options).given(history).when(advanceTime('2026-04-01T00:00:00Z')).thenMatch([
    { type: 'PeriodRenewed' }, { type: 'InvoiceIssued', data: { currency: 'EUR', lines: [{ amount: 117 }, { kind: 'discount', exact: '-58.67', amount: -59 }], subtotal: 58, tax: 12, total: 70 } },
  ]);
});

test('a document whose subtotal is 0 before the discount gets no line and leaves a once discount for the next one', () => {
  // Starter at a contract price of 0 from 1 Apr: the renewal is 0, no discount line, WELCOME stays.
  // On 16 Apr the upgrade to Pro (300, 15 of 30 days) bills 0 and +150; 10 % = 15; 135 + tax 27 = 162.
  const history = starterFromFirstOfMarch([setPrices('2026-03-05T00:00:00Z', { tiers: { starter: 0 } }), redeem(percentOff('WELCOME', '10', 'once'), '2026-03-10T00:00:00Z'), advanceTime('2026-04-01T00:00:00Z')]);
  const renewal = stateOf(history);
  assert.equal(renewal.discount?.code, 'WELCOME');
  assert.deepEqual(Object.values(renewal.documents).map((document) => document.total), [120, 0]);
  spec.given(history).when(changeTier('pro', '2026-04-16T10:00:00Z')).thenMatch([
    { type: 'TierChanged' }, { type: 'ProrationLineAdded' }, { type: 'ProrationLineAdded' },
    { type: 'InvoiceIssued', data: { lines: [{ amount: 0 }, { amount: 150 }, { kind: 'discount', amount: -15 }], subtotal: 135, tax: 27, total: 162 } },
    { type: 'DiscountEnded', data: { code: 'WELCOME', reason: 'used', invoiceId: 'id-3' } },
  ]);
});

test('a once discount is used by the first document it changes, and the code may then be redeemed again', () => {
  // Upgrade on 17 Mar: 97; 25 % = 24.25 → 24; 73 + tax 14.6 → 15 = 88.
  const welcome = percentOff('WELCOME', '25', 'once');
  const history = starterFromFirstOfMarch([redeem(welcome, '2026-03-10T00:00:00Z')]);
  spec.given(history).when(changeTier('pro', '2026-03-17T10:00:00Z')).thenMatch([
    { type: 'TierChanged' }, { type: 'ProrationLineAdded' }, { type: 'ProrationLineAdded' },
    { type: 'InvoiceIssued', data: { lines: [{ amount: -48 }, { amount: 145 }, { kind: 'discount', amount: -24 }], subtotal: 73, tax: 15, total: 88 } },
    { type: 'DiscountEnded', data: { code: 'WELCOME', reason: 'used', invoiceId: 'id-3', endedAt: '2026-03-17T10:00:00.000Z' } },
  ]);
  const used = historyOf([open('2026-02-20T09:00:00Z'), setPaymentMethod('2026-02-20T09:05:00Z'), subscribe('starter', 1, '2026-03-01T08:00:00Z'), redeem(welcome, '2026-03-10T00:00:00Z'), changeTier('pro', '2026-03-17T10:00:00Z')]);
  assert.equal(stateOf(used).discount, null);
  spec.given(used).when(advanceTime('2026-04-01T00:00:00Z')).thenMatch([{ type: 'PeriodRenewed' }, { type: 'InvoiceIssued', data: { lines: [{ kind: 'tier', amount: 300 }], total: 360 } }]);
  spec.given(used).when(redeem(welcome, '2026-03-20T00:00:00Z', 'r-second')).thenMatch([{ type: 'DiscountApplied', data: { redemptionId: 'r-second', code: 'WELCOME' } }]);
});

test('a repeating discount counts months from the redemption date like periods do: 31 Jan + 1 month = 28 Feb', () => {
  assert.equal(discountEndsOn(percentOff('X', '5', 'repeating', 1), '2026-01-31T12:00:00.000Z'), '2026-02-28');
  assert.equal(discountEndsOn(percentOff('X', '5', 'repeating', 2), '2026-01-31T12:00:00.000Z'), '2026-03-31');
  assert.equal(discountEndsOn(percentOff('X', '5', 'repeating', 1), '2028-01-31T00:00:00.000Z'), '2028-02-29');
  assert.equal(discountEndsOn(percentOff('X', '5', 'forever'), '2026-01-31T12:00:00.000Z'), null);
});

test('a repeating discount discounts documents issued before its end date and ends at that date\'s first instant', () => {
  // Starter anchored 28 Jan (period to 28 Feb, 31 days); 50 % for 1 month redeemed 31 Jan: ends on 28 Feb.
  const history = historyOf([...openWithCard('2026-01-20T00:00:00Z'), subscribe('starter', 1, '2026-01-28T08:00:00Z'), redeem(percentOff('JAN', '50', 'repeating', 1), '2026-01-31T12:00:00Z')]);
  assert.equal(stateOf(history).discount?.endsOn, '2026-02-28');
  assert.equal(nextDueAt(stateOf(history)), '2026-02-28T00:00:00.000Z');
  // 27 Feb, one day left: −100/31 → −3, +300/31 → 10: 7; 50 % = 3.5 → 4 (even); 3 + tax 0.6 → 1 = 4.
  spec.given(history).when(changeTier('pro', '2026-02-27T23:59:00Z')).thenMatch([
    { type: 'TierChanged' }, { type: 'ProrationLineAdded' }, { type: 'ProrationLineAdded' },
    { type: 'InvoiceIssued', data: { lines: [{ amount: -3 }, { amount: 10 }, { kind: 'discount', amount: -4 }], subtotal: 3, tax: 1, total: 4 } },
  ]);
  spec.given(history).when(advanceTime('2026-02-28T00:00:00Z')).thenMatch([
    { type: 'DiscountEnded', data: { code: 'JAN', reason: 'expired', endedAt: '2026-02-28T00:00:00.000Z' } },
    { type: 'PeriodRenewed', data: { periodStart: '2026-02-28' } },
    { type: 'InvoiceIssued', data: { lines: [{ kind: 'tier', amount: 100 }], total: 120 } },
  ]);
});

test('a forever discount lasts until finance removes it', () => {
  const kept = spec.given(withSpring).when(advanceTime('2026-06-01T00:00:00Z')).events();
  const discounted = kept.filter((event) => event.type === 'InvoiceIssued' && event.data.lines.some((line) => line.kind === 'discount'));
  assert.equal(discounted.length, 3);
  spec.given(withSpring).when(removeDiscount('2026-03-20T00:00:00Z')).then([
    { type: 'DiscountEnded', data: { redemptionId: 'r-SPRING-25-2026-03-10T00:00:00Z', code: 'SPRING-25', endedAt: '2026-03-20T00:00:00.000Z', reason: 'removed', invoiceId: null } },
  ]);
  spec.given(starterFromFirstOfMarch()).when(removeDiscount('2026-03-20T00:00:00Z')).thenRejects('DISCOUNT_NOT_FOUND');
});

test('redeeming another code replaces the discount from that instant', () => {
  spec.given(withSpring).when(redeem(amountOff('FIVER', 500), '2026-03-20T00:00:00Z', 'r-fiver')).thenMatch([
    { type: 'DiscountEnded', data: { code: 'SPRING-25', reason: 'replaced', endedAt: '2026-03-20T00:00:00.000Z' } },
    { type: 'DiscountApplied', data: { redemptionId: 'r-fiver', code: 'FIVER', amountOffGbp: 500, percentOff: null, appliedAt: '2026-03-20T00:00:00.000Z' } },
  ]);
});

test("redeeming the code that is the account's discount now is refused; the same redemption again changes nothing", () => {
  spec.given(withSpring).when(redeem(spring, '2026-03-20T00:00:00Z', 'r-again')).thenRejects('COUPON_ALREADY_APPLIED');
  spec.given(withSpring).when(redeem(spring, '2026-03-10T00:00:00Z')).then([]);
});

test('a 100 % discount makes every document 0, paid at once', () => {
  const free = starterFromFirstOfMarch([redeem(percentOff('FREE', '100'), '2026-03-10T00:00:00Z')]);
  spec.given(free).when(changeTier('pro', '2026-03-17T10:00:00Z')).thenMatch([
    { type: 'TierChanged' }, { type: 'ProrationLineAdded' }, { type: 'ProrationLineAdded' },
    { type: 'InvoiceIssued', data: { lines: [{ amount: -48 }, { amount: 145 }, { kind: 'discount', amount: -97 }], subtotal: 0, tax: 0, total: 0, amountDue: 0 } },
    { type: 'InvoicePaid' },
  ]);
});

test("a refund's credit note is not discounted: it gives back exactly what was paid", () => {
  const paid = starterFromFirstOfMarch([pay('h-1', 120, '2026-03-02T00:00:00Z'), redeem(spring, '2026-03-10T00:00:00Z')]);
  spec.given(paid).when({ type: 'RefundPayment', paymentId: 'h-2', amount: { amount: 60, currency: 'GBP' }, reason: 'goodwill', now: '2026-03-11T00:00:00Z' }).thenMatch([
    { type: 'InvoiceIssued', data: { kind: 'credit_note', lines: [{ kind: 'refund' }], total: -60 } }, { type: 'RefundIssued' },
  ]);
});

test('a repeating redemption completed after its months ran out is refused', () => {
  spec.given(starterFromFirstOfMarch()).when({ type: 'ApplyDiscount', redemptionId: 'late', terms: percentOff('OLD', '10', 'repeating', 1), redeemedAt: '2026-02-01T00:00:00Z', now: '2026-03-02T00:00:00Z' })
    .thenRejects('COUPON_NOT_REDEEMABLE');
});

test('the account view shows the discount while it is active', () => {
  const view = accountView(stateOf(withSpring));
  assert.deepEqual(view.discount, {
    code: 'SPRING-25', redemptionId: 'r-SPRING-25-2026-03-10T00:00:00Z', percentOff: '25', amountOff: null, duration: 'forever', months: null,
    redeemedAt: '2026-03-10T00:00:00.000Z', endsOn: null,
  });
  assert.equal(accountView(stateOf(starterFromFirstOfMarch())).discount, null);
});
