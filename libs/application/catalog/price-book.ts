import type { BillingContext } from '../../domain/billing-account/billing-context';
import type { Money } from '../../domain/money/money';
import { BOOK_CURRENCY } from '../../domain/money/currency';

/**
 * GET /v1/catalog: the price book in force, from the very context the billing rules decide with
 * (the catalog, and the exchange and tax rate books folded from their streams), so that what a
 * client reads is what the next command will charge.
 */
export interface PriceBookView {
  /** The instant the rates were read at. */
  readonly asOf: string;
  /** Prices are in this currency's minor units; other currencies convert at `currencies[].rate`. */
  readonly currency: string;
  readonly tiers: ReadonlyArray<{ readonly name: string; readonly monthlyPrice: Money; readonly productLimit: number | null }>;
  readonly extraBranchPrice: Money;
  readonly hibernationFee: Money;
  readonly graceDays: number;
  readonly paymentDueDays: number;
  /** Days after the first failed payment at which each retry (or reminder) happens. */
  readonly retryScheduleDays: readonly number[];
  /** Currencies an account may bill in now: units per £1 in force at `asOf`. */
  readonly currencies: ReadonlyArray<{ readonly currency: string; readonly rate: string }>;
  readonly taxRegions: ReadonlyArray<{ readonly region: string; readonly rate: string }>;
}

export function priceBookView(context: BillingContext, at: Date): PriceBookView {
  const { catalog, exchangeRates, taxRates } = context;
  const instant = at.toISOString();
  const gbp = (amount: number): Money => ({ amount, currency: BOOK_CURRENCY });
  const currencies = [BOOK_CURRENCY, ...exchangeRates.currencies()]
    .flatMap((currency) => {
      const rate = exchangeRates.rateAt(currency, instant);
      return rate === undefined ? [] : [{ currency, rate }];
    });
  return {
    asOf: instant,
    currency: BOOK_CURRENCY,
    tiers: catalog.tiers.map((tier) => ({ name: tier.name, monthlyPrice: gbp(tier.priceGbp), productLimit: tier.productLimit })),
    extraBranchPrice: gbp(catalog.extraBranchPriceGbp),
    hibernationFee: gbp(catalog.hibernationFeeGbp),
    graceDays: catalog.graceDays,
    paymentDueDays: catalog.paymentDueDays,
    retryScheduleDays: catalog.retryScheduleDays,
    currencies,
    taxRegions: taxRates.regions().map((region) => ({ region, rate: taxRates.rateAt(region, instant) })),
  };
}
