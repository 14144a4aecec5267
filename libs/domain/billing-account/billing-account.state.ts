import type { BillingPeriod } from '../calendar/billing-period';
import type { DiscountTerms } from '../coupons/coupon-terms';
import type { BilledPrices, DocumentKind, DocumentReason, OwnPrices, PendingItem } from './billing-account.events';

/**
 * `not_subscribed`: opened, never subscribed (or nothing since a cancellation took effect the
 * state is `cancelled`). The rest follow billing-rules.md.
 */
export type AccountStatus = 'not_subscribed' | 'active' | 'past_due' | 'suspended' | 'hibernating' | 'cancelled';
export const ACCOUNT_STATUSES: readonly AccountStatus[] = ['not_subscribed', 'active', 'past_due', 'suspended', 'hibernating', 'cancelled'];

/**
 * Prices in pence, recorded when the tier was chosen or when contract prices took effect at a
 * period start: the prices billed for the current period, which its prorations use too.
 */
export type PriceList = BilledPrices;

export interface SubscriptionState {
  readonly tier: string;
  readonly branches: number;
  readonly anchorDate: string;
  readonly periodIndex: number;
  readonly period: BillingPeriod;
  readonly prices: PriceList;
  /** How the current period was billed: the tier and branches, or the hibernation fee (until a resume). */
  readonly billedAs: 'tier' | 'hibernation';
}

/** The account's discount while it is active (billing-rules.md, Discounts). */
export interface ActiveDiscount extends DiscountTerms {
  readonly redemptionId: string;
  readonly redeemedAt: string;
  readonly appliedAt: string;
  /** `repeating`: documents issued on a UTC date before this are discounted. */
  readonly endsOn: string | null;
}

/** Own prices in force (null: the catalog's), and a change waiting for a period start. */
export interface ContractPricesState {
  readonly current: OwnPrices | null;
  readonly scheduled: { readonly effectiveFrom: string; readonly prices: OwnPrices } | null;
}

export interface DocumentState {
  readonly invoiceId: string;
  readonly kind: DocumentKind;
  readonly reason: DocumentReason;
  readonly issuedAt: string;
  readonly dueAt: string | null;
  readonly currency: string;
  readonly total: number;
  readonly tax: number;
  readonly taxRate: string;
  readonly exchangeRate: string;
  readonly amountDue: number;
  readonly amountPaid: number;
  readonly status: 'open' | 'paid' | 'void';
  /** When a payment of this invoice first failed (a decline, or its due date passing unpaid). */
  readonly failedAt: string | null;
}

export interface PaymentState {
  readonly paymentId: string;
  readonly invoiceId: string;
  readonly amount: number;
  readonly reference: string;
  readonly gateway: string;
  readonly refunded: number;
  readonly disputed: number;
}

export interface DisputeState {
  readonly disputeId: string;
  readonly paymentId: string;
  readonly amount: number;
  readonly status: 'open' | 'won' | 'lost';
}

export interface DunningState {
  readonly startedAt: string;
  readonly retryAt: readonly string[];
  /** How many of `retryAt` have been reached. */
  readonly stepsReached: number;
}

export interface BillingAccountState {
  readonly exists: boolean;
  readonly accountId: string;
  readonly businessName: string;
  readonly email: string;
  readonly currency: string;
  readonly taxRegion: string;
  readonly openedAt: string;
  readonly status: AccountStatus;
  readonly subscription: SubscriptionState | null;
  readonly productCount: number;
  readonly grace: { readonly startedAt: string; readonly endsAt: string } | null;
  /** Account credit in minor units of the account currency. */
  readonly credit: number;
  readonly pending: readonly PendingItem[];
  /** Every invoice and credit note of the account, by id. */
  readonly documents: Readonly<Record<string, DocumentState>>;
  readonly hibernationScheduledAt: string | null;
  readonly cancellationScheduledAt: string | null;
  readonly paymentMethod: { readonly gateway: string; readonly token: string; readonly customerId: string | null } | null;
  readonly dunning: DunningState | null;
  readonly payments: Readonly<Record<string, PaymentState>>;
  readonly disputes: Readonly<Record<string, DisputeState>>;
  /** The latest instant the account has seen; commands stamped earlier are treated as happening then. */
  readonly clock: string | null;
  readonly discount: ActiveDiscount | null;
  /** Every redemption the account has applied, so that a retried one is not applied twice. */
  readonly redemptionIds: readonly string[];
  readonly contractPrices: ContractPricesState;
}

export function initialState(): BillingAccountState {
  return {
    exists: false, accountId: '', businessName: '', email: '', currency: '', taxRegion: '', openedAt: '',
    status: 'not_subscribed', subscription: null, productCount: 0, grace: null, credit: 0, pending: [], documents: {},
    hibernationScheduledAt: null, cancellationScheduledAt: null, paymentMethod: null, dunning: null, payments: {},
    disputes: {}, clock: null, discount: null, redemptionIds: [], contractPrices: { current: null, scheduled: null },
  };
}

export function isSubscribed(state: BillingAccountState): boolean {
  return state.subscription !== null && state.status !== 'not_subscribed' && state.status !== 'cancelled';
}

export function visibleListings(status: AccountStatus): boolean {
  return status === 'active' || status === 'past_due';
}

export function openDocuments(state: BillingAccountState): DocumentState[] {
  return Object.values(state.documents).filter((document) => document.status === 'open');
}

export function amountRemaining(document: DocumentState): number {
  return Math.max(0, document.amountDue - document.amountPaid);
}
