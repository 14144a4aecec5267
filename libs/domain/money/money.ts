import { isCurrencyCode, minorUnitsOf } from './currency';
import { exact, roundHalfEven, type DecimalInput } from './rounding';

/** An amount in integer minor units (pence, cents, yen) of an ISO 4217 currency. Never a float. */
export interface Money {
  readonly amount: number;
  readonly currency: string;
}

export function money(amount: number, currency: string): Money {
  if (!Number.isSafeInteger(amount)) throw new RangeError(`money must be an integer of minor units, got ${amount}`);
  if (!isCurrencyCode(currency)) throw new RangeError(`not an ISO 4217 code: ${currency}`);
  return { amount: amount === 0 ? 0 : amount, currency };
}

export function isMoney(value: unknown): value is Money {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Record<string, unknown>;
  return typeof candidate.amount === 'number' && Number.isSafeInteger(candidate.amount) && isCurrencyCode(candidate.currency);
}

function sameCurrency(a: Money, b: Money): void {
  if (a.currency !== b.currency) throw new RangeError(`currency mismatch: ${a.currency} and ${b.currency}`);
}

export function addMoney(a: Money, b: Money): Money {
  sameCurrency(a, b);
  return money(a.amount + b.amount, a.currency);
}

export function subtractMoney(a: Money, b: Money): Money {
  sameCurrency(a, b);
  return money(a.amount - b.amount, a.currency);
}

export function sumAmounts(amounts: readonly number[]): number {
  let total = 0;
  for (const amount of amounts) total += amount;
  if (!Number.isSafeInteger(total)) throw new RangeError('sum out of the safe integer range');
  return total;
}

/** `-amount` without the negative zero that JSON cannot carry (a replay would read back +0). */
export function negate(amount: number): number {
  return amount === 0 ? 0 : -amount;
}

export function zero(currency: string): Money {
  return money(0, currency);
}

/** Converts an amount in major units (pounds, euros) to minor units, rounding half-even. */
export function fromMajorUnits(value: DecimalInput, currency: string): Money {
  const scaled = exact(value).times(exact(10).pow(minorUnitsOf(currency)));
  return money(roundHalfEven(scaled), currency);
}

/**
 * An amount of minor units as a decimal string of major units, with exactly the currency's
 * decimals: 120 GBP → "1.20", -5 GBP → "-0.05", 228 JPY → "228", 1005 KWD → "1.005". Exact (no
 * float is involved), so `fromMajorUnits` gives the same amount back.
 */
export function toMajorUnits(amount: number, currency: string): string {
  if (!Number.isSafeInteger(amount)) throw new RangeError(`amount must be an integer of minor units, not ${amount}`);
  const decimals = minorUnitsOf(currency);
  const digits = String(Math.abs(amount)).padStart(decimals + 1, '0');
  const major = decimals === 0 ? digits : `${digits.slice(0, -decimals)}.${digits.slice(-decimals)}`;
  return amount < 0 ? `-${major}` : major;
}
