/**
 * ISO 4217 minor units. Most currencies have two decimals; the table lists the exceptions we know
 * of, and any other three-letter code defaults to two, which is what Stripe assumes too.
 */
const minorUnitExceptions: Readonly<Record<string, number>> = {
  BIF: 0, CLP: 0, DJF: 0, GNF: 0, ISK: 0, JPY: 0, KMF: 0, KRW: 0, PYG: 0, RWF: 0, UGX: 0, VND: 0,
  VUV: 0, XAF: 0, XOF: 0, XPF: 0,
  BHD: 3, IQD: 3, JOD: 3, KWD: 3, LYD: 3, OMR: 3, TND: 3,
};

/** The currency the price book is written in. */
export const BOOK_CURRENCY = 'GBP';

export function isCurrencyCode(value: unknown): value is string {
  return typeof value === 'string' && /^[A-Z]{3}$/.test(value);
}

/** Decimal places of the currency's minor unit: 2 for GBP (pence), 0 for JPY. */
export function minorUnitsOf(currency: string): number {
  if (!isCurrencyCode(currency)) throw new RangeError(`not an ISO 4217 code: ${String(currency)}`);
  return minorUnitExceptions[currency] ?? 2;
}
