// Exchange and tax rates are events; the books answer "the rate in force at instant t".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deciderSpecification } from '../testing/given-when-then';
import { ExchangeRateBook, TaxRateBook } from './rate-books';
import { createTaxRatesDecider, exchangeRatesDecider, taxRatesDecider } from './rates.decider';
import { defaultCatalog } from '../catalog/catalog';
import type { ExchangeRateSet, TaxRateSet } from './rates.events';

const exchange = deciderSpecification(exchangeRatesDecider, () => undefined);
const tax = deciderSpecification(taxRatesDecider, () => undefined);
const eur = (rate: string, effectiveAt: string): ExchangeRateSet => ({ type: 'ExchangeRateSet', data: { currency: 'EUR', rate, effectiveAt, setAt: effectiveAt } });

test('setting a rate records it from now by default', () => {
  exchange.given([]).when({ type: 'SetExchangeRate', currency: 'EUR', rate: '1.17', now: '2026-03-01T09:00:00Z' })
    .then([{ type: 'ExchangeRateSet', data: { currency: 'EUR', rate: '1.17', effectiveAt: '2026-03-01T09:00:00.000Z', setAt: '2026-03-01T09:00:00.000Z' } }]);
});

test('a rate may take effect at a later instant', () => {
  exchange.given([]).when({ type: 'SetExchangeRate', currency: 'USD', rate: '1.25', effectiveAt: '2026-04-01T00:00:00Z', now: '2026-03-01T09:00:00Z' })
    .thenMatch([{ type: 'ExchangeRateSet', data: { effectiveAt: '2026-04-01T00:00:00.000Z', setAt: '2026-03-01T09:00:00.000Z' } }]);
});

test('a rate that is not a positive decimal string is refused', () => {
  for (const rate of ['0', '-1', '1e3', 'abc', '']) exchange.given([]).when({ type: 'SetExchangeRate', currency: 'EUR', rate, now: '2026-03-01T09:00:00Z' }).thenRejects('VALIDATION_FAILED');
});

test('GBP has no settable rate: it is always 1', () => {
  exchange.given([]).when({ type: 'SetExchangeRate', currency: 'GBP', rate: '1', now: '2026-03-01T09:00:00Z' }).thenRejects('VALIDATION_FAILED');
});

test('the book answers the rate in force at an instant, the latest set winning a tie', () => {
  const book = ExchangeRateBook.from([eur('1.10', '2026-01-01T00:00:00.000Z'), eur('1.20', '2026-02-01T00:00:00.000Z'), eur('1.25', '2026-02-01T00:00:00.000Z')]);
  assert.equal(book.rateAt('EUR', '2025-12-31T23:59:59.999Z'), undefined);
  assert.equal(book.rateAt('EUR', '2026-01-15T00:00:00Z'), '1.10');
  assert.equal(book.rateAt('EUR', '2026-02-01T00:00:00Z'), '1.25');
  assert.equal(book.rateAt('GBP', '2000-01-01T00:00:00Z'), '1');
  assert.equal(book.rateAt('USD', '2026-03-01T00:00:00Z'), undefined);
});

test('tax rates must lie in [0, 1)', () => {
  for (const rate of ['1', '1.5', '-0.1', 'x']) tax.given([]).when({ type: 'SetTaxRate', region: 'GB', rate, now: '2026-03-01T09:00:00Z' }).thenRejects('VALIDATION_FAILED');
  tax.given([]).when({ type: 'SetTaxRate', region: 'CA-QC', rate: '0.14975', now: '2026-03-01T09:00:00Z' })
    .then([{ type: 'TaxRateSet', data: { region: 'CA-QC', rate: '0.14975', effectiveAt: '2026-03-01T09:00:00.000Z', setAt: '2026-03-01T09:00:00.000Z' } }]);
});

test('a tax region is a country code with an optional subdivision', () => {
  for (const region of ['gb', 'GBR', 'CA-', 'CA-ONTARIO']) tax.given([]).when({ type: 'SetTaxRate', region, rate: '0.1', now: '2026-03-01T09:00:00Z' }).thenRejects('VALIDATION_FAILED');
});

test('tax falls back from the region to its country to the catalog default to 0', () => {
  const set: TaxRateSet = { type: 'TaxRateSet', data: { region: 'GB', rate: '0.175', effectiveAt: '2026-06-01T00:00:00.000Z', setAt: '2026-06-01T00:00:00.000Z' } };
  const book = TaxRateBook.from([set]);
  assert.equal(book.rateAt('GB', '2026-05-31T00:00:00Z'), '0.20');
  assert.equal(book.rateAt('GB', '2026-06-01T00:00:00Z'), '0.175');
  assert.equal(book.rateAt('GB-SCT', '2026-06-02T00:00:00Z'), '0.175');
  assert.equal(book.rateAt('CA-ON', '2026-06-02T00:00:00Z'), '0.13');
  assert.equal(book.rateAt('CA-QC', '2026-06-02T00:00:00Z'), '0');
  assert.equal(book.rateAt('US', '2026-06-02T00:00:00Z'), '0');
});

test('a tax-rates decider built on another catalog falls back to that catalog\'s defaults', () => {
  const decider = createTaxRatesDecider({ ...defaultCatalog, defaultTaxRates: { GB: '0.15' } });
  assert.equal(decider.initialState().rateAt('GB', '2026-01-01T00:00:00Z'), '0.15');
  assert.equal(decider.initialState().rateAt('IE', '2026-01-01T00:00:00Z'), '0');
});

test('a book in force at an instant keeps the rates of that instant for ever after, ignoring later ones', () => {
  const book = ExchangeRateBook.from([eur('1.10', '2026-01-01T00:00:00.000Z'), eur('1.20', '2026-04-01T00:00:00.000Z')]);
  const now = '2026-03-15T00:00:00.000Z';
  assert.equal(book.rateAt('EUR', '2026-05-01T00:00:00.000Z'), '1.20');
  assert.equal(book.inForceAt(now).rateAt('EUR', '2026-05-01T00:00:00.000Z'), '1.10');
  assert.equal(book.inForceAt(now).rateAt('EUR', now), '1.10');
  assert.equal(ExchangeRateBook.empty().inForceAt(now).rateAt('EUR', now), undefined);
});

test('a tax book in force at an instant ignores later rates and still falls back to the defaults', () => {
  const set = (region: string, rate: string, effectiveAt: string): TaxRateSet => ({ type: 'TaxRateSet', data: { region, rate, effectiveAt, setAt: effectiveAt } });
  const book = TaxRateBook.from([set('GB', '0.2', '2026-01-01T00:00:00.000Z'), set('GB', '0.25', '2026-06-01T00:00:00.000Z'), set('FR', '0.21', '2026-06-01T00:00:00.000Z')]);
  const pinned = book.inForceAt('2026-03-01T00:00:00.000Z');
  assert.equal(pinned.rateAt('GB', '2026-07-01T00:00:00.000Z'), '0.2');
  assert.equal(pinned.rateAt('FR', '2026-07-01T00:00:00.000Z'), defaultCatalog.defaultTaxRates.FR);
  assert.equal(book.rateAt('FR', '2026-07-01T00:00:00.000Z'), '0.21');
});
