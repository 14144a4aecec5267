// Rounding money: half-even to the minor unit, decided on the exact value, always a safe integer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { divideHalfEven, exact, exactQuotient, isDecimalString, roundHalfEven } from './rounding';

test('halves round to the even neighbour, in both signs', () => {
  assert.deepEqual(['0.5', '1.5', '2.5', '-0.5', '-1.5', '-2.5', '2.4999', '2.5001'].map((v) => roundHalfEven(v)), [0, 2, 2, 0, -2, -2, 2, 3]);
});

test('rounding never answers negative zero', () => {
  assert.ok(Object.is(roundHalfEven('-0.4'), 0));
  assert.ok(Object.is(divideHalfEven(-1, 4), 0));
});

test('a fraction that is exactly a half rounds to even however it was written', () => {
  // 3 × 31 / 62 = 1.5 and 5 × 31 / 62 = 2.5: both halves, both to 2.
  assert.equal(divideHalfEven(93, 62), 2);
  assert.equal(divideHalfEven(155, 62), 2);
  assert.equal(divideHalfEven('0.15', '0.1'), 2);
});

test('the worked example: 15/31 of £1 and £3', () => {
  assert.equal(divideHalfEven(-1500, 31), -48);
  assert.equal(divideHalfEven(4500, 31), 145);
  assert.ok(exactQuotient(-1500, 31).startsWith('-48.387096774193548387'));
});

test('a terminating quotient is printed in full', () => {
  assert.equal(exactQuotient(1, 8), '0.125');
  assert.equal(exactQuotient('1.1734', 1), '1.1734');
});

test('amounts outside the safe integer range are refused, not rounded', () => {
  assert.throws(() => roundHalfEven('1e20'), RangeError);
});

test('isDecimalString accepts plain decimals only', () => {
  assert.deepEqual(['1', '0.20', '-3.5', '1e3', '.5', '01', ' 1', '1.'].map(isDecimalString), [true, true, true, false, false, false, false, false]);
});

test('property: divideHalfEven is the nearest integer, ties to even', () => {
  fc.assert(fc.property(fc.integer({ min: -10_000_000, max: 10_000_000 }), fc.integer({ min: 1, max: 10_000 }), (n, d) => {
    const rounded = divideHalfEven(n, d);
    assert.ok(Number.isSafeInteger(rounded));
    const distance = exact(n).div(d).minus(rounded).abs();
    assert.ok(distance.lessThanOrEqualTo(0.5));
    if (distance.eq(0.5)) assert.equal(Math.abs(rounded) % 2, 0);
  }));
});

test('property: rounding the printed exact value gives the same amount as rounding the fraction', () => {
  fc.assert(fc.property(fc.integer({ min: -1_000_000, max: 1_000_000 }), fc.integer({ min: 1, max: 31 }), fc.integer({ min: 1, max: 99_999 }), (n, d, rateTenThousandths) => {
    const numerator = exact(n).times(rateTenThousandths).div(10_000);
    assert.equal(roundHalfEven(exactQuotient(numerator, d)), divideHalfEven(numerator, d));
  }));
});

test('property: half-even is symmetric around zero', () => {
  fc.assert(fc.property(fc.integer({ min: -1_000_000, max: 1_000_000 }), fc.integer({ min: 1, max: 1000 }), (n, d) => {
    assert.equal(divideHalfEven(-n, d), -divideHalfEven(n, d) || 0);
  }));
});
