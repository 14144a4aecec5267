import { addMonthsClamped, daysBetween, isAtOrBefore, startOf, type Instant, type IsoDate } from './calendar';

/** A billing period: UTC dates, half-open [start, end). */
export interface BillingPeriod {
  readonly start: IsoDate;
  readonly end: IsoDate;
}

/** Period n of a subscription anchored on `anchor` starts at anchor + n months, day clamped. */
export function billingPeriod(anchor: IsoDate, index: number): BillingPeriod {
  if (!Number.isInteger(index) || index < 0) throw new RangeError(`period index must be a natural number, got ${index}`);
  return { start: addMonthsClamped(anchor, index), end: addMonthsClamped(anchor, index + 1) };
}

export function periodDays(period: BillingPeriod): number {
  return daysBetween(period.start, period.end);
}

/** Whether a date lies in the half-open period. */
export function periodContains(period: BillingPeriod, date: IsoDate): boolean {
  return daysBetween(period.start, date) >= 0 && daysBetween(date, period.end) > 0;
}

/** The index of the period that contains `date` (which must not precede the anchor). */
export function periodIndexOn(anchor: IsoDate, date: IsoDate): number {
  if (daysBetween(anchor, date) < 0) throw new RangeError(`${date} precedes the anchor ${anchor}`);
  // A month is at least 28 days, so this estimate never overshoots; walk forward from it.
  let index = Math.floor(daysBetween(anchor, date) / 31);
  while (!periodContains(billingPeriod(anchor, index), date)) index += 1;
  return index;
}

/** The instant a period ends (its renewal instant): midnight UTC of its end date. */
export function periodEndInstant(period: BillingPeriod): Instant {
  return startOf(period.end);
}

/** Whether `instant` has reached the end of the period. */
export function periodHasEndedBy(period: BillingPeriod, instant: Instant): boolean {
  return isAtOrBefore(periodEndInstant(period), instant);
}

/**
 * The proration fraction of a change effective on `date` inside `period`, as whole days:
 * (end − date) ÷ (end − start). The date itself counts as changed, so a change on the first day
 * has fraction 1.
 */
export function remainingDays(period: BillingPeriod, date: IsoDate): { days: number; periodDays: number } {
  if (!periodContains(period, date)) throw new RangeError(`${date} is outside [${period.start}, ${period.end})`);
  return { days: daysBetween(date, period.end), periodDays: periodDays(period) };
}
