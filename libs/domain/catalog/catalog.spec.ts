// The catalog's defaults are the ones billing-rules.md lists, and tier lookups follow them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultCatalog, fitsTier, smallestTierFitting } from './catalog';

test('the defaults are the published price book', () => {
  assert.deepEqual(defaultCatalog.tiers.map((t) => [t.name, t.priceGbp, t.productLimit]), [['starter', 100, 10], ['pro', 300, 100], ['enterprise', 500, null]]);
  assert.equal(defaultCatalog.extraBranchPriceGbp, 100);
  assert.equal(defaultCatalog.hibernationFeeGbp, 50);
  assert.equal(defaultCatalog.graceDays, 7);
  assert.deepEqual(defaultCatalog.retryScheduleDays, [1, 3, 7, 15]);
  assert.equal(defaultCatalog.paymentDueDays, 7);
  assert.deepEqual(defaultCatalog.defaultTaxRates, { GB: '0.20', IE: '0.23', FR: '0.20', DE: '0.19', 'CA-ON': '0.13' });
});

test('the smallest tier that fits a count', () => {
  assert.deepEqual([0, 10, 11, 100, 101, 1_000_000].map((count) => smallestTierFitting(defaultCatalog, count)?.name), ['starter', 'starter', 'pro', 'pro', 'enterprise', 'enterprise']);
  assert.equal(fitsTier(defaultCatalog.tiers[0], 11), false);
});
