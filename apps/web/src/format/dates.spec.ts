import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { addDays, formatCalendarDate, formatInstant, formatInstantLong, formatUtc, localInputToInstant, utcDate } from './dates';

// Dates on screen: instants in the viewer's zone with UTC beside them, calendar dates never shifted.
describe('instants', () => {
  test('are shown in the zone asked for', () => {
    const iso = '2026-03-17T23:30:00.000Z';
    assert.equal(formatInstant(iso, { locale: 'en-GB', timeZone: 'Europe/London' }), '17 Mar 2026, 23:30');
    assert.equal(formatInstant(iso, { locale: 'en-GB', timeZone: 'Asia/Tokyo' }), '18 Mar 2026, 08:30');
    assert.equal(formatInstant(iso, { locale: 'en-GB', timeZone: 'America/New_York' }), '17 Mar 2026, 19:30');
  });

  test('say their zone in the long form, and UTC on hover', () => {
    assert.equal(formatInstantLong('2026-07-01T12:00:05Z', { locale: 'en-GB', timeZone: 'Europe/London' }), '1 Jul 2026, 13:00:05 BST');
    assert.equal(formatUtc('2026-07-01T12:00:05.123Z'), '2026-07-01 12:00:05 UTC');
  });

  test('refuse what is not an instant', () => {
    assert.throws(() => formatInstant('yesterday'), RangeError);
  });
});

describe('calendar dates', () => {
  test('are the same day in every zone', () => {
    assert.equal(formatCalendarDate('2026-03-01', { locale: 'en-GB' }), '1 Mar 2026');
    assert.equal(formatCalendarDate('2026-03-01', { locale: 'en-US' }), 'Mar 1, 2026');
  });

  test('count days in UTC', () => {
    assert.equal(addDays('2026-03-01', -1), '2026-02-28');
    assert.equal(addDays('2024-02-28', 1), '2024-02-29');
    assert.equal(utcDate(new Date('2026-03-17T23:59:59Z')), '2026-03-17');
  });

  test('read a local date-time input as an instant', () => {
    assert.equal(localInputToInstant(''), undefined);
    assert.equal(localInputToInstant('2026-03-17'), undefined);
    assert.match(localInputToInstant('2026-03-17T14:05') ?? '', /^2026-03-1[78]T\d{2}:05:00\.000Z$/);
  });
});
