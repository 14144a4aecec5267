/**
 * Money on screen, formatted in one place. Amounts arrive as integers of the currency's minor
 * unit ({ amount: 120, currency: 'GBP' } is £1.20; JPY has no minor unit, so 120 is ¥120) and
 * are turned into an exact decimal string before Intl.NumberFormat sees them: no float ever
 * stands between the ledger's integer and the text a person reads.
 */
export interface MoneyAmount {
  readonly amount: number;
  readonly currency: string;
}

export interface MoneyFormatOptions {
  /** BCP 47 locale; the viewer's when omitted. */
  readonly locale?: string;
  /** `always` puts a + on positive amounts (movements, deltas). */
  readonly signDisplay?: 'auto' | 'always' | 'exceptZero';
  /** Digits beyond the minor unit, for exact values such as 48.387096…p. */
  readonly extraDigits?: number;
}

const digitsCache = new Map<string, number>();
const formatters = new Map<string, Intl.NumberFormat>();

/** Digits of the currency's minor unit as ISO 4217 (through Intl) has it: GBP 2, JPY 0, BHD 3. */
export function minorUnitDigits(currency: string): number {
  let digits = digitsCache.get(currency);
  if (digits === undefined) {
    digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
    digitsCache.set(currency, digits);
  }
  return digits;
}

/**
 * A decimal string of minor units ("-4838.7096774…" or an integer) moved `digits` places to the
 * left, exactly: "120" with 2 digits is "1.20", "-5" is "-0.05".
 */
export function shiftDecimal(value: string | number, digits: number): string {
  const text = typeof value === 'number' ? integerText(value) : value.trim();
  const match = /^([+-]?)(\d+)(?:\.(\d+))?$/.exec(text);
  if (!match) throw new RangeError(`not a decimal number: ${text}`);
  const [, sign, whole, fraction = ''] = match;
  const padded = whole.padStart(digits + 1, '0');
  const integer = padded.slice(0, padded.length - digits).replace(/^0+(?=\d)/, '');
  const moved = padded.slice(padded.length - digits) + fraction;
  const negative = sign === '-' && /[1-9]/.test(integer + moved);
  return `${negative ? '-' : ''}${integer}${moved.length > 0 ? `.${moved}` : ''}`;
}

function integerText(amount: number): string {
  if (!Number.isSafeInteger(amount)) throw new RangeError(`an amount in minor units must be a safe integer, got ${amount}`);
  return String(amount);
}

function formatter(currency: string, options: MoneyFormatOptions, fractionDigits: number): Intl.NumberFormat {
  const key = `${options.locale ?? ''}|${currency}|${options.signDisplay ?? 'auto'}|${fractionDigits}`;
  let found = formatters.get(key);
  if (!found) {
    found = new Intl.NumberFormat(options.locale, {
      style: 'currency',
      currency,
      signDisplay: options.signDisplay ?? 'auto',
      minimumFractionDigits: Math.min(fractionDigits, minorUnitDigits(currency)),
      maximumFractionDigits: fractionDigits,
    });
    formatters.set(key, found);
  }
  return found;
}

/** £1.20, €2.88, ¥120, -£0.48; with `extraDigits`, an exact value such as £0.48387. */
export function formatMoney(money: MoneyAmount, options: MoneyFormatOptions = {}): string {
  const digits = minorUnitDigits(money.currency);
  const decimal = shiftDecimal(money.amount, digits);
  return formatter(money.currency, options, digits).format(decimal as Intl.StringNumericLiteral);
}

/**
 * An exact value in minor units (a decimal string, as invoice lines keep it beside the rounded
 * amount), shown to `digits + extraDigits` places, truncated toward zero and marked with an
 * ellipsis when more digits exist, so that the exact figure is never shown rounded.
 */
export function formatExactMinor(exact: string, currency: string, options: MoneyFormatOptions = {}): string {
  const digits = minorUnitDigits(currency);
  const extra = options.extraDigits ?? 4;
  const decimal = shiftDecimal(exact, digits);
  const [whole, fraction = ''] = decimal.split('.');
  const kept = fraction.slice(0, digits + extra);
  const more = fraction.slice(digits + extra).replace(/0+$/, '').length > 0;
  const shown = kept.length > 0 ? `${whole}.${kept}` : whole;
  const text = formatter(currency, options, Math.max(digits, kept.replace(/0+$/, '').length)).format(shown as Intl.StringNumericLiteral);
  return more ? `${text}…` : text;
}

/** Sums amounts of one currency; refuses to add two currencies together. */
export function sumMoney(amounts: readonly MoneyAmount[], currency: string): MoneyAmount {
  let total = 0;
  for (const money of amounts) {
    if (money.currency !== currency) throw new RangeError(`cannot add ${money.currency} to ${currency}`);
    total += money.amount;
  }
  if (!Number.isSafeInteger(total)) throw new RangeError('the sum is out of the safe integer range');
  return { amount: total, currency };
}
