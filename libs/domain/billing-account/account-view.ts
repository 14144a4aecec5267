import { defaultCatalog, type Catalog } from '../catalog/catalog';
import type { DiscountDuration } from '../coupons/coupon-terms';
import { BOOK_CURRENCY } from '../money/currency';
import type { Money } from '../money/money';
import type { OwnPrices, PendingItem } from './billing-account.events';
import { amountRemaining, openDocuments, visibleListings, type AccountStatus, type ActiveDiscount, type BillingAccountState } from './billing-account.state';
import { resolvePriceBook } from './contract-prices';
import { nextDueAt } from './due-work';

export interface OpenInvoiceView {
  readonly invoiceId: string;
  readonly issuedAt: string;
  readonly dueAt: string | null;
  readonly total: Money;
  readonly amountDue: Money;
  readonly amountPaid: Money;
  readonly amountRemaining: Money;
  readonly overdue: boolean;
}

export interface DiscountView {
  readonly code: string;
  readonly redemptionId: string;
  readonly percentOff: string | null;
  /** In GBP, converted at each document's issue. */
  readonly amountOff: Money | null;
  readonly duration: DiscountDuration;
  readonly months: number | null;
  readonly redeemedAt: string;
  /** `repeating`: documents issued on a UTC date before this are discounted. */
  readonly endsOn: string | null;
}

/** Own prices as finance set them, in the shape of PUT /v1/accounts/{id}/prices (GBP pence). */
export interface ContractPricesView {
  readonly tierPrices: Readonly<Record<string, number>>;
  readonly extraBranchPrice: number | null;
  readonly hibernationFee: number | null;
}

/** A price book in GBP: every tier's monthly price, the extra-branch price and the hibernation fee. */
export interface PriceBookView {
  readonly tierPrices: Readonly<Record<string, Money>>;
  readonly extraBranchPrice: Money;
  readonly hibernationFee: Money;
  /** The account's own prices behind it; null when it is the catalog's. */
  readonly contract: ContractPricesView | null;
}

export interface PricesView extends PriceBookView {
  /** A change waiting for the first period start on or after `effectiveFrom`. */
  readonly scheduled: (PriceBookView & { readonly effectiveFrom: string }) | null;
}

/** The JSON shape of GET /v1/accounts/{id}, from the state alone. */
export interface AccountView {
  readonly accountId: string;
  readonly businessName: string;
  readonly email: string;
  readonly openedAt: string;
  readonly status: AccountStatus;
  readonly tier: string | null;
  readonly branches: number | null;
  readonly productCount: number;
  readonly grace: { readonly startedAt: string; readonly endsAt: string } | null;
  readonly visible: boolean;
  readonly credit: Money;
  readonly currency: string;
  readonly taxRegion: string;
  readonly period: { readonly start: string; readonly end: string } | null;
  readonly pendingItems: readonly PendingItem[];
  readonly openInvoices: readonly OpenInvoiceView[];
  readonly scheduled: { readonly hibernationAt: string | null; readonly cancellationAt: string | null };
  readonly paymentMethod: { readonly gateway: string } | null;
  readonly dunning: { readonly startedAt: string; readonly stepsReached: number; readonly nextStepAt: string | null } | null;
  readonly nextDueAt: string | null;
  readonly discount: DiscountView | null;
  readonly prices: PricesView;
}

const gbp = (amount: number): Money => ({ amount, currency: BOOK_CURRENCY });

function discountView(discount: ActiveDiscount | null): DiscountView | null {
  if (discount === null) return null;
  const { code, redemptionId, percentOff, amountOffGbp, duration, months, redeemedAt, endsOn } = discount;
  return { code, redemptionId, percentOff, amountOff: amountOffGbp === null ? null : gbp(amountOffGbp), duration, months, redeemedAt, endsOn };
}

function priceBookView(own: OwnPrices | null, catalog: Catalog): PriceBookView {
  const book = resolvePriceBook(own, catalog);
  const tierPrices = Object.fromEntries(Object.entries(book.tierPricesGbp).map(([tier, price]) => [tier, gbp(price)]));
  const contract = own === null ? null : { tierPrices: own.tierPricesGbp, extraBranchPrice: own.extraBranchPriceGbp, hibernationFee: own.hibernationFeeGbp };
  return { tierPrices, extraBranchPrice: gbp(book.extraBranchPriceGbp), hibernationFee: gbp(book.hibernationFeeGbp), contract };
}

function pricesView(state: BillingAccountState, catalog: Catalog): PricesView {
  const { current, scheduled } = state.contractPrices;
  return { ...priceBookView(current, catalog), scheduled: scheduled === null ? null : { effectiveFrom: scheduled.effectiveFrom, ...priceBookView(scheduled.prices, catalog) } };
}

/** The prices shown resolve the account's own prices over `catalog`, the configuration's price book. */
export function accountView(state: BillingAccountState, catalog: Catalog = defaultCatalog): AccountView {
  const currency = state.currency;
  const money = (amount: number): Money => ({ amount, currency });
  const live = state.status !== 'not_subscribed' && state.status !== 'cancelled';
  const subscription = live ? state.subscription : null;
  const dunning = state.dunning;
  return {
    accountId: state.accountId, businessName: state.businessName, email: state.email, openedAt: state.openedAt,
    status: state.status, tier: subscription?.tier ?? null, branches: subscription?.branches ?? null, productCount: state.productCount,
    grace: state.grace, visible: visibleListings(state.status), credit: money(state.credit), currency, taxRegion: state.taxRegion,
    period: subscription && state.status !== 'suspended' ? { ...subscription.period } : null,
    pendingItems: state.pending,
    openInvoices: openDocuments(state).map((document) => ({
      invoiceId: document.invoiceId, issuedAt: document.issuedAt, dueAt: document.dueAt, total: money(document.total),
      amountDue: money(document.amountDue), amountPaid: money(document.amountPaid), amountRemaining: money(amountRemaining(document)),
      overdue: document.failedAt !== null,
    })),
    scheduled: { hibernationAt: state.hibernationScheduledAt, cancellationAt: state.cancellationScheduledAt },
    paymentMethod: state.paymentMethod ? { gateway: state.paymentMethod.gateway } : null,
    dunning: dunning ? { startedAt: dunning.startedAt, stepsReached: dunning.stepsReached, nextStepAt: dunning.retryAt[dunning.stepsReached] ?? null } : null,
    nextDueAt: nextDueAt(state) ?? null,
    discount: discountView(state.discount),
    prices: pricesView(state, catalog),
  };
}
