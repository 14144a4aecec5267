// The account's JSON view and MRR come from the state alone, and evolve refuses events that cannot happen.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InvariantViolation } from '../decider';
import { accountView } from './account-view';
import { evolve } from './billing-account.evolve';
import { initialState } from './billing-account.state';
import { changeBranches, historyOf, open, reportCount, starterFromFirstOfMarch, stateOf, subscribe } from './billing-account.fixtures';
import { mrrOf } from './mrr';

test('the view of a fresh account says it is not subscribed', () => {
  const view = accountView(stateOf(historyOf([open('2026-02-20T09:00:00Z')])));
  assert.deepEqual(
    { status: view.status, tier: view.tier, branches: view.branches, visible: view.visible, credit: view.credit, period: view.period, nextDueAt: view.nextDueAt },
    { status: 'not_subscribed', tier: null, branches: null, visible: false, credit: { amount: 0, currency: 'GBP' }, period: null, nextDueAt: null },
  );
});

test('the view of a subscribed account has its tier, period, grace, pending items and open invoices', () => {
  const view = accountView(stateOf(starterFromFirstOfMarch([changeBranches(2, '2026-03-17T00:00:00Z'), reportCount(12, '2026-03-18T00:00:00Z')])));
  assert.equal(view.status, 'active');
  assert.equal(view.tier, 'starter');
  assert.equal(view.branches, 3);
  assert.equal(view.productCount, 12);
  assert.equal(view.visible, true);
  assert.deepEqual(view.period, { start: '2026-03-01', end: '2026-04-01' });
  assert.deepEqual(view.grace, { startedAt: '2026-03-18T00:00:00.000Z', endsAt: '2026-03-25T00:00:00.000Z' });
  assert.deepEqual(view.pendingItems.map((item) => [item.kind, item.quantity]), [['branches', 2]]);
  assert.deepEqual(view.openInvoices.map((invoice) => [invoice.total.amount, invoice.amountRemaining.amount]), [[120, 120]]);
  assert.equal(view.nextDueAt, '2026-03-25T00:00:00.000Z');
  assert.deepEqual(JSON.parse(JSON.stringify(view)), view, 'the view is JSON-ready');
});

test('MRR is tier plus extra branches at list price, 0 before subscribing', () => {
  assert.equal(mrrOf(stateOf(historyOf([open('2026-02-20T09:00:00Z')]))), 0);
  assert.equal(mrrOf(stateOf(historyOf([open('2026-02-20T09:00:00Z'), subscribe('pro', 3, '2026-03-01T00:00:00Z')]))), 500);
});

test('evolve refuses an event before the account exists', () => {
  assert.throws(() => evolve(initialState(), { type: 'ProductCountReported', data: { count: 1, reportedAt: '2026-03-01T00:00:00.000Z' } }), InvariantViolation);
});

test('evolve refuses events that cannot follow the state', () => {
  const state = stateOf(starterFromFirstOfMarch());
  assert.throws(() => evolve(state, { type: 'GraceEnded', data: { endedAt: '2026-03-02T00:00:00.000Z', reason: 'expired' } }), InvariantViolation);
  assert.throws(() => evolve(state, { type: 'InvoicePaid', data: { invoiceId: 'nope', paidAt: '2026-03-02T00:00:00.000Z' } }), InvariantViolation);
  assert.throws(() => evolve(state, { type: 'TierChanged', data: { from: 'pro', to: 'enterprise', reason: 'manual', changedAt: '2026-03-02T00:00:00.000Z', previousTierPriceGbp: 300, tierPriceGbp: 500 } }), InvariantViolation);
  assert.throws(() => evolve(state, { type: 'PeriodRenewed', data: { renewedAt: '2026-05-01T00:00:00.000Z', periodIndex: 2, periodStart: '2026-05-01', periodEnd: '2026-06-01' } }), InvariantViolation);
});
