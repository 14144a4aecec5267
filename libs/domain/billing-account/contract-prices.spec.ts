// Contract prices: set by finance, in force from a period start, never prorated; prorations use the prices billed for their period.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rejected } from '../decider';
import { accountView } from './account-view';
import { billingAccountDecider } from './billing-account.decider';
import {
  accountSpec, advanceTime, changeBranches, changeTier, contextFactory, failPayment, historyOf, openWithCard, pay, reportCount, setPrices,
  starterFromFirstOfMarch, stateOf, subscribe,
} from './billing-account.fixtures';
import { mrrOf } from './mrr';

const spec = accountSpec();
const catalogPrices = { tierPriceGbp: 100, extraBranchPriceGbp: 100, hibernationFeeGbp: 50 };

test('a change of prices waits for the next period start by default and prorates nothing', () => {
  spec.given(starterFromFirstOfMarch()).when(setPrices('2026-03-10T09:00:00Z', { tiers: { starter: 80 } })).then([
    { type: 'ContractPricesSet', data: { setAt: '2026-03-10T09:00:00.000Z', effectiveFrom: '2026-04-01', prices: { tierPricesGbp: { starter: 80 }, extraBranchPriceGbp: null, hibernationFeeGbp: null }, replacedEffectiveFrom: null } },
  ]);
});

test('the renewal at the effective date bills the new prices, and MRR follows them', () => {
  const history = starterFromFirstOfMarch([setPrices('2026-03-10T09:00:00Z', { tiers: { starter: 80 } })]);
  assert.equal(mrrOf(stateOf(history)), 100);
  spec.given(history).when(advanceTime('2026-04-01T00:00:00Z')).thenState((state, events) => {
    assert.deepEqual(events.map((event) => event.type), ['ContractPricesTookEffect', 'PeriodRenewed', 'InvoiceIssued']);
    assert.deepEqual(events[0].data, {
      tookEffectAt: '2026-04-01T00:00:00.000Z', effectiveFrom: '2026-04-01', periodStart: '2026-04-01',
      prices: { tierPricesGbp: { starter: 80 }, extraBranchPriceGbp: null, hibernationFeeGbp: null }, subscriptionPrices: { ...catalogPrices, tierPriceGbp: 80 },
    });
    const issued = events[2];
    assert.ok(issued.type === 'InvoiceIssued');
    assert.deepEqual([issued.data.lines.map((line) => line.amount), issued.data.total], [[80], 96]);
    assert.equal(mrrOf(state), 80);
  });
});

test('a branch change inside a period uses the price billed for that period, the next period the new one', () => {
  // Extra branch at 60 from 1 Apr. 20 Mar: +1 branch at the billed 100 × 12/31 = 38.7 → 39, pending.
  // 1 Apr renewal: 100 + 1 × 60 + 39 = 199. 16 Apr: +1 branch at 60 × 15/30 = 30.
  const history = starterFromFirstOfMarch([setPrices('2026-03-10T09:00:00Z', { extraBranch: 60 })]);
  spec.given(history).when(changeBranches(1, '2026-03-20T10:00:00Z')).thenMatch([{ type: 'BranchesChanged' }, { type: 'ProrationLineAdded', data: { item: { unitAmountGbp: 100, days: 12, periodDays: 31 } } }]);
  const renewed = historyOf([...historyInputs(), changeBranches(1, '2026-03-20T10:00:00Z'), advanceTime('2026-04-01T00:00:00Z')]);
  const renewal = renewed.filter((event) => event.type === 'InvoiceIssued').at(-1);
  assert.ok(renewal?.type === 'InvoiceIssued');
  assert.deepEqual(renewal.data.lines.map((line) => [line.kind, line.unitAmountGbp, line.amount]), [['tier', 100, 100], ['branches', 60, 60], ['branches', 100, 39]]);
  spec.given(renewed).when(changeBranches(1, '2026-04-16T10:00:00Z')).thenMatch([{ type: 'BranchesChanged' }, { type: 'ProrationLineAdded', data: { item: { unitAmountGbp: 60, days: 15, periodDays: 30 } } }]);
});

function historyInputs() {
  return [...openWithCard('2026-02-20T09:00:00Z'), subscribe('starter', 1, '2026-03-01T08:00:00Z'), setPrices('2026-03-10T09:00:00Z', { extraBranch: 60 })];
}

test('an account without a running period takes its prices at its subscription, which bills them', () => {
  const history = historyOf([...openWithCard('2026-02-20T09:00:00Z'), setPrices('2026-02-25T00:00:00Z', { tiers: { pro: 250 } })]);
  assert.equal(stateOf(history).contractPrices.scheduled?.effectiveFrom, '2026-02-25');
  spec.given(history).when(subscribe('pro', 1, '2026-03-01T08:00:00Z')).thenMatch([
    { type: 'ContractPricesTookEffect', data: { periodStart: '2026-03-01', subscriptionPrices: null } },
    { type: 'Subscribed', data: { tierPriceGbp: 250, extraBranchPriceGbp: 100, hibernationFeeGbp: 50 } },
    { type: 'InvoiceIssued', data: { lines: [{ amount: 250 }], total: 300 } },
  ]);
});

test("whether a tier change is an upgrade is judged by the account's own prices", () => {
  // Enterprise at 200 for this account: Pro (300) → Enterprise is cheaper, so it is no upgrade: its
  // lines wait for the next document. Starter at 400: Pro → Starter is dearer, so it invoices at once.
  const cheapEnterprise = historyOf([...openWithCard('2026-02-20T09:00:00Z'), setPrices('2026-02-25T00:00:00Z', { tiers: { enterprise: 200, starter: 400 } }), subscribe('pro', 1, '2026-03-01T08:00:00Z')]);
  spec.given(cheapEnterprise).when(changeTier('enterprise', '2026-03-17T10:00:00Z')).thenMatch([
    { type: 'TierChanged', data: { previousTierPriceGbp: 300, tierPriceGbp: 200 } },
    { type: 'ProrationLineAdded', data: { item: { kind: 'tier_credit', unitAmountGbp: 300 } } },
    { type: 'ProrationLineAdded', data: { item: { kind: 'tier_charge', unitAmountGbp: 200 } } },
  ]);
  spec.given(cheapEnterprise).when(changeTier('starter', '2026-03-17T10:00:00Z')).thenMatch([
    { type: 'TierChanged', data: { tierPriceGbp: 400 } }, { type: 'ProrationLineAdded' }, { type: 'ProrationLineAdded' }, { type: 'InvoiceIssued', data: { reason: 'upgrade' } },
  ]);
});

test('a grace expiry still moves up the catalog to a tier that fits, even one the account pays less for', () => {
  const history = historyOf([
    ...openWithCard('2026-02-20T09:00:00Z'), setPrices('2026-02-25T00:00:00Z', { tiers: { enterprise: 200 } }), subscribe('pro', 1, '2026-03-01T08:00:00Z'),
    reportCount(150, '2026-03-10T08:00:00Z'),
  ]);
  spec.given(history).when(advanceTime('2026-03-17T08:00:00Z')).thenMatch([
    { type: 'GraceEnded', data: { reason: 'expired' } }, { type: 'TierChanged', data: { to: 'enterprise', reason: 'grace_expired', tierPriceGbp: 200 } },
    { type: 'ProrationLineAdded' }, { type: 'ProrationLineAdded' },
  ]);
});

test('a change made before an earlier one took effect replaces it', () => {
  const history = starterFromFirstOfMarch([setPrices('2026-03-10T09:00:00Z', { tiers: { starter: 80 } }), setPrices('2026-03-12T09:00:00Z', { tiers: { starter: 90 } }, '2026-05-01')]);
  assert.deepEqual(history.filter((event) => event.type === 'ContractPricesSet').map((event) => event.data), [
    { setAt: '2026-03-10T09:00:00.000Z', effectiveFrom: '2026-04-01', prices: { tierPricesGbp: { starter: 80 }, extraBranchPriceGbp: null, hibernationFeeGbp: null }, replacedEffectiveFrom: null },
    { setAt: '2026-03-12T09:00:00.000Z', effectiveFrom: '2026-05-01', prices: { tierPricesGbp: { starter: 90 }, extraBranchPriceGbp: null, hibernationFeeGbp: null }, replacedEffectiveFrom: '2026-04-01' },
  ]);
  const totals = spec.given(history).when(advanceTime('2026-05-01T00:00:00Z')).events().flatMap((event) => (event.type === 'InvoiceIssued' ? [event.data.subtotal] : []));
  assert.deepEqual(totals, [100, 90]);
});

test("what a change leaves out is the catalog's again", () => {
  const history = starterFromFirstOfMarch([setPrices('2026-03-10T09:00:00Z', { tiers: { starter: 80 }, extraBranch: 60 }), advanceTime('2026-04-01T00:00:00Z'), setPrices('2026-04-02T09:00:00Z', { tiers: { starter: 80 } })]);
  assert.deepEqual(stateOf(history).subscription?.prices, { ...catalogPrices, tierPriceGbp: 80, extraBranchPriceGbp: 60 });
  const next = stateOf([...history, ...billingAccountDecider.decide(advanceTime('2026-05-01T00:00:00Z'), stateOf(history), contextFactory('n')())]);
  assert.deepEqual(next.subscription?.prices, { ...catalogPrices, tierPriceGbp: 80 });
});

test('a suspended account comes back crediting at the prices it was billed and starting at its new ones', () => {
  // Pro from 1 Mar (h-1 = 360), suspended 16 Mar; Pro at 250 from 20 Mar. Paid 20 Mar:
  // −300 × 12/31 = −116.1 → −116, then the new period at 250: 134 + tax 26.8 → 27 = 161.
  const history = historyOf([
    ...openWithCard('2026-02-20T09:00:00Z'), subscribe('pro', 1, '2026-03-01T08:00:00Z'), failPayment('h-1', '2026-03-01T08:00:01Z'),
    advanceTime('2026-03-16T08:00:01Z'), failPayment('h-1', '2026-03-16T08:00:02Z'), setPrices('2026-03-17T00:00:00Z', { tiers: { pro: 250 } }, '2026-03-20'),
  ]);
  spec.given(history).when(pay('h-1', 360, '2026-03-20T10:00:00Z')).thenMatch([
    { type: 'PaymentRecorded' }, { type: 'InvoicePaid' }, { type: 'ContractPricesTookEffect', data: { periodStart: '2026-03-20' } }, { type: 'AccountReactivated' },
    { type: 'InvoiceIssued', data: { lines: [{ kind: 'tier_credit', unitAmountGbp: 300, amount: -116 }, { kind: 'tier', unitAmountGbp: 250, amount: 250 }], subtotal: 134, total: 161 } },
  ]);
});

test('prices that are not whole pence from 0, an unknown tier or a past effective date are refused, naming each field', () => {
  const state = stateOf(starterFromFirstOfMarch());
  const command = { type: 'SetContractPrices' as const, now: '2026-03-10T09:00:00Z', tierPricesGbp: { gold: 100, pro: -1 }, extraBranchPriceGbp: 1.5, effectiveFrom: '2026-03-09' };
  assert.throws(() => billingAccountDecider.decide(command, state, contextFactory('v')()), (error: unknown) => {
    assert.ok(error instanceof Rejected && error.code === 'VALIDATION_FAILED');
    assert.deepEqual(error.errors?.map((problem) => problem.field), ['tierPrices.gold', 'tierPrices.pro', 'extraBranchPrice', 'effectiveFrom']);
    return true;
  });
  spec.given(starterFromFirstOfMarch()).when(setPrices('2026-03-10T09:00:00Z', {}, '2026-3-20')).thenRejects('VALIDATION_FAILED');
});

test("the account view shows its price book and the change waiting for a period start", () => {
  const view = accountView(stateOf(starterFromFirstOfMarch([setPrices('2026-03-10T09:00:00Z', { tiers: { pro: 250 }, hibernationFee: 0 })])));
  const gbp = (amount: number) => ({ amount, currency: 'GBP' });
  assert.deepEqual(view.prices, {
    tierPrices: { starter: gbp(100), pro: gbp(300), enterprise: gbp(500) }, extraBranchPrice: gbp(100), hibernationFee: gbp(50), contract: null,
    scheduled: {
      effectiveFrom: '2026-04-01', tierPrices: { starter: gbp(100), pro: gbp(250), enterprise: gbp(500) }, extraBranchPrice: gbp(100), hibernationFee: gbp(0),
      contract: { tierPrices: { pro: 250 }, extraBranchPrice: null, hibernationFee: 0 },
    },
  });
});
