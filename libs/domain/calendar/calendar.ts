/**
 * UTC calendar arithmetic. Instants are ISO-8601 strings; dates are `YYYY-MM-DD` strings. Every
 * function takes its time as an argument: the domain never reads the clock.
 */
export type IsoDate = string;
export type Instant = string;

const msPerDay = 24 * 60 * 60 * 1000;
const instantPattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const datePattern = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A full ISO-8601 instant with an explicit offset; a bare date or local time is ambiguous. */
export function isInstant(value: unknown): value is Instant {
  return typeof value === 'string' && instantPattern.test(value) && !Number.isNaN(Date.parse(value));
}

export function isIsoDate(value: unknown): value is IsoDate {
  if (typeof value !== 'string') return false;
  const match = datePattern.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

export function toEpochMs(instant: Instant): number {
  // isInstant's test, parsing once: every fold compares instants, so this runs for every event.
  const ms = typeof instant === 'string' ? Date.parse(instant) : Number.NaN;
  if (Number.isNaN(ms) || !instantPattern.test(instant)) throw new RangeError(`not an ISO-8601 instant: ${instant}`);
  return ms;
}

/** The one spelling the domain writes into events: `2026-03-17T10:00:00.000Z`. */
export function normalizeInstant(instant: Instant): Instant {
  return new Date(toEpochMs(instant)).toISOString();
}

export function compareInstants(a: Instant, b: Instant): number {
  return Math.sign(toEpochMs(a) - toEpochMs(b));
}

export function isBefore(a: Instant, b: Instant): boolean {
  return toEpochMs(a) < toEpochMs(b);
}

export function isAtOrBefore(a: Instant, b: Instant): boolean {
  return toEpochMs(a) <= toEpochMs(b);
}

export function earliest(instants: readonly (Instant | null | undefined)[]): Instant | undefined {
  let best: Instant | undefined;
  for (const instant of instants) {
    if (instant && (best === undefined || isBefore(instant, best))) best = instant;
  }
  return best;
}

export function addDays(instant: Instant, days: number): Instant {
  return new Date(toEpochMs(instant) + days * msPerDay).toISOString();
}

/** The UTC calendar date an instant falls on. */
export function dateOf(instant: Instant): IsoDate {
  return new Date(toEpochMs(instant)).toISOString().slice(0, 10);
}

/** Midnight UTC at the start of a date, as an instant. */
export function startOf(date: IsoDate): Instant {
  assertDate(date);
  return `${date}T00:00:00.000Z`;
}

function assertDate(date: IsoDate): void {
  if (!isIsoDate(date)) throw new RangeError(`not a YYYY-MM-DD date: ${date}`);
}

function dateEpochDay(date: IsoDate): number {
  assertDate(date);
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / msPerDay;
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return dateEpochDay(to) - dateEpochDay(from);
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Days in a month, `month` counted from 1. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

/**
 * `anchor` plus `months` calendar months, the day clamped to the target month's length. The day
 * is always taken from the anchor, never from an earlier clamped result, so 31 Jan gives 28 or 29
 * Feb and then 31 Mar again.
 */
export function addMonthsClamped(anchor: IsoDate, months: number): IsoDate {
  assertDate(anchor);
  if (!Number.isInteger(months)) throw new RangeError(`months must be an integer, got ${months}`);
  const monthIndex = Number(anchor.slice(0, 4)) * 12 + Number(anchor.slice(5, 7)) - 1 + months;
  const year = Math.floor(monthIndex / 12);
  const month = monthIndex - year * 12 + 1;
  const day = Math.min(Number(anchor.slice(8, 10)), daysInMonth(year, month));
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}
