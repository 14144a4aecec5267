import assert from 'node:assert/strict';
import { test } from 'node:test';
import { discountSentence, priceBookSentence, type DiscountInfo, type PriceBookInfo } from './terms';

// The account's coupon and price book in words, as the console and the portal show them.
const gbp = (amount: number) => ({ amount, currency: 'GBP' });
const options = { locale: 'en-GB' };
const percent: DiscountInfo = { code: 'SPRING-25', percentOff: '25', amountOff: null, duration: 'repeating', months: 3, endsOn: '2026-06-17' };

test('a discount says how much, on which invoices, and its code', () => {
  assert.equal(discountSentence(percent, 'GBP', options), '25% off each invoice issued before 17 Jun 2026, before tax (SPRING-25).');
  assert.equal(discountSentence({ ...percent, percentOff: '12.5', duration: 'forever', months: null, endsOn: null }, 'GBP', options), '12.5% off every invoice, before tax (SPRING-25).');
  assert.equal(discountSentence({ ...percent, percentOff: null, amountOff: gbp(500), duration: 'once', months: null, endsOn: null }, 'EUR', options), '£5.00 off the next invoice, converted to EUR at each issue, before tax (SPRING-25).');
});

test('a price book is the catalog’s, or names each price of its own', () => {
  const catalog: PriceBookInfo = { tierPrices: { starter: gbp(100), pro: gbp(300) }, extraBranchPrice: gbp(100), hibernationFee: gbp(50), contract: null };
  assert.equal(priceBookSentence(catalog, options), 'Catalog prices.');
  const own = { ...catalog, tierPrices: { starter: gbp(100), pro: gbp(250) }, extraBranchPrice: gbp(80), contract: { tierPrices: { pro: 250 }, extraBranchPrice: 80, hibernationFee: null } };
  assert.equal(priceBookSentence(own, options), 'Own prices: Pro £2.50, each extra branch £0.80 a month; the catalog’s for the rest.');
});
