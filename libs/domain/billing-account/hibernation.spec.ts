// Hibernation takes effect at the period end, bills the fee only, hides listings; resuming bills the difference at once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { accountSpec, advanceTime, changeBranches, hibernate, historyOf, open, resume, starterFromFirstOfMarch, stateOf, cancel } from './billing-account.fixtures';
import { accountView } from './account-view';
import { mrrOf } from './mrr';

const spec = accountSpec();
const requested = starterFromFirstOfMarch([changeBranches(1, '2026-03-01T09:00:00Z'), hibernate('2026-03-10T00:00:00Z')]);
const hibernating = starterFromFirstOfMarch([changeBranches(1, '2026-03-01T09:00:00Z'), hibernate('2026-03-10T00:00:00Z'), advanceTime('2026-04-01T00:00:00Z')]);

test('hibernating is requested for the end of the current period; the account stays active until then', () => {
  spec.given(starterFromFirstOfMarch()).when(hibernate('2026-03-10T00:00:00Z')).thenState((state, events) => {
    assert.deepEqual(events, [{ type: 'HibernationRequested', data: { requestedAt: '2026-03-10T00:00:00.000Z', effectiveAt: '2026-04-01T00:00:00.000Z' } }]);
    assert.equal(state.status, 'active');
    assert.equal(mrrOf(state), 100);
  });
});

test('resuming before it takes effect cancels the request and charges nothing', () => {
  spec.given(requested).when(resume('2026-03-20T00:00:00Z')).then([{ type: 'HibernationRequestCancelled', data: { cancelledAt: '2026-03-20T00:00:00.000Z' } }]);
});

test('at the period end hibernation starts and the renewal bills the fee plus pending items', () => {
  spec.given(requested).when(advanceTime('2026-04-01T00:00:00Z')).thenMatch([
    { type: 'HibernationStarted', data: { startedAt: '2026-04-01T00:00:00.000Z' } },
    { type: 'PeriodRenewed' },
    // The branch added on 1 Mar after the subscription invoice: 100 × 31/31 pending.
    { type: 'InvoiceIssued', data: { reason: 'renewal', lines: [{ kind: 'hibernation', amount: 50 }, { kind: 'branches', amount: 100 }], subtotal: 150 } },
  ]);
});

test('a hibernating account is hidden and counts the fee as MRR', () => {
  const state = stateOf(hibernating);
  assert.equal(state.status, 'hibernating');
  assert.equal(accountView(state).visible, false);
  assert.equal(mrrOf(state), 50);
});

test('later renewals bill the fee only', () => {
  spec.given(hibernating).when(advanceTime('2026-05-01T00:00:00Z')).thenMatch([
    { type: 'PeriodRenewed' }, { type: 'InvoiceIssued', data: { lines: [{ kind: 'hibernation', amount: 50 }], subtotal: 50, tax: 10 } },
  ]);
});

test('resuming while hibernating bills (tier + extra branches − fee) × fraction at once, one line', () => {
  // Starter with 2 branches: 100 + 100 − 50 = 150 × 15/30 = 75.
  spec.given(hibernating).when(resume('2026-04-16T10:00:00Z')).thenMatch([
    { type: 'Resumed', data: { resumedAt: '2026-04-16T10:00:00.000Z' } },
    { type: 'ProrationLineAdded', data: { item: { kind: 'resume', quantity: 1, unitAmountGbp: 150, days: 15, periodDays: 30, exactGbp: '75' } } },
    { type: 'InvoiceIssued', data: { reason: 'resume', lines: [{ kind: 'resume', amount: 75 }], subtotal: 75, tax: 15, total: 90 } },
  ]);
});

test('after resuming the account is active and visible again', () => {
  spec.given(hibernating).when(resume('2026-04-16T10:00:00Z')).thenState((state) => {
    assert.equal(state.status, 'active');
    assert.equal(accountView(state).visible, true);
  });
});

test('hibernating twice, or resuming an active account, is an invalid state', () => {
  spec.given(requested).when(hibernate('2026-03-11T00:00:00Z')).thenRejects('INVALID_STATE');
  spec.given(hibernating).when(hibernate('2026-04-11T00:00:00Z')).thenRejects('INVALID_STATE');
  spec.given(starterFromFirstOfMarch()).when(resume('2026-03-11T00:00:00Z')).thenRejects('INVALID_STATE');
});

test('hibernation needs a subscription and is refused while a cancellation is pending', () => {
  spec.given(historyOf([open('2026-02-20T09:00:00Z')])).when(hibernate('2026-03-11T00:00:00Z')).thenRejects('NOT_SUBSCRIBED');
  spec.given(starterFromFirstOfMarch([cancel('2026-03-05T00:00:00Z')])).when(hibernate('2026-03-11T00:00:00Z')).thenRejects('INVALID_STATE');
});
