// UTC calendar helpers and billing periods: anchors kept, days clamped, half-open periods.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { addMonthsClamped, dateOf, daysBetween, daysInMonth, isInstant, normalizeInstant } from './calendar';
import { billingPeriod, periodContains, periodDays, periodIndexOn, remainingDays } from './billing-period';

test('31 Jan anchors give 28/29 Feb then 31 Mar', () => {
  assert.deepEqual([0, 1, 2, 3].map((n) => addMonthsClamped('2026-01-31', n)), ['2026-01-31', '2026-02-28', '2026-03-31', '2026-04-30']);
  assert.equal(addMonthsClamped('2028-01-31', 1), '2028-02-29');
});

test('29 Feb of a leap year anchors on the 29th whenever it exists', () => {
  assert.deepEqual([12, 48].map((n) => addMonthsClamped('2028-02-29', n)), ['2029-02-28', '2032-02-29']);
});

test('a period is half-open and its days count from start to end', () => {
  const period = billingPeriod('2026-03-01', 0);
  assert.deepEqual(period, { start: '2026-03-01', end: '2026-04-01' });
  assert.equal(periodDays(period), 31);
  assert.equal(periodContains(period, '2026-03-01'), true);
  assert.equal(periodContains(period, '2026-04-01'), false);
});

test('a change on the first day has fraction 1, on 17 Mar 15/31', () => {
  const period = billingPeriod('2026-03-01', 0);
  assert.deepEqual(remainingDays(period, '2026-03-01'), { days: 31, periodDays: 31 });
  assert.deepEqual(remainingDays(period, '2026-03-17'), { days: 15, periodDays: 31 });
  assert.throws(() => remainingDays(period, '2026-04-01'), RangeError);
});

test('instants are UTC with an explicit offset and normalise to milliseconds', () => {
  assert.equal(isInstant('2026-03-17T10:00:00Z'), true);
  assert.equal(isInstant('2026-03-17T10:00:00'), false);
  assert.equal(isInstant('2026-03-17'), false);
  assert.equal(normalizeInstant('2026-03-17T23:30:00-01:00'), '2026-03-18T00:30:00.000Z');
  assert.equal(dateOf('2026-03-17T23:59:59.999Z'), '2026-03-17');
});

const anchorArb = fc.record({ year: fc.integer({ min: 2000, max: 2100 }), month: fc.integer({ min: 1, max: 12 }), day: fc.integer({ min: 1, max: 31 }) })
  .map(({ year, month, day }) => `${year}-${String(month).padStart(2, '0')}-${String(Math.min(day, daysInMonth(year, month))).padStart(2, '0')}`);
const lateAnchorArb = fc.record({ year: fc.integer({ min: 2000, max: 2100 }), month: fc.constantFrom(1, 3, 5, 7, 8, 10, 12), day: fc.integer({ min: 29, max: 31 }) })
  .map(({ year, month, day }) => `${year}-${String(month).padStart(2, '0')}-${day}`);

test('property: periods tile time without gaps or overlaps and last 28–31 days', () => {
  fc.assert(fc.property(anchorArb, fc.integer({ min: 0, max: 240 }), (anchor, n) => {
    const period = billingPeriod(anchor, n);
    assert.equal(billingPeriod(anchor, n + 1).start, period.end);
    assert.ok(periodDays(period) >= 28 && periodDays(period) <= 31);
  }));
});

test('property: anchors 29–31 keep their day whenever the month has it, else the month end', () => {
  fc.assert(fc.property(lateAnchorArb, fc.integer({ min: 0, max: 480 }), (anchor, n) => {
    const start = billingPeriod(anchor, n).start;
    const [year, month, day] = start.split('-').map(Number);
    assert.equal(day, Math.min(Number(anchor.slice(8)), daysInMonth(year, month)));
  }));
});

test('property: the period found for a date contains it', () => {
  fc.assert(fc.property(anchorArb, fc.integer({ min: 0, max: 5000 }), (anchor, offset) => {
    const date = dateOf(new Date(Date.parse(`${anchor}T00:00:00Z`) + offset * 86_400_000).toISOString());
    const index = periodIndexOn(anchor, date);
    assert.ok(periodContains(billingPeriod(anchor, index), date));
    assert.equal(daysBetween(anchor, date), offset);
  }));
});
