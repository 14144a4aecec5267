import { defaultCatalog, type Catalog } from '../catalog/catalog';
import type { DiscountTerms } from '../coupons/coupon-terms';
import { fold } from '../decider';
import { ExchangeRateBook, TaxRateBook } from '../rates/rate-books';
import type { ExchangeRateSet, TaxRateSet } from '../rates/rates.events';
import { deciderSpecification } from '../testing/given-when-then';
import type { BillingAccountCommand, OpenAccount } from './billing-account.commands';
import { billingAccountDecider } from './billing-account.decider';
import type { BillingAccountEvent } from './billing-account.events';
import type { BillingAccountState } from './billing-account.state';
import type { BillingContext } from './billing-context';

/** Shared set-up for the account's specs: rates, a counter for ids, and histories built from commands. */
export interface FixtureOptions {
  readonly exchangeRates?: readonly ExchangeRateSet[];
  readonly taxRates?: readonly TaxRateSet[];
  readonly catalog?: Catalog;
}

export function exchangeRate(currency: string, rate: string, effectiveAt = '2026-01-01T00:00:00.000Z'): ExchangeRateSet {
  return { type: 'ExchangeRateSet', data: { currency, rate, effectiveAt, setAt: effectiveAt } };
}

export function taxRate(region: string, rate: string, effectiveAt = '2026-01-01T00:00:00.000Z'): TaxRateSet {
  return { type: 'TaxRateSet', data: { region, rate, effectiveAt, setAt: effectiveAt } };
}

export function contextFactory(prefix: string, options: FixtureOptions = {}): () => BillingContext {
  const catalog = options.catalog ?? defaultCatalog;
  return () => {
    let counter = 0;
    return {
      catalog,
      exchangeRates: ExchangeRateBook.from(options.exchangeRates ?? []),
      taxRates: TaxRateBook.from(options.taxRates ?? [], catalog),
      newId: () => `${prefix}-${++counter}`,
    };
  };
}

/** A specification whose `when` ids are `id-1`, `id-2`…; histories built with `historyOf` use `h-…`. */
export function accountSpec(options: FixtureOptions = {}) {
  return deciderSpecification(billingAccountDecider, contextFactory('id', options));
}

/** The events a sequence of commands leads to, as the live system would have stored them. */
export function historyOf(commands: readonly BillingAccountCommand[], options: FixtureOptions = {}): BillingAccountEvent[] {
  const context = contextFactory('h', options)();
  const events: BillingAccountEvent[] = [];
  let state = billingAccountDecider.initialState();
  for (const command of commands) {
    const decided = billingAccountDecider.decide(command, state, context);
    for (const event of decided) state = billingAccountDecider.evolve(state, event);
    events.push(...decided);
  }
  return events;
}

export function stateOf(events: readonly BillingAccountEvent[]): BillingAccountState {
  return fold(billingAccountDecider, events);
}

export function open(now: string, overrides: Partial<Omit<OpenAccount, 'type' | 'now'>> = {}): OpenAccount {
  return { type: 'OpenAccount', accountId: 'acc-1', businessName: 'Corner Shop', email: 'shop@example.com', currency: 'GBP', taxRegion: 'GB', now, ...overrides };
}

export const subscribe = (tier: string, branches: number, now: string): BillingAccountCommand => ({ type: 'Subscribe', tier, branches, now });
export const changeTier = (tier: string, now: string): BillingAccountCommand => ({ type: 'ChangeTier', tier, now });
export const changeBranches = (delta: number, now: string): BillingAccountCommand => ({ type: 'ChangeBranches', delta, now });
export const reportCount = (count: number, now: string): BillingAccountCommand => ({ type: 'ReportProductCount', count, now });
export const hibernate = (now: string): BillingAccountCommand => ({ type: 'Hibernate', now });
export const resume = (now: string): BillingAccountCommand => ({ type: 'Resume', now });
export const cancel = (now: string): BillingAccountCommand => ({ type: 'Cancel', now });
export const advanceTime = (now: string): BillingAccountCommand => ({ type: 'AdvanceTime', now });

export const setPaymentMethod = (now: string): BillingAccountCommand => ({ type: 'SetPaymentMethod', gateway: 'sandbox', token: 'tok_ok', now });

/**
 * A Starter account with one branch, anchored on 1 Mar 2026 (a 31-day first period), billing GBP
 * in GB. It has a payment method, so unpaid invoices wait for the gateway instead of falling into
 * dunning after 7 days: specs about subscriptions see no payment events in between.
 */
export function starterFromFirstOfMarch(extra: readonly BillingAccountCommand[] = [], options: FixtureOptions = {}): BillingAccountEvent[] {
  return historyOf([open('2026-02-20T09:00:00Z'), setPaymentMethod('2026-02-20T09:05:00Z'), subscribe('starter', 1, '2026-03-01T08:00:00Z'), ...extra], options);
}

/** Opening plus a sandbox card: invoices are due at issue and only a reported decline starts dunning. */
export function openWithCard(now: string): BillingAccountCommand[] {
  return [open(now), setPaymentMethod(now)];
}

export function pay(invoiceId: string, amount: number, now: string, reference = `ref-${invoiceId}-${amount}`, currency = 'GBP'): BillingAccountCommand {
  return { type: 'RecordPayment', invoiceId, amount: { amount, currency }, reference, gateway: 'sandbox', now };
}

export const failPayment = (invoiceId: string, now: string, reason = 'card_declined'): BillingAccountCommand => ({ type: 'RecordPaymentFailure', invoiceId, reason, now });

/** Coupon terms as a coupon's stream would hand them to the account. */
export function percentOff(code: string, percent: string, duration: DiscountTerms['duration'] = 'forever', months: number | null = null): DiscountTerms {
  return { code, percentOff: percent, amountOffGbp: null, duration, months };
}

export function amountOff(code: string, amountOffGbp: number, duration: DiscountTerms['duration'] = 'forever', months: number | null = null): DiscountTerms {
  return { code, percentOff: null, amountOffGbp, duration, months };
}

/** A redemption the coupon's stream counted at `now`, applied to the account at once. */
export const redeem = (terms: DiscountTerms, now: string, redemptionId = `r-${terms.code}-${now}`): BillingAccountCommand => ({ type: 'ApplyDiscount', redemptionId, terms, redeemedAt: now, now });
export const removeDiscount = (now: string): BillingAccountCommand => ({ type: 'RemoveDiscount', now });

/** Finance's contract prices: the whole set of the account's own prices, in pence. */
export function setPrices(now: string, prices: { tiers?: Record<string, number>; extraBranch?: number; hibernationFee?: number } = {}, effectiveFrom?: string): BillingAccountCommand {
  return {
    type: 'SetContractPrices', now,
    ...(prices.tiers ? { tierPricesGbp: prices.tiers } : {}),
    ...(prices.extraBranch !== undefined ? { extraBranchPriceGbp: prices.extraBranch } : {}),
    ...(prices.hibernationFee !== undefined ? { hibernationFeeGbp: prices.hibernationFee } : {}),
    ...(effectiveFrom !== undefined ? { effectiveFrom } : {}),
  };
}
