// Tier changes prorate by day: credit the old tier, charge the new, each line rounded half-even on its own.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { accountSpec, advanceTime, openWithCard, changeTier, hibernate, historyOf, open, reportCount, starterFromFirstOfMarch, subscribe } from './billing-account.fixtures';
import type { InvoiceIssuedData } from './billing-account.events';

const spec = accountSpec();
const starter = starterFromFirstOfMarch();

test('worked example: Starter from 1 Mar upgraded to Pro on 17 Mar bills 97p plus tax at once', () => {
  const credit = { itemId: 'id-1', kind: 'tier_credit' as const, description: 'Unused time on Starter', quantity: -1, unitAmountGbp: 100, days: 15, periodDays: 31, exactGbp: '-48.38709677419354838709677419354839' };
  const charge = { itemId: 'id-2', kind: 'tier_charge' as const, description: 'Remaining time on Pro', quantity: 1, unitAmountGbp: 300, days: 15, periodDays: 31, exactGbp: '145.1612903225806451612903225806452' };
  const at = '2026-03-17T12:00:00.000Z';
  spec.given(starter).when(changeTier('pro', at)).then([
    { type: 'TierChanged', data: { from: 'starter', to: 'pro', reason: 'manual', changedAt: at, previousTierPriceGbp: 100, tierPriceGbp: 300 } },
    { type: 'ProrationLineAdded', data: { addedAt: at, item: { ...credit, effectiveDate: '2026-03-17' } } },
    { type: 'ProrationLineAdded', data: { addedAt: at, item: { ...charge, effectiveDate: '2026-03-17' } } },
    {
      type: 'InvoiceIssued',
      data: {
        invoiceId: 'id-3', kind: 'invoice', reason: 'upgrade', issuedAt: at, periodStart: null, periodEnd: null, currency: 'GBP',
        lines: [{ ...credit, exact: credit.exactGbp, amount: -48 }, { ...charge, exact: charge.exactGbp, amount: 145 }],
        subtotal: 97, taxRate: '0.20', taxRegion: 'GB', tax: 19, total: 116, exchangeRate: '1', creditApplied: 0, amountDue: 116, dueAt: at, refundOf: null,
      },
    },
  ]);
});

test('a change on the period\'s first day has fraction 1: all of the old credited, all of the new charged', () => {
  const renewed = starterFromFirstOfMarch([advanceTime('2026-04-01T00:00:00Z')]);
  spec.given(renewed).when(changeTier('pro', '2026-04-01T09:00:00Z')).thenMatch([
    { type: 'TierChanged' },
    { type: 'ProrationLineAdded', data: { item: { days: 30, periodDays: 30, exactGbp: '-100' } } },
    { type: 'ProrationLineAdded', data: { item: { days: 30, periodDays: 30, exactGbp: '300' } } },
    { type: 'InvoiceIssued', data: { subtotal: 200, tax: 40, total: 240 } },
  ]);
});

test('a downgrade leaves its lines pending for the next invoice, the renewal', () => {
  const pro = historyOf([...openWithCard('2026-02-20T09:00:00Z'), subscribe('pro', 1, '2026-03-01T08:00:00Z'), changeTier('starter', '2026-03-17T12:00:00Z')]);
  assert.deepEqual(pro.slice(-3).map((event) => event.type), ['TierChanged', 'ProrationLineAdded', 'ProrationLineAdded']);
  const [, renewal] = spec.given(pro).when(advanceTime('2026-04-01T00:00:00Z')).thenMatch([
    { type: 'PeriodRenewed', data: { periodIndex: 1, periodStart: '2026-04-01', periodEnd: '2026-05-01' } },
    { type: 'InvoiceIssued', data: { reason: 'renewal', issuedAt: '2026-04-01T00:00:00.000Z', subtotal: 100 - 145 + 48 } },
  ]);
  assert.deepEqual((renewal.data as InvoiceIssuedData).lines.map((line) => [line.kind, line.amount]), [['tier', 100], ['tier_credit', -145], ['tier_charge', 48]]);
});

test('several changes in one period each prorate from their own date against the state before them', () => {
  const history = starterFromFirstOfMarch([changeTier('pro', '2026-03-10T00:00:00Z')]);
  spec.given(history).when(changeTier('enterprise', '2026-03-20T00:00:00Z')).thenMatch([
    { type: 'TierChanged', data: { from: 'pro', to: 'enterprise', previousTierPriceGbp: 300, tierPriceGbp: 500 } },
    { type: 'ProrationLineAdded', data: { item: { description: 'Unused time on Pro', days: 12, unitAmountGbp: 300 } } },
    { type: 'ProrationLineAdded', data: { item: { description: 'Remaining time on Enterprise', days: 12, unitAmountGbp: 500 } } },
    // −300 × 12/31 = −116.13 → −116; +500 × 12/31 = 193.55 → 194.
    { type: 'InvoiceIssued', data: { subtotal: 78, tax: 16, total: 94 } },
  ]);
});

test('an upgrade carries every pending item; pending credits that outweigh it make a credit note', () => {
  const pro = historyOf([
    ...openWithCard('2026-02-20T09:00:00Z'), subscribe('enterprise', 1, '2026-03-01T08:00:00Z'), changeTier('starter', '2026-03-02T12:00:00Z'),
  ]);
  // Pending: −500 × 30/31 = −483.87 → −484, +100 × 30/31 = 96.77 → 97. Upgrade on 31 Mar: −100/31 → −3, +300/31 → 10.
  spec.given(pro).when(changeTier('pro', '2026-03-31T12:00:00Z')).thenMatch([
    { type: 'TierChanged' }, { type: 'ProrationLineAdded' }, { type: 'ProrationLineAdded' },
    { type: 'InvoiceIssued', data: { kind: 'credit_note', reason: 'upgrade', subtotal: -380, tax: -76, total: -456, creditApplied: 0, amountDue: 0, dueAt: null } },
  ]);
});

test('the credit note\'s total becomes account credit, applied to the next invoice', () => {
  const history = historyOf([
    ...openWithCard('2026-02-20T09:00:00Z'), subscribe('enterprise', 1, '2026-03-01T08:00:00Z'), changeTier('starter', '2026-03-02T12:00:00Z'), changeTier('pro', '2026-03-31T12:00:00Z'),
  ]);
  spec.given(history).when(advanceTime('2026-04-01T00:00:00Z')).thenMatch([
    { type: 'PeriodRenewed' },
    { type: 'InvoiceIssued', data: { subtotal: 300, tax: 60, total: 360, creditApplied: 360, amountDue: 0 } },
    { type: 'InvoicePaid', data: { paidAt: '2026-04-01T00:00:00.000Z' } },
  ]);
});

test('a downgrade is refused while the product count is above the lower tier\'s limit', () => {
  const pro = historyOf([open('2026-02-20T09:00:00Z'), subscribe('pro', 1, '2026-03-01T08:00:00Z'), reportCount(11, '2026-03-02T00:00:00Z')]);
  spec.given(pro).when(changeTier('starter', '2026-03-03T00:00:00Z')).thenRejects('PRODUCT_LIMIT_EXCEEDED');
});

test('an upgrade is never refused for the product count', () => {
  const over = starterFromFirstOfMarch([reportCount(500, '2026-03-02T00:00:00Z')]);
  spec.given(over).when(changeTier('pro', '2026-03-03T00:00:00Z')).thenMatch([
    { type: 'TierChanged', data: { to: 'pro' } }, { type: 'ProrationLineAdded' }, { type: 'ProrationLineAdded' }, { type: 'InvoiceIssued' },
  ]);
});

test('changing to the current tier is refused', () => {
  spec.given(starter).when(changeTier('starter', '2026-03-03T00:00:00Z')).thenRejects('TIER_UNCHANGED');
});

test('tier changes need a live subscription that is not hibernating', () => {
  spec.given(historyOf([open('2026-02-20T09:00:00Z')])).when(changeTier('pro', '2026-03-03T00:00:00Z')).thenRejects('NOT_SUBSCRIBED');
  spec.given(starterFromFirstOfMarch([hibernate('2026-03-02T00:00:00Z')])).when(changeTier('pro', '2026-04-03T00:00:00Z')).thenRejects('INVALID_STATE');
  spec.given(starter).when(changeTier('gold', '2026-03-03T00:00:00Z')).thenRejects('VALIDATION_FAILED');
});
