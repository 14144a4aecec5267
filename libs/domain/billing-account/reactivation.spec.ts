// Reactivation bills no day twice: its invoice first credits the unused part of the last billed period, as a tier change credits it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { accountSpec, advanceTime, failPayment, hibernate, historyOf, open, openWithCard, pay, stateOf, subscribe } from './billing-account.fixtures';

const spec = accountSpec();

/**
 * Pro with 2 branches from 1 Mar (31 days), card on file: h-1 is 300 + 100 = 400 + tax 80 = 480.
 * Its charge declines; the last retry (16 Mar) declines too, so the account is suspended on 16 Mar
 * with the period [1 Mar, 1 Apr) billed and unpaid.
 */
const suspendedMidPeriod = historyOf([
  ...openWithCard('2026-02-20T09:00:00Z'), subscribe('pro', 2, '2026-03-01T08:00:00Z'),
  failPayment('h-1', '2026-03-01T08:00:01Z'), advanceTime('2026-03-16T08:00:01Z'), failPayment('h-1', '2026-03-16T08:00:02Z'),
]);

test('given a suspension mid-period, the state keeps the last billed period', () => {
  const state = stateOf(suspendedMidPeriod);
  assert.equal(state.status, 'suspended');
  assert.deepEqual(state.subscription?.period, { start: '2026-03-01', end: '2026-04-01' });
});

test('when it pays on 20 Mar, then the reactivation invoice credits 20 Mar – 1 Apr of the tier and the branches before the new period', () => {
  // 12 of 31 days unused: −300 × 12/31 = −116.129… → −116 and −1 × 100 × 12/31 = −38.709… → −39,
  // each rounded on its own; new period [20 Mar, 20 Apr): 300 + 100. Subtotal 245, tax 49, total 294.
  const events = spec.given(suspendedMidPeriod).when(pay('h-1', 480, '2026-03-20T10:00:00Z')).thenMatch([
    { type: 'PaymentRecorded' }, { type: 'InvoicePaid' },
    { type: 'AccountReactivated', data: { anchorDate: '2026-03-20', periodStart: '2026-03-20', periodEnd: '2026-04-20' } },
    {
      type: 'InvoiceIssued',
      data: {
        reason: 'reactivation', periodStart: '2026-03-20', periodEnd: '2026-04-20',
        lines: [
          { kind: 'tier_credit', description: 'Unused time on Pro', quantity: -1, unitAmountGbp: 300, days: 12, periodDays: 31, amount: -116 },
          { kind: 'branches_credit', description: 'Unused time on additional branches', quantity: -1, unitAmountGbp: 100, days: 12, periodDays: 31, amount: -39 },
          { kind: 'tier', days: 31, periodDays: 31, amount: 300 },
          { kind: 'branches', quantity: 1, amount: 100 },
        ],
        subtotal: 245, tax: 49, total: 294,
      },
    },
  ]);
  const issued = events.find((event) => event.type === 'InvoiceIssued');
  assert.ok(issued?.type === 'InvoiceIssued');
  assert.ok(issued.data.lines[0].exact.startsWith('-116.129032258064516'));
});

test('when it pays on the last day of the period, then one day is credited', () => {
  // 31 Mar: 1 of 31 days left: −300/31 = −9.677… → −10; −100/31 = −3.225… → −3.
  spec.given(suspendedMidPeriod).when(pay('h-1', 480, '2026-03-31T23:00:00Z')).thenMatch([
    { type: 'PaymentRecorded' }, { type: 'InvoicePaid' }, { type: 'AccountReactivated' },
    { type: 'InvoiceIssued', data: { lines: [{ kind: 'tier_credit', days: 1, amount: -10 }, { kind: 'branches_credit', days: 1, amount: -3 }, { kind: 'tier' }, { kind: 'branches' }], subtotal: 387 } },
  ]);
});

test('when it pays after the last billed period ended, then no credit is given', () => {
  spec.given(suspendedMidPeriod).when(pay('h-1', 480, '2026-04-01T00:00:00Z')).thenMatch([
    { type: 'PaymentRecorded' }, { type: 'InvoicePaid' }, { type: 'AccountReactivated', data: { periodStart: '2026-04-01' } },
    { type: 'InvoiceIssued', data: { lines: [{ kind: 'tier', amount: 300 }, { kind: 'branches', amount: 100 }], subtotal: 400, total: 480 } },
  ]);
});

test('given a period billed at the hibernation fee, when the account comes back in it, then the fee is what is credited', () => {
  // No card. h-1 (Starter, 120) paid; hibernation from 1 Apr bills h-3 (h-2 is the payment's id) = 50 + 10 = 60, due 8 Apr,
  // reminders on 9, 11, 15 and 23 Apr; the last suspends. Paid 25 Apr: 6 of 30 days of the fee
  // unused, −50 × 6/30 = −10; new period [25 Apr, 25 May) on Starter 100. 90 + tax 18 = 108.
  const history = historyOf([
    open('2026-02-20T09:00:00Z'), subscribe('starter', 1, '2026-03-01T08:00:00Z'), pay('h-1', 120, '2026-03-02T00:00:00Z'),
    hibernate('2026-03-10T00:00:00Z'), advanceTime('2026-04-23T00:00:00Z'),
  ]);
  assert.equal(stateOf(history).status, 'suspended');
  spec.given(history).when(pay('h-3', 60, '2026-04-25T12:00:00Z')).thenMatch([
    { type: 'PaymentRecorded' }, { type: 'InvoicePaid' }, { type: 'AccountReactivated' },
    {
      type: 'InvoiceIssued',
      data: {
        lines: [{ kind: 'hibernation_credit', description: 'Unused time on the hibernation fee', quantity: -1, unitAmountGbp: 50, days: 6, periodDays: 30, amount: -10 }, { kind: 'tier', amount: 100 }],
        subtotal: 90, tax: 18, total: 108,
      },
    },
  ]);
});
