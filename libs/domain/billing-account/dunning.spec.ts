// Failed payments: past_due, retries or reminders at +1, +3, +7, +15 days, suspension after the last, reactivation on payment.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { accountSpec, advanceTime, changeTier, failPayment, historyOf, open, pay, reportCount, starterFromFirstOfMarch, stateOf, subscribe } from './billing-account.fixtures';
import { accountView } from './account-view';
import { nextDueAt } from './due-work';
import { mrrOf } from './mrr';

const spec = accountSpec();
// Without a payment method: invoice h-1 (120p) is issued 1 Mar 08:00 and due 8 Mar 08:00.
const noCard = historyOf([open('2026-02-20T09:00:00Z'), subscribe('starter', 1, '2026-03-01T08:00:00Z')]);
const retryAt = ['2026-03-09T08:00:00.000Z', '2026-03-11T08:00:00.000Z', '2026-03-15T08:00:00.000Z', '2026-03-23T08:00:00.000Z'];
const overdue = historyOf([open('2026-02-20T09:00:00Z'), subscribe('starter', 1, '2026-03-01T08:00:00Z'), advanceTime('2026-03-08T08:00:00Z')]);
const suspended = historyOf([open('2026-02-20T09:00:00Z'), subscribe('starter', 1, '2026-03-01T08:00:00Z'), advanceTime('2026-03-23T08:00:00Z')]);

test('an invoice without a payment method passing its due date unpaid is the first failure', () => {
  spec.given(noCard).when(advanceTime('2026-03-08T08:00:00Z')).then([
    { type: 'PaymentFailed', data: { invoiceId: 'h-1', reason: 'overdue', failedAt: '2026-03-08T08:00:00.000Z', retryAt } },
  ]);
});

test('a past_due account stays visible and keeps its MRR', () => {
  const state = stateOf(overdue);
  assert.equal(state.status, 'past_due');
  assert.equal(accountView(state).visible, true);
  assert.equal(mrrOf(state), 100);
  assert.equal(nextDueAt(state), retryAt[0]);
});

test('each step emits a reminder request at its own instant', () => {
  spec.given(overdue).when(advanceTime('2026-03-15T08:00:00Z')).thenMatch([
    { type: 'DunningStepReached', data: { step: 1, steps: 4, mode: 'reminder', reachedAt: retryAt[0], invoiceIds: ['h-1'] } },
    { type: 'NotificationRequested', data: { notification: 'payment_reminder', requestedAt: retryAt[0], email: 'shop@example.com' } },
    { type: 'DunningStepReached', data: { step: 2, reachedAt: retryAt[1] } }, { type: 'NotificationRequested' },
    { type: 'DunningStepReached', data: { step: 3, reachedAt: retryAt[2] } }, { type: 'NotificationRequested' },
  ]);
});

test('after the last reminder the account is suspended: hidden, no MRR, no renewals', () => {
  const state = stateOf(suspended);
  assert.equal(state.status, 'suspended');
  assert.equal(accountView(state).visible, false);
  assert.equal(mrrOf(state), 0);
  spec.given(suspended).when(advanceTime('2026-06-01T00:00:00Z')).then([]);
});

test('a suspended account cannot change its subscription', () => {
  spec.given(suspended).when(changeTier('pro', '2026-03-24T00:00:00Z')).thenRejects('ACCOUNT_SUSPENDED');
});

test('paying every overdue invoice cancels the remaining retries', () => {
  spec.given(overdue).when(pay('h-1', 120, '2026-03-10T00:00:00Z')).thenState((state, events) => {
    assert.deepEqual(events.map((event) => event.type), ['DunningStepReached', 'NotificationRequested', 'PaymentRecorded', 'InvoicePaid', 'DunningResolved']);
    assert.equal(state.status, 'active');
    assert.equal(nextDueAt(state), '2026-04-01T00:00:00.000Z');
  });
});

test('a suspended account that pays everything is reactivated with a new period anchored that day', () => {
  spec.given(suspended).when(pay('h-1', 120, '2026-04-10T15:00:00Z')).thenMatch([
    { type: 'PaymentRecorded' }, { type: 'InvoicePaid' },
    { type: 'AccountReactivated', data: { reactivatedAt: '2026-04-10T15:00:00.000Z', anchorDate: '2026-04-10', periodStart: '2026-04-10', periodEnd: '2026-05-10' } },
    { type: 'InvoiceIssued', data: { reason: 'reactivation', periodStart: '2026-04-10', periodEnd: '2026-05-10', total: 120 } },
  ]);
});

test('with a payment method a declined charge starts dunning and the steps are retries', () => {
  const card = starterFromFirstOfMarch();
  spec.given(card).when(failPayment('h-1', '2026-03-01T08:00:01Z')).thenMatch([{ type: 'PaymentFailed', data: { reason: 'card_declined', retryAt: ['2026-03-02T08:00:01.000Z', '2026-03-04T08:00:01.000Z', '2026-03-08T08:00:01.000Z', '2026-03-16T08:00:01.000Z'] } }]);
  const failed = starterFromFirstOfMarch([failPayment('h-1', '2026-03-01T08:00:01Z')]);
  spec.given(failed).when(advanceTime('2026-03-02T08:00:01Z')).thenMatch([{ type: 'DunningStepReached', data: { mode: 'retry' } }, { type: 'NotificationRequested', data: { notification: 'payment_retry' } }]);
});

test('a failed retry before the last is recorded without restarting the schedule', () => {
  const failed = starterFromFirstOfMarch([failPayment('h-1', '2026-03-01T08:00:01Z'), advanceTime('2026-03-02T08:00:01Z')]);
  spec.given(failed).when(failPayment('h-1', '2026-03-02T08:00:02Z')).then([{ type: 'PaymentFailed', data: { invoiceId: 'h-1', reason: 'card_declined', failedAt: '2026-03-02T08:00:02.000Z', retryAt: null } }]);
});

test('the last retry failing suspends the account', () => {
  const lastRetry = starterFromFirstOfMarch([failPayment('h-1', '2026-03-01T08:00:01Z'), advanceTime('2026-03-16T08:00:01Z')]);
  assert.equal(stateOf(lastRetry).status, 'past_due');
  spec.given(lastRetry).when(failPayment('h-1', '2026-03-16T08:00:02Z')).thenMatch([
    { type: 'PaymentFailed' }, { type: 'AccountSuspended', data: { suspendedAt: '2026-03-16T08:00:02.000Z' } }, { type: 'NotificationRequested', data: { notification: 'account_suspended' } },
  ]);
});

test('a past_due account still renews', () => {
  const failed = starterFromFirstOfMarch([failPayment('h-1', '2026-03-31T08:00:01Z')]);
  spec.given(failed).when(advanceTime('2026-04-01T00:00:00Z')).thenMatch([{ type: 'PeriodRenewed' }, { type: 'InvoiceIssued', data: { reason: 'renewal' } }]);
});

test('a failure reported for a paid invoice is an invalid state', () => {
  spec.given(starterFromFirstOfMarch([pay('h-1', 120, '2026-03-02T00:00:00Z')])).when(failPayment('h-1', '2026-03-02T00:00:01Z')).thenRejects('INVALID_STATE');
});

test('a suspended account with another open invoice left is not reactivated by paying the overdue one', () => {
  // Grace from 10 Mar expires 17 Mar: the automatic upgrade invoice (h-2) is due 24 Mar, after the suspension on 23 Mar.
  const history = historyOf([open('2026-02-20T09:00:00Z'), subscribe('starter', 1, '2026-03-01T08:00:00Z'), reportCount(11, '2026-03-10T08:00:00Z'), advanceTime('2026-03-23T08:00:00Z')]);
  assert.equal(stateOf(history).status, 'suspended');
  spec.given(history).when(pay('h-1', 120, '2026-03-23T09:00:00Z')).thenMatch([{ type: 'PaymentRecorded' }, { type: 'InvoicePaid' }]);
});
