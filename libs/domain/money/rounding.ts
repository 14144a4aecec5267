import Decimal from 'decimal.js';

/**
 * Decimal arithmetic for money. The precision is far above anything an invoice needs so that
 * products of prices, days and exchange rates stay exact; only divisions can produce values that
 * do not terminate, and those are rounded from the exact fraction (see `divideHalfEven`).
 */
export const Exact = Decimal.clone({ precision: 80, rounding: Decimal.ROUND_HALF_EVEN, toExpNeg: -9e15, toExpPos: 9e15 });

/** Significant digits kept in the printed form of a value that does not terminate. */
const printedDigits = 34;

export type DecimalInput = Decimal | string | number;

export function exact(value: DecimalInput): Decimal {
  return new Exact(value);
}

function assertSafeInteger(value: Decimal): number {
  const result = value.toNumber();
  if (!Number.isSafeInteger(result)) throw new RangeError(`amount out of the safe integer range: ${value.toString()}`);
  return result === 0 ? 0 : result;
}

/** Rounds a decimal to an integer, halves to the even neighbour (banker's rounding). */
export function roundHalfEven(value: DecimalInput): number {
  return assertSafeInteger(exact(value).toDecimalPlaces(0, Decimal.ROUND_HALF_EVEN));
}

/** Scales a decimal by a power of ten until it is an integer; returns the integer and the power. */
function toScaledInteger(value: Decimal): { integer: Decimal; scale: number } {
  const scale = value.decimalPlaces();
  return { integer: value.times(exact(10).pow(scale)), scale };
}

/**
 * `numerator ÷ denominator` rounded half-even to an integer, decided on the exact fraction: the
 * remainder of an integer division is compared with half the divisor, so a value of exactly x.5
 * is recognised as such however the quotient would print.
 */
export function divideHalfEven(numerator: DecimalInput, denominator: DecimalInput): number {
  const n = toScaledInteger(exact(numerator));
  const d = toScaledInteger(exact(denominator));
  if (d.integer.isZero()) throw new RangeError('division by zero');
  // Bring both to the same scale so that n/d is N/D with integers N and D.
  const scale = Math.max(n.scale, d.scale);
  const bigN = n.integer.times(exact(10).pow(scale - n.scale));
  const bigD = d.integer.times(exact(10).pow(scale - d.scale));
  const quotient = bigN.divToInt(bigD);
  const remainderTwice = bigN.minus(quotient.times(bigD)).abs().times(2);
  const comparison = remainderTwice.cmp(bigD.abs());
  const awayFromZero = bigN.isNegative() !== bigD.isNegative() ? -1 : 1;
  if (comparison > 0 || (comparison === 0 && !quotient.mod(2).isZero())) return assertSafeInteger(quotient.plus(awayFromZero));
  return assertSafeInteger(quotient);
}

/**
 * The printed form of `numerator ÷ denominator`: every digit when the quotient terminates within
 * the working precision, otherwise 34 significant digits. Amounts are never rounded from this
 * string but from the fraction; the two agree because a fraction with a small denominator cannot
 * lie within 10⁻³⁰ of a half without being one.
 */
export function exactQuotient(numerator: DecimalInput, denominator: DecimalInput): string {
  const n = exact(numerator);
  const d = exact(denominator);
  const quotient = n.div(d);
  const terminates = quotient.times(d).eq(n) && quotient.decimalPlaces() < 60;
  return (terminates ? quotient : quotient.toSignificantDigits(printedDigits)).toString();
}

/** True when a string is a plain decimal number such as `1.1734` or `-3` (no exponent, no spaces). */
export function isDecimalString(value: unknown): value is string {
  return typeof value === 'string' && /^-?(0|[1-9]\d*)(\.\d+)?$/.test(value);
}
