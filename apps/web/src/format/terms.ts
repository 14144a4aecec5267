import { formatCalendarDate } from './dates';
import { formatMoney, type MoneyAmount } from './money';

/**
 * An account's own terms in words, for the console and the portal alike: the coupon it redeemed
 * (billing-rules.md, Discounts) and its price book when finance gave it prices of its own
 * (Contract prices). The numbers are the API's; these only say them.
 */
export interface DiscountInfo {
  readonly code: string;
  readonly percentOff: string | null;
  readonly amountOff: MoneyAmount | null;
  readonly duration: 'once' | 'repeating' | 'forever';
  readonly months: number | null;
  readonly endsOn: string | null;
}

export interface PriceBookInfo {
  readonly tierPrices: Readonly<Record<string, MoneyAmount>>;
  readonly extraBranchPrice: MoneyAmount;
  readonly hibernationFee: MoneyAmount;
  readonly contract: { readonly tierPrices: Readonly<Record<string, number>>; readonly extraBranchPrice: number | null; readonly hibernationFee: number | null } | null;
}

export interface TermsOptions {
  readonly locale?: string;
}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** "25% off every invoice (SPRING-25)"; an amount off is in GBP, converted at each issue. */
export function discountSentence(discount: DiscountInfo, currency: string, options: TermsOptions = {}): string {
  const off = discount.percentOff !== null ? `${discount.percentOff}% off` : discount.amountOff ? `${formatMoney(discount.amountOff, options)} off` : 'A discount on';
  const converted = discount.amountOff && discount.amountOff.currency !== currency ? `, converted to ${currency} at each issue` : '';
  const which =
    discount.duration === 'once' ? 'the next invoice'
    : discount.duration === 'forever' ? 'every invoice'
    : discount.endsOn ? `each invoice issued before ${formatCalendarDate(discount.endsOn, options)}`
    : `each invoice for ${discount.months ?? 'some'} months`;
  return `${off} ${which}${converted}, before tax (${discount.code}).`;
}

/** "Catalog prices", or the prices of its own that finance set, each a month before tax. */
export function priceBookSentence(book: PriceBookInfo, options: TermsOptions = {}): string {
  if (!book.contract) return 'Catalog prices.';
  const own: string[] = [];
  for (const tier of Object.keys(book.contract.tierPrices)) {
    const price = book.tierPrices[tier];
    if (price) own.push(`${capitalise(tier)} ${formatMoney(price, options)}`);
  }
  if (book.contract.extraBranchPrice !== null) own.push(`each extra branch ${formatMoney(book.extraBranchPrice, options)}`);
  if (book.contract.hibernationFee !== null) own.push(`hibernation ${formatMoney(book.hibernationFee, options)}`);
  return own.length === 0 ? 'Catalog prices.' : `Own prices: ${own.join(', ')} a month; the catalog’s for the rest.`;
}
