import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { formatExactMinor, formatMoney, minorUnitDigits, shiftDecimal, sumMoney } from './money';

// Money on screen: each currency with its own symbol and minor unit, exactly, in the viewer's locale.
describe('formatMoney', () => {
  test('shows each currency with its symbol and its minor unit', () => {
    assert.equal(formatMoney({ amount: 120, currency: 'GBP' }, { locale: 'en-GB' }), '£1.20');
    assert.equal(formatMoney({ amount: 288, currency: 'EUR' }, { locale: 'en-GB' }), '€2.88');
    assert.equal(formatMoney({ amount: 120, currency: 'JPY' }, { locale: 'en-GB' }), 'JP¥120');
    assert.equal(formatMoney({ amount: 120, currency: 'JPY' }, { locale: 'ja-JP' }), '￥120');
    assert.equal(formatMoney({ amount: 1234, currency: 'BHD' }, { locale: 'en-GB' }), 'BHD\u00a01.234');
  });

  test('follows the locale for separators and position', () => {
    assert.equal(formatMoney({ amount: 123456789, currency: 'EUR' }, { locale: 'de-DE' }), '1.234.567,89\u00a0€');
    assert.equal(formatMoney({ amount: 123456789, currency: 'GBP' }, { locale: 'en-GB' }), '£1,234,567.89');
  });

  test('negative amounts and explicit signs', () => {
    assert.equal(formatMoney({ amount: -48, currency: 'GBP' }, { locale: 'en-GB' }), '-£0.48');
    assert.equal(formatMoney({ amount: 300, currency: 'GBP' }, { locale: 'en-GB', signDisplay: 'always' }), '+£3.00');
    assert.equal(formatMoney({ amount: 0, currency: 'GBP' }, { locale: 'en-GB', signDisplay: 'exceptZero' }), '£0.00');
  });

  test('is exact where a float would not be', () => {
    // 2^53 - 1 pence: dividing by 100 as a float would lose the last digit.
    assert.equal(formatMoney({ amount: 9007199254740991, currency: 'GBP' }, { locale: 'en-GB' }), '£90,071,992,547,409.91');
    assert.throws(() => formatMoney({ amount: 1.5, currency: 'GBP' }), RangeError);
  });
});

describe('formatExactMinor', () => {
  test('shows an exact line value without rounding it', () => {
    assert.equal(formatExactMinor('-48.387096774193548387', 'GBP', { locale: 'en-GB' }), '-£0.48387…');
    assert.equal(formatExactMinor('145.5', 'GBP', { locale: 'en-GB' }), '£1.455');
    assert.equal(formatExactMinor('100', 'GBP', { locale: 'en-GB' }), '£1.00');
    assert.equal(formatExactMinor('120.25', 'JPY', { locale: 'en-GB' }), 'JP¥120.25');
  });
});

describe('decimal shifting', () => {
  test('moves the point exactly', () => {
    assert.equal(shiftDecimal(120, 2), '1.20');
    assert.equal(shiftDecimal(-5, 2), '-0.05');
    assert.equal(shiftDecimal(0, 2), '0.00');
    assert.equal(shiftDecimal('-0', 2), '0.00');
    assert.equal(shiftDecimal(120, 0), '120');
    assert.equal(shiftDecimal('48.387', 2), '0.48387');
  });

  test('knows the minor units', () => {
    assert.equal(minorUnitDigits('GBP'), 2);
    assert.equal(minorUnitDigits('JPY'), 0);
    assert.equal(minorUnitDigits('KWD'), 3);
  });

  test('adds one currency only', () => {
    assert.deepEqual(sumMoney([{ amount: 100, currency: 'GBP' }, { amount: -30, currency: 'GBP' }], 'GBP'), { amount: 70, currency: 'GBP' });
    assert.throws(() => sumMoney([{ amount: 1, currency: 'EUR' }], 'GBP'), /cannot add EUR/);
  });
});
