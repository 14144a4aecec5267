import { minorUnitsOf } from './currency';
import { toMajorUnits, type Money } from './money';

/**
 * Money as people read it — `£1.45`, `-£0.48`, `€2.88`, `¥120`, `KWD 1.234` — and the one place
 * that does so (documents, email). The amount goes to Intl as an exact decimal string, never as a
 * float, with exactly the currency's minor-unit digits (currency.ts), so that what is printed is
 * what is stored. `narrowSymbol` writes `$` for every dollar: a document that shows amounts also
 * names its currency once in words.
 */
const formats = new Map<string, Intl.NumberFormat>();

function formatFor(currency: string, locale: string): Intl.NumberFormat {
  const key = `${locale} ${currency}`;
  let format = formats.get(key);
  if (!format) {
    const digits = minorUnitsOf(currency);
    format = new Intl.NumberFormat(locale, { style: 'currency', currency, currencyDisplay: 'narrowSymbol', minimumFractionDigits: digits, maximumFractionDigits: digits });
    formats.set(key, format);
  }
  return format;
}

export function formatMoney(money: Money, locale = 'en-GB'): string {
  return formatFor(money.currency, locale).format(toMajorUnits(money.amount, money.currency) as Intl.StringNumericLiteral);
}
