// Renewals bill each period in advance at its start, anchored on the subscription date, however late the worker runs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { accountSpec, advanceTime, changeBranches, historyOf, openWithCard, starterFromFirstOfMarch, stateOf, subscribe } from './billing-account.fixtures';
import { nextDueAt } from './due-work';

const spec = accountSpec();

test('at the period end the next period is renewed and invoiced at that instant', () => {
  spec.given(starterFromFirstOfMarch()).when(advanceTime('2026-04-01T00:00:00Z')).thenMatch([
    { type: 'PeriodRenewed', data: { renewedAt: '2026-04-01T00:00:00.000Z', periodIndex: 1, periodStart: '2026-04-01', periodEnd: '2026-05-01' } },
    { type: 'InvoiceIssued', data: { reason: 'renewal', issuedAt: '2026-04-01T00:00:00.000Z', periodStart: '2026-04-01', periodEnd: '2026-05-01', lines: [{ kind: 'tier', days: 30, periodDays: 30, amount: 100 }], total: 120 } },
  ]);
});

test('nothing is due before the period end', () => {
  spec.given(starterFromFirstOfMarch()).when(advanceTime('2026-03-31T23:59:59.999Z')).then([]);
});

test('an account anchored on the 31st renews on 28 Feb, then 31 Mar, then 30 Apr', () => {
  const history = historyOf([...openWithCard('2026-01-01T00:00:00Z'), subscribe('starter', 1, '2026-01-31T10:00:00Z')]);
  const events = spec.given(history).when(advanceTime('2026-05-01T00:00:00Z')).events();
  const renewals = events.flatMap((event) => (event.type === 'PeriodRenewed' ? [[event.data.renewedAt, event.data.periodStart, event.data.periodEnd]] : []));
  assert.deepEqual(renewals, [
    ['2026-02-28T00:00:00.000Z', '2026-02-28', '2026-03-31'],
    ['2026-03-31T00:00:00.000Z', '2026-03-31', '2026-04-30'],
    ['2026-04-30T00:00:00.000Z', '2026-04-30', '2026-05-31'],
  ]);
});

test('a late command first runs every missed renewal, each stamped with its own instant', () => {
  const events = spec.given(starterFromFirstOfMarch()).when(changeBranches(1, '2026-06-15T10:00:00Z')).events();
  assert.deepEqual(events.map((event) => event.type), [
    'PeriodRenewed', 'InvoiceIssued', 'PeriodRenewed', 'InvoiceIssued', 'PeriodRenewed', 'InvoiceIssued', 'BranchesChanged', 'ProrationLineAdded',
  ]);
  assert.deepEqual(events.filter((event) => event.type === 'InvoiceIssued').map((event) => event.type === 'InvoiceIssued' && event.data.issuedAt), [
    '2026-04-01T00:00:00.000Z', '2026-05-01T00:00:00.000Z', '2026-06-01T00:00:00.000Z',
  ]);
});

test('the next due instant of a subscribed account is its period end', () => {
  assert.equal(nextDueAt(stateOf(starterFromFirstOfMarch())), '2026-04-01T00:00:00.000Z');
  assert.equal(nextDueAt(stateOf(historyOf(openWithCard('2026-01-01T00:00:00Z')))), undefined);
});

test('renewals keep the prices the subscription was sold at', () => {
  const cheaper = { tiers: [{ name: 'starter', priceGbp: 80, productLimit: 10 }], extraBranchPriceGbp: 100, hibernationFeeGbp: 50, graceDays: 7, retryScheduleDays: [1], paymentDueDays: 7, defaultTaxRates: {} };
  accountSpec({ catalog: cheaper }).given(starterFromFirstOfMarch()).when(advanceTime('2026-04-01T00:00:00Z')).thenMatch([
    { type: 'PeriodRenewed' }, { type: 'InvoiceIssued', data: { lines: [{ unitAmountGbp: 100 }] } },
  ]);
});
