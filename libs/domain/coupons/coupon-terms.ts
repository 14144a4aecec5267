import type { FieldProblem } from '../decider';
import { isInstant, isBefore, normalizeInstant } from '../calendar/calendar';
import { exact } from '../money/rounding';

/**
 * What a coupon gives, as finance wrote it (billing-rules.md, Discounts): a percentage or a fixed
 * amount in GBP pence, for one document, for some months, or for ever. An account that redeems a
 * coupon records these terms in its own stream, so that its documents never depend on the
 * coupon's stream again.
 */
export type DiscountDuration = 'once' | 'repeating' | 'forever';
export const DISCOUNT_DURATIONS: readonly DiscountDuration[] = ['once', 'repeating', 'forever'];

export interface DiscountTerms {
  readonly code: string;
  /** A decimal string, 0 < p ≤ 100, at most two decimals; null for an amount coupon. */
  readonly percentOff: string | null;
  /** GBP pence > 0, converted at issue like a line; null for a percent coupon. */
  readonly amountOffGbp: number | null;
  readonly duration: DiscountDuration;
  /** Months a `repeating` coupon lasts; null otherwise. */
  readonly months: number | null;
}

export const COUPON_CODE_PATTERN = /^[A-Z0-9-]{3,32}$/;
/** What a code may be, in the words every refusal of one uses. */
export const COUPON_CODE_ACCEPTED = '3–32 capital letters, digits or -, such as SPRING-25';
export const PERCENT_OFF_PATTERN = /^(0|[1-9]\d{0,2})(\.\d{1,2})?$/;
export const PERCENT_OFF_ACCEPTED = 'a decimal string with at most two decimals, such as "25" or "12.5"';
/** Limits that keep amounts and counts far inside the safe integer range. */
export const AMOUNT_OFF_GBP_MAX = 100_000_000;
export const MONTHS_MAX = 1_200;
export const MAX_REDEMPTIONS_MAX = 1_000_000_000;

/** What finance sends to create a coupon, before it is checked. */
export interface CouponInput {
  readonly code: unknown;
  readonly percentOff?: unknown;
  readonly amountOffGbp?: unknown;
  readonly duration: unknown;
  readonly months?: unknown;
  readonly redeemBy?: unknown;
  readonly maxRedemptions?: unknown;
}

export function isCouponCode(value: unknown): value is string {
  return typeof value === 'string' && COUPON_CODE_PATTERN.test(value);
}

function percentProblem(value: unknown): string | undefined {
  if (typeof value !== 'string' || !PERCENT_OFF_PATTERN.test(value)) return `percentOff must be ${PERCENT_OFF_ACCEPTED}`;
  const percent = exact(value);
  if (percent.lessThanOrEqualTo(0) || percent.greaterThan(100)) return 'percentOff must be above 0 and at most 100';
  return undefined;
}

function integerProblem(value: unknown, field: string, min: number, max: number): string | undefined {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) return `${field} must be an integer from ${min} to ${max}`;
  return undefined;
}

/** Every problem with the discount itself: exactly one of percent and amount, months only when repeating. */
function discountProblems(input: CouponInput): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const hasPercent = input.percentOff !== undefined && input.percentOff !== null;
  const hasAmount = input.amountOffGbp !== undefined && input.amountOffGbp !== null;
  if (hasPercent === hasAmount) problems.push({ field: hasPercent ? 'amountOff' : 'percentOff', message: 'give exactly one of percentOff and amountOff' });
  const percent = hasPercent ? percentProblem(input.percentOff) : undefined;
  if (percent) problems.push({ field: 'percentOff', message: percent });
  const amount = hasAmount ? integerProblem(input.amountOffGbp, 'amountOff.amount', 1, AMOUNT_OFF_GBP_MAX) : undefined;
  if (amount) problems.push({ field: 'amountOff.amount', message: `${amount} (GBP pence)` });
  if (!(DISCOUNT_DURATIONS as readonly unknown[]).includes(input.duration)) {
    problems.push({ field: 'duration', message: 'duration must be once, repeating or forever' });
  } else if (input.duration === 'repeating') {
    const months = integerProblem(input.months, 'months', 1, MONTHS_MAX);
    if (input.months === undefined || input.months === null) problems.push({ field: 'months', message: 'a repeating coupon needs months (an integer ≥ 1)' });
    else if (months) problems.push({ field: 'months', message: months });
  } else if (input.months !== undefined && input.months !== null) {
    problems.push({ field: 'months', message: `months is only for a repeating coupon; a ${String(input.duration)} coupon takes none` });
  }
  return problems;
}

/** Every problem with a coupon about to be created at `now`, each naming its field. */
export function couponInputProblems(input: CouponInput, now: string): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (!isCouponCode(input.code)) problems.push({ field: 'code', message: `code must be ${COUPON_CODE_ACCEPTED}` });
  problems.push(...discountProblems(input));
  if (input.redeemBy !== undefined && input.redeemBy !== null) {
    if (!isInstant(input.redeemBy)) problems.push({ field: 'redeemBy', message: 'redeemBy must be an ISO-8601 instant with an offset, such as 2026-06-30T23:59:59Z' });
    else if (!isBefore(now, input.redeemBy)) problems.push({ field: 'redeemBy', message: `redeemBy must be later than now (${normalizeInstant(now)})` });
  }
  if (input.maxRedemptions !== undefined && input.maxRedemptions !== null) {
    const max = integerProblem(input.maxRedemptions, 'maxRedemptions', 1, MAX_REDEMPTIONS_MAX);
    if (max) problems.push({ field: 'maxRedemptions', message: max });
  }
  return problems;
}

/** The percentage in its one written form: `"12.50"` and `"12.5"` are both `"12.5"`. */
export function normalizePercent(value: string): string {
  return exact(value).toString();
}
