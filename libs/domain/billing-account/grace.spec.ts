// Product count above the tier's limit: a 7-day grace, ended by a count within it, else an automatic upgrade.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { accountSpec, advanceTime, changeTier, hibernate, reportCount, starterFromFirstOfMarch, stateOf } from './billing-account.fixtures';
import { nextDueAt } from './due-work';

const spec = accountSpec();
const starter = starterFromFirstOfMarch();
const inGrace = starterFromFirstOfMarch([reportCount(11, '2026-03-10T09:00:00Z')]);

test('a count above the limit starts a 7-day grace, the account staying on its tier and visible', () => {
  spec.given(starter).when(reportCount(11, '2026-03-10T09:00:00Z')).thenState((state, events) => {
    assert.deepEqual(events, [
      { type: 'ProductCountReported', data: { count: 11, reportedAt: '2026-03-10T09:00:00.000Z' } },
      { type: 'GraceStarted', data: { startedAt: '2026-03-10T09:00:00.000Z', endsAt: '2026-03-17T09:00:00.000Z', productCount: 11, productLimit: 10 } },
    ]);
    assert.equal(state.subscription?.tier, 'starter');
    assert.equal(state.status, 'active');
  });
});

test('a count within the limit only records the count', () => {
  spec.given(starter).when(reportCount(10, '2026-03-10T09:00:00Z')).then([{ type: 'ProductCountReported', data: { count: 10, reportedAt: '2026-03-10T09:00:00.000Z' } }]);
});

test('further reports above the limit do not restart the grace', () => {
  spec.given(inGrace).when(reportCount(50, '2026-03-12T09:00:00Z')).then([{ type: 'ProductCountReported', data: { count: 50, reportedAt: '2026-03-12T09:00:00.000Z' } }]);
});

test('a count back within the limit ends the grace and charges nothing', () => {
  spec.given(inGrace).when(reportCount(9, '2026-03-12T09:00:00Z')).then([
    { type: 'ProductCountReported', data: { count: 9, reportedAt: '2026-03-12T09:00:00.000Z' } },
    { type: 'GraceEnded', data: { endedAt: '2026-03-12T09:00:00.000Z', reason: 'count_within_limit' } },
  ]);
});

test('the grace is half-open: one millisecond before its end nothing happens', () => {
  spec.given(inGrace).when(advanceTime('2026-03-17T08:59:59.999Z')).then([]);
});

test('at expiry, still over, the account moves up to the smallest tier that fits, prorated as an upgrade', () => {
  const history = starterFromFirstOfMarch([reportCount(11, '2026-03-10T09:00:00Z'), reportCount(150, '2026-03-12T09:00:00Z')]);
  spec.given(history).when(advanceTime('2026-03-20T00:00:00Z')).thenMatch([
    { type: 'GraceEnded', data: { endedAt: '2026-03-17T09:00:00.000Z', reason: 'expired' } },
    { type: 'TierChanged', data: { from: 'starter', to: 'enterprise', reason: 'grace_expired', changedAt: '2026-03-17T09:00:00.000Z' } },
    { type: 'ProrationLineAdded', data: { item: { effectiveDate: '2026-03-17', days: 15, quantity: -1, unitAmountGbp: 100 } } },
    { type: 'ProrationLineAdded', data: { item: { effectiveDate: '2026-03-17', days: 15, quantity: 1, unitAmountGbp: 500 } } },
    // −48 + 242 (500 × 15/31 = 241.94) = 194; tax 38.8 → 39.
    { type: 'InvoiceIssued', data: { reason: 'upgrade', issuedAt: '2026-03-17T09:00:00.000Z', subtotal: 194, tax: 39, total: 233 } },
  ]);
});

test('the tier chosen at expiry fits the count at that instant, not at the start', () => {
  const history = starterFromFirstOfMarch([reportCount(500, '2026-03-10T09:00:00Z'), reportCount(20, '2026-03-16T09:00:00Z')]);
  spec.given(history).when(advanceTime('2026-03-17T09:00:00Z')).thenMatch([
    { type: 'GraceEnded' }, { type: 'TierChanged', data: { to: 'pro' } }, { type: 'ProrationLineAdded' }, { type: 'ProrationLineAdded' }, { type: 'InvoiceIssued' },
  ]);
});

test('a manual upgrade to a tier that fits ends the grace', () => {
  spec.given(inGrace).when(changeTier('pro', '2026-03-12T09:00:00Z')).thenMatch([
    { type: 'TierChanged' }, { type: 'GraceEnded', data: { reason: 'tier_changed' } }, { type: 'ProrationLineAdded' }, { type: 'ProrationLineAdded' }, { type: 'InvoiceIssued' },
  ]);
});

test('a grace expiry falls due at its end instant', () => {
  assert.equal(nextDueAt(stateOf(inGrace)), '2026-03-17T09:00:00.000Z');
});

test('a renewal due at the same instant runs before the grace expiry', () => {
  const history = starterFromFirstOfMarch([reportCount(11, '2026-03-25T00:00:00Z')]);
  spec.given(history).when(advanceTime('2026-04-01T00:00:00Z')).thenMatch([
    { type: 'PeriodRenewed' }, { type: 'InvoiceIssued', data: { reason: 'renewal', subtotal: 100 } },
    { type: 'GraceEnded' }, { type: 'TierChanged', data: { changedAt: '2026-04-01T00:00:00.000Z' } },
    { type: 'ProrationLineAdded', data: { item: { days: 30, periodDays: 30 } } }, { type: 'ProrationLineAdded' }, { type: 'InvoiceIssued', data: { reason: 'upgrade' } },
  ]);
});

test('hibernation ends a running grace when it takes effect', () => {
  const history = starterFromFirstOfMarch([hibernate('2026-03-20T00:00:00Z'), reportCount(11, '2026-03-28T00:00:00Z')]);
  spec.given(history).when(advanceTime('2026-04-01T00:00:00Z')).thenMatch([
    { type: 'GraceEnded', data: { reason: 'hibernated' } }, { type: 'HibernationStarted' }, { type: 'PeriodRenewed' }, { type: 'InvoiceIssued' },
  ]);
});

test('a negative or fractional count is a validation failure', () => {
  spec.given(starter).when(reportCount(-1, '2026-03-10T09:00:00Z')).thenRejects('VALIDATION_FAILED');
  spec.given(starter).when(reportCount(1.5, '2026-03-10T09:00:00Z')).thenRejects('VALIDATION_FAILED');
});
