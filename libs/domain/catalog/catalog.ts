/**
 * The price book and the billing knobs, as one configuration object. Prices are GBP minor units
 * (pence), tax rates decimal strings. Code reads everything billing-specific from here so that a
 * deployment can change prices, limits, grace and the retry schedule without touching the rules.
 */
export interface TierDefinition {
  readonly name: string;
  readonly priceGbp: number;
  /** Products allowed; `null` means unlimited. */
  readonly productLimit: number | null;
}

export interface Catalog {
  /** Ordered from cheapest to dearest; "the smallest tier that fits" means the first that fits. */
  readonly tiers: readonly TierDefinition[];
  readonly extraBranchPriceGbp: number;
  readonly hibernationFeeGbp: number;
  readonly graceDays: number;
  /** Days after the first failure at which each retry or reminder happens. */
  readonly retryScheduleDays: readonly number[];
  readonly paymentDueDays: number;
  /** Rates in force until finance sets one; a region missing here defaults to its country, then 0. */
  readonly defaultTaxRates: Readonly<Record<string, string>>;
}

export const defaultCatalog: Catalog = {
  tiers: [
    { name: 'starter', priceGbp: 100, productLimit: 10 },
    { name: 'pro', priceGbp: 300, productLimit: 100 },
    { name: 'enterprise', priceGbp: 500, productLimit: null },
  ],
  extraBranchPriceGbp: 100,
  hibernationFeeGbp: 50,
  graceDays: 7,
  retryScheduleDays: [1, 3, 7, 15],
  paymentDueDays: 7,
  defaultTaxRates: { GB: '0.20', IE: '0.23', FR: '0.20', DE: '0.19', 'CA-ON': '0.13' },
};

export function findTier(catalog: Catalog, name: string): TierDefinition | undefined {
  return catalog.tiers.find((tier) => tier.name === name);
}

export function fitsTier(tier: TierDefinition, productCount: number): boolean {
  return tier.productLimit === null || productCount <= tier.productLimit;
}

/** The cheapest tier whose limit admits `productCount` (the last tier is expected to be unlimited). */
export function smallestTierFitting(catalog: Catalog, productCount: number): TierDefinition | undefined {
  return catalog.tiers.find((tier) => fitsTier(tier, productCount));
}

/** Capitalised tier name for invoice line descriptions: `pro` → `Pro`. */
export function tierLabel(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}
