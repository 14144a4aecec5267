// Money values are integer minor units of a known currency; helpers refuse anything else.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { minorUnitsOf } from './currency';
import { addMoney, fromMajorUnits, isMoney, money, subtractMoney, sumAmounts, toMajorUnits } from './money';
import { formatMoney } from './format';

test('minor units: JPY has none, GBP EUR USD CAD two, KWD three', () => {
  assert.deepEqual(['JPY', 'GBP', 'EUR', 'USD', 'CAD', 'KWD', 'SEK'].map(minorUnitsOf), [0, 2, 2, 2, 2, 3, 2]);
});

test('money refuses floats and bad currency codes', () => {
  assert.throws(() => money(1.5, 'GBP'), RangeError);
  assert.throws(() => money(1, 'gbp'), RangeError);
  assert.deepEqual(money(145, 'GBP'), { amount: 145, currency: 'GBP' });
});

test('adding money of two currencies is a bug', () => {
  assert.throws(() => addMoney(money(1, 'GBP'), money(1, 'EUR')), RangeError);
  assert.deepEqual(subtractMoney(money(5, 'EUR'), money(7, 'EUR')), { amount: -2, currency: 'EUR' });
});

test('major units convert with half-even rounding per currency', () => {
  assert.deepEqual(fromMajorUnits('1.005', 'GBP'), { amount: 100, currency: 'GBP' });
  assert.deepEqual(fromMajorUnits('1.015', 'GBP'), { amount: 102, currency: 'GBP' });
  assert.deepEqual(fromMajorUnits('150.5', 'JPY'), { amount: 150, currency: 'JPY' });
});

test('isMoney recognises the contract shape only', () => {
  assert.equal(isMoney({ amount: 1, currency: 'GBP' }), true);
  assert.equal(isMoney({ amount: 1.2, currency: 'GBP' }), false);
  assert.equal(isMoney({ amount: '1', currency: 'GBP' }), false);
});

test('property: a sum of money is never a float', () => {
  fc.assert(fc.property(fc.array(fc.integer({ min: -1e9, max: 1e9 })), (amounts) => {
    assert.ok(Number.isSafeInteger(sumAmounts(amounts)));
  }));
});

test('money is formatted with its symbol and exactly its minor-unit digits', () => {
  const cases: Array<[number, string, string]> = [
    [145, 'GBP', '£1.45'], [-48, 'GBP', '-£0.48'], [0, 'GBP', '£0.00'], [5, 'EUR', '€0.05'], [120, 'JPY', '¥120'],
    [-1234567, 'JPY', '-¥1,234,567'], [1234, 'KWD', 'KWD\u00a01.234'], [100, 'CAD', '$1.00'], [123456789012345, 'USD', '$1,234,567,890,123.45'],
  ];
  for (const [amount, currency, text] of cases) assert.equal(formatMoney({ amount, currency }), text, `${amount} ${currency}`);
});

test('formatting goes through an exact decimal: any safe integer of pence prints its own digits', () => {
  fc.assert(
    fc.property(fc.integer({ min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }), (amount) => {
      const text = formatMoney({ amount, currency: 'GBP' });
      assert.equal(text.replace(/[^0-9]/g, ''), String(Math.abs(amount)).padStart(3, '0'));
      assert.equal(text.startsWith('-'), amount < 0);
    }),
  );
});

test('minor units print as major units with the currency\'s decimals', () => {
  assert.deepEqual(
    [toMajorUnits(120, 'GBP'), toMajorUnits(-5, 'GBP'), toMajorUnits(0, 'EUR'), toMajorUnits(228, 'JPY'), toMajorUnits(-228, 'JPY'), toMajorUnits(1005, 'KWD'), toMajorUnits(7, 'KWD')],
    ['1.20', '-0.05', '0.00', '228', '-228', '1.005', '0.007'],
  );
  assert.throws(() => toMajorUnits(1.5, 'GBP'), RangeError);
});

test('property: printing as major units and reading back gives the same amount', () => {
  fc.assert(fc.property(fc.integer({ min: -1e15, max: 1e15 }), fc.constantFrom('GBP', 'JPY', 'KWD', 'EUR'), (amount, currency) => {
    const text = toMajorUnits(amount, currency);
    assert.match(text, /^-?\d+(\.\d+)?$/);
    assert.deepEqual(fromMajorUnits(text, currency), money(amount, currency));
  }));
});
