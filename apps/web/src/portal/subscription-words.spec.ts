import assert from 'node:assert/strict';
import { test } from 'node:test';
import { changeSentence, confirmLabel, monthlyPrice, planSentence, situationSentences, withAccountPrices, type AccountInfo, type CatalogInfo } from './subscription-words';

// The vendor's subscription in words: what it pays, what happens next, what a change will do.
const gbp = (amount: number) => ({ amount, currency: 'GBP' });
const catalog: CatalogInfo = {
  tiers: [{ name: 'starter', monthlyPrice: gbp(100), productLimit: 10 }, { name: 'pro', monthlyPrice: gbp(300), productLimit: 100 }, { name: 'enterprise', monthlyPrice: gbp(500), productLimit: null }],
  extraBranchPrice: gbp(100),
  hibernationFee: gbp(50),
};
const options = { locale: 'en-GB', timeZone: 'Europe/London' };
const active: AccountInfo = {
  status: 'active', tier: 'starter', branches: 2, productCount: 4, period: { start: '2026-03-01', end: '2026-04-01' }, grace: null,
  scheduled: { hibernationAt: null, cancellationAt: null }, dunning: null, openInvoices: [], paymentMethod: { gateway: 'sandbox' }, currency: 'GBP',
};

test('the plan and its price', () => {
  assert.deepEqual(monthlyPrice(catalog, 'pro', 3), gbp(500));
  assert.equal(planSentence(active, catalog, options), 'You are on Starter with 2 branches: £2.00 a month before tax.');
  assert.equal(planSentence({ ...active, status: 'hibernating' }, catalog, options), 'You are hibernating on Starter with 2 branches: you pay the hibernation fee of £0.50 a month before tax.');
  assert.equal(planSentence({ ...active, status: 'not_subscribed' }, catalog, options), 'You have no subscription yet.');
});

test('what happens next: renewal, grace, dunning, suspension', () => {
  assert.deepEqual(situationSentences(active, catalog, options), ['It renews on 1 Apr 2026 for £2.00 before tax, billed in advance for the month that follows.']);
  assert.deepEqual(situationSentences({ ...active, currency: 'EUR' }, catalog, options), ['It renews on 1 Apr 2026 for £2.00 before tax, converted to EUR at that day’s rate, billed in advance for the month that follows.']);
  const grace = situationSentences({ ...active, productCount: 14, grace: { startedAt: '2026-03-10T09:00:00Z', endsAt: '2026-03-17T09:00:00Z' } }, catalog, options)[0];
  assert.equal(grace, 'You list 14 products, over Starter’s limit of 10. Unless you bring it down to 10 or fewer by 17 Mar 2026, 09:00, you will be moved to Pro, prorated from then.');
  const pastDue = situationSentences({ ...active, status: 'past_due', dunning: { startedAt: '2026-03-01T08:00:00Z', stepsReached: 0, nextStepAt: '2026-03-02T08:00:00Z' }, openInvoices: [{ amountRemaining: gbp(240), overdue: true }] }, catalog, options)[0];
  assert.match(pastDue, /^A payment failed on 1 Mar 2026, 08:00; £2.40 is overdue. We will try your card again on 2 Mar 2026, 08:00\./);
  assert.match(situationSentences({ ...active, status: 'suspended', openInvoices: [{ amountRemaining: gbp(240), overdue: true }] }, catalog, options)[0], /£2.40 was not paid/);
});

test('each change says what it will do before it is confirmed', () => {
  assert.match(changeSentence({ kind: 'changeTier', tier: 'pro' }, active, catalog, options), /^Pro costs £3.00 a month, Starter £1.00\. The upgrade takes effect now: an invoice is issued at once/);
  assert.match(changeSentence({ kind: 'changeTier', tier: 'starter' }, { ...active, tier: 'pro' }, catalog, options), /on your next invoice; nothing is refunded/);
  assert.equal(changeSentence({ kind: 'changeBranches', delta: 2 }, active, catalog, options), 'Adds 2 branches at £1.00 a month each, from today. The rest of this period is charged on your next invoice, on 1 Apr 2026.');
  assert.match(changeSentence({ kind: 'hibernate' }, active, catalog, options), /on 1 Apr 2026, you pay the hibernation fee of £0.50 a month/);
  assert.match(changeSentence({ kind: 'cancel' }, active, catalog, options), /ends at the end of this period, on 1 Apr 2026/);
  assert.equal(confirmLabel({ kind: 'changeBranches', delta: -1 }), 'Remove 1 branch');
});

test('an account with prices of its own is told its own prices, with the catalog’s limits', () => {
  const own = withAccountPrices(catalog, { tierPrices: { starter: gbp(100), pro: gbp(250), enterprise: gbp(500) }, extraBranchPrice: gbp(80), hibernationFee: gbp(50) });
  assert.deepEqual(monthlyPrice(own, 'pro', 2), gbp(330));
  assert.equal(own.tiers.find((tier) => tier.name === 'pro')?.productLimit, 100);
  assert.match(changeSentence({ kind: 'changeTier', tier: 'pro' }, active, own, options), /^Pro costs £2.50 a month, Starter £1.00\./);
});
