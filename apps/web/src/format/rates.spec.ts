import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatPercent } from './rates';

// Tax rates as percentages, digit for digit.
test('a rate is shown as a percentage without rounding', () => {
  assert.equal(formatPercent('0.20'), '20%');
  assert.equal(formatPercent('0.2'), '20%');
  assert.equal(formatPercent('0.13'), '13%');
  assert.equal(formatPercent('0.135'), '13.5%');
  assert.equal(formatPercent('0'), '0%');
  assert.equal(formatPercent('0.0725'), '7.25%');
  assert.equal(formatPercent('1'), '100%');
  assert.throws(() => formatPercent('twenty'), RangeError);
});
