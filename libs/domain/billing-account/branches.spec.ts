// Branch changes prorate at £1 per branch and net into one pending line per account and UTC day.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { accountSpec, advanceTime, changeBranches, changeTier, historyOf, open, starterFromFirstOfMarch, stateOf } from './billing-account.fixtures';

const spec = accountSpec();
const starter = starterFromFirstOfMarch();

test('a first branch change of the day adds a pending line and no invoice', () => {
  spec.given(starter).when(changeBranches(1, '2026-03-17T09:00:00Z')).thenMatch([
    { type: 'BranchesChanged', data: { delta: 1, branches: 2, changedAt: '2026-03-17T09:00:00.000Z' } },
    { type: 'ProrationLineAdded', data: { item: { kind: 'branches', effectiveDate: '2026-03-17', quantity: 1, unitAmountGbp: 100, days: 15, periodDays: 31 } } },
  ]);
});

test('three additions on one day net into one line of quantity 3', () => {
  const history = starterFromFirstOfMarch([changeBranches(1, '2026-03-17T09:00:00Z'), changeBranches(1, '2026-03-17T10:00:00Z')]);
  spec.given(history).when(changeBranches(1, '2026-03-17T23:59:00Z')).thenState((state, events) => {
    assert.deepEqual(events.map((event) => event.type), ['BranchesChanged', 'ProrationLineNetted']);
    assert.equal(state.pending.length, 1);
    assert.equal(state.pending[0].quantity, 3);
    assert.equal(state.pending[0].exactGbp, '145.1612903225806451612903225806452');
  });
});

test('an addition and a removal on one day leave no line', () => {
  const history = starterFromFirstOfMarch([changeBranches(1, '2026-03-17T09:00:00Z')]);
  spec.given(history).when(changeBranches(-1, '2026-03-17T10:00:00Z')).thenState((state, events) => {
    assert.deepEqual(events.map((event) => event.type), ['BranchesChanged', 'ProrationLineNetted']);
    assert.deepEqual(state.pending, []);
    assert.equal(state.subscription?.branches, 1);
  });
});

test('changes on different days make separate lines', () => {
  const history = starterFromFirstOfMarch([changeBranches(2, '2026-03-17T09:00:00Z')]);
  spec.given(history).when(changeBranches(-1, '2026-03-20T09:00:00Z')).thenState((state) => {
    assert.deepEqual(state.pending.map((item) => [item.effectiveDate, item.quantity, item.days]), [['2026-03-17', 2, 15], ['2026-03-20', -1, 12]]);
  });
});

test('once the day\'s line has been invoiced, a later change that day starts a new line', () => {
  // The upgrade at 11:00 invoices the pending branch line; the change at 12:00 starts another.
  const history = starterFromFirstOfMarch([changeBranches(1, '2026-03-17T09:00:00Z'), changeTier('pro', '2026-03-17T11:00:00Z')]);
  assert.equal(stateOf(history).pending.length, 0);
  spec.given(history).when(changeBranches(1, '2026-03-17T12:00:00Z')).thenMatch([
    { type: 'BranchesChanged', data: { branches: 3 } },
    { type: 'ProrationLineAdded', data: { item: { quantity: 1, effectiveDate: '2026-03-17' } } },
  ]);
});

test('the pending branch line goes on the renewal beside the new full branch charge', () => {
  const history = starterFromFirstOfMarch([changeBranches(2, '2026-03-17T09:00:00Z')]);
  const [, renewal] = spec.given(history).when(advanceTime('2026-04-01T00:00:00Z')).events();
  assert.ok(renewal.type === 'InvoiceIssued');
  // 2 × 100 × 15/31 = 96.77 → 97.
  assert.deepEqual(renewal.data.lines.map((line) => [line.kind, line.quantity, line.amount]), [['tier', 1, 100], ['branches', 2, 200], ['branches', 2, 97]]);
  assert.equal(renewal.data.subtotal, 397);
});

test('a delta of 0 or a fraction is a validation failure', () => {
  spec.given(starter).when(changeBranches(0, '2026-03-17T09:00:00Z')).thenRejects('VALIDATION_FAILED');
  spec.given(starter).when(changeBranches(0.5, '2026-03-17T09:00:00Z')).thenRejects('VALIDATION_FAILED');
});

test('a delta that would leave no branch is refused', () => {
  spec.given(starter).when(changeBranches(-1, '2026-03-17T09:00:00Z')).thenRejects('BRANCHES_BELOW_MINIMUM');
});

test('branch changes need a subscription', () => {
  spec.given(historyOf([open('2026-02-20T09:00:00Z')])).when(changeBranches(1, '2026-03-17T09:00:00Z')).thenRejects('NOT_SUBSCRIBED');
});
