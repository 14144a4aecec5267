import type { DomainEvent } from '../decider';
import type { DiscountDuration } from '../coupons/coupon-terms';

/**
 * Events of one billing account (stream `account-<accountId>`). They carry every computed amount
 * (invoice lines, tax, conversion, credit) so that read models never recompute; docs/events-domain.md
 * documents each field. Instants are normalised ISO-8601 UTC (`…T00:00:00.000Z`), dates `YYYY-MM-DD`,
 * amounts integer minor units of the account currency unless a name ends in `Gbp` (pence).
 */
export type PendingItemKind = 'tier_credit' | 'tier_charge' | 'branches' | 'resume';
/**
 * `branches_credit` and `hibernation_credit` are the unused days a reactivation credits beside
 * `tier_credit`; `discount` is the one line a coupon adds to a document.
 */
export const LINE_KINDS = ['tier', 'branches', 'hibernation', 'tier_credit', 'tier_charge', 'resume', 'branches_credit', 'hibernation_credit', 'refund', 'discount'] as const;
export type LineKind = (typeof LINE_KINDS)[number];

/** A prorated amount waiting for the next document: quantity × unitAmountGbp × days ÷ periodDays. */
export interface PendingItem {
  readonly itemId: string;
  readonly kind: PendingItemKind;
  readonly description: string;
  readonly effectiveDate: string;
  readonly quantity: number;
  readonly unitAmountGbp: number;
  readonly days: number;
  readonly periodDays: number;
  /** The exact GBP value in pence, as a decimal string. */
  readonly exactGbp: string;
}

export interface InvoiceLine {
  /** The pending item this line bills, or null for a line of the period charge or a refund. */
  readonly itemId: string | null;
  readonly kind: LineKind;
  readonly description: string;
  readonly quantity: number;
  /** Null on refund lines, which are written in the account currency. */
  readonly unitAmountGbp: number | null;
  readonly days: number;
  readonly periodDays: number;
  readonly exactGbp: string | null;
  /** Exact value in minor units of the invoice currency, a decimal string. */
  readonly exact: string;
  /** `exact` rounded half-even: the amount billed. */
  readonly amount: number;
}

export type DocumentKind = 'invoice' | 'credit_note';
export type DocumentReason = 'subscription' | 'renewal' | 'upgrade' | 'resume' | 'final' | 'reactivation' | 'refund';

export interface InvoiceIssuedData {
  readonly invoiceId: string;
  readonly kind: DocumentKind;
  readonly reason: DocumentReason;
  readonly issuedAt: string;
  readonly periodStart: string | null;
  readonly periodEnd: string | null;
  readonly currency: string;
  readonly lines: readonly InvoiceLine[];
  readonly subtotal: number;
  readonly taxRate: string;
  readonly taxRegion: string;
  readonly tax: number;
  readonly total: number;
  /** Units of `currency` per £1 used for every line. */
  readonly exchangeRate: string;
  readonly creditApplied: number;
  readonly amountDue: number;
  /** Null for credit notes, which are settled into credit on issue. */
  readonly dueAt: string | null;
  /** For a refund's credit note: the payment refunded. */
  readonly refundOf: { readonly paymentId: string; readonly invoiceId: string } | null;
}

export type AccountOpened = DomainEvent<'AccountOpened', {
  accountId: string; businessName: string; email: string; currency: string; taxRegion: string; openedAt: string;
}>;
export type Subscribed = DomainEvent<'Subscribed', {
  tier: string; branches: number; subscribedAt: string; anchorDate: string; periodStart: string; periodEnd: string;
  tierPriceGbp: number; extraBranchPriceGbp: number; hibernationFeeGbp: number;
}>;
export type TierChanged = DomainEvent<'TierChanged', {
  from: string; to: string; reason: 'manual' | 'grace_expired'; changedAt: string; previousTierPriceGbp: number; tierPriceGbp: number;
}>;
export type BranchesChanged = DomainEvent<'BranchesChanged', { delta: number; branches: number; changedAt: string }>;
export type ProductCountReported = DomainEvent<'ProductCountReported', { count: number; reportedAt: string }>;
export type GraceStarted = DomainEvent<'GraceStarted', { startedAt: string; endsAt: string; productCount: number; productLimit: number }>;
export type GraceEndReason = 'count_within_limit' | 'tier_changed' | 'expired' | 'hibernated' | 'suspended' | 'cancelled';
export type GraceEnded = DomainEvent<'GraceEnded', { endedAt: string; reason: GraceEndReason }>;
export type ProrationLineAdded = DomainEvent<'ProrationLineAdded', { addedAt: string; item: PendingItem }>;
/** A later branch change of the same UTC day folded into that day's pending line; quantity 0 removes it. */
export type ProrationLineNetted = DomainEvent<'ProrationLineNetted', { nettedAt: string; itemId: string; quantity: number; exactGbp: string }>;
export type PeriodRenewed = DomainEvent<'PeriodRenewed', { renewedAt: string; periodIndex: number; periodStart: string; periodEnd: string }>;
export type InvoiceIssued = DomainEvent<'InvoiceIssued', InvoiceIssuedData>;
export type InvoicePaid = DomainEvent<'InvoicePaid', { invoiceId: string; paidAt: string }>;
export type HibernationRequested = DomainEvent<'HibernationRequested', { requestedAt: string; effectiveAt: string }>;
export type HibernationRequestCancelled = DomainEvent<'HibernationRequestCancelled', { cancelledAt: string }>;
export type HibernationStarted = DomainEvent<'HibernationStarted', { startedAt: string }>;
export type Resumed = DomainEvent<'Resumed', { resumedAt: string }>;
export type CancellationRequested = DomainEvent<'CancellationRequested', { requestedAt: string; effectiveAt: string }>;
export type SubscriptionCancelled = DomainEvent<'SubscriptionCancelled', { cancelledAt: string }>;

export type PaymentMethodSet = DomainEvent<'PaymentMethodSet', { gateway: string; token: string; customerId: string | null; setAt: string }>;
export type PaymentRecorded = DomainEvent<'PaymentRecorded', {
  paymentId: string; invoiceId: string; amount: number; currency: string; reference: string; gateway: string; recordedAt: string;
  /** The part that settled the invoice; the rest (`toCredit`) became account credit. */
  appliedToInvoice: number; toCredit: number;
}>;
export type PaymentFailed = DomainEvent<'PaymentFailed', {
  invoiceId: string; reason: string; failedAt: string;
  /** Set on the failure that starts dunning: the instants of every retry or reminder. */
  retryAt: string[] | null;
}>;
export type DunningStepReached = DomainEvent<'DunningStepReached', {
  step: number; steps: number; mode: 'retry' | 'reminder'; reachedAt: string; invoiceIds: string[];
}>;
export type NotificationRequested = DomainEvent<'NotificationRequested', {
  notification: 'payment_retry' | 'payment_reminder' | 'account_suspended'; requestedAt: string; email: string; invoiceIds: string[];
}>;
export type DunningResolved = DomainEvent<'DunningResolved', { resolvedAt: string }>;
export type AccountSuspended = DomainEvent<'AccountSuspended', { suspendedAt: string }>;
export type AccountReactivated = DomainEvent<'AccountReactivated', {
  reactivatedAt: string; anchorDate: string; periodStart: string; periodEnd: string;
}>;
export type RefundIssued = DomainEvent<'RefundIssued', {
  refundId: string; paymentId: string; invoiceId: string; creditNoteId: string; amount: number; currency: string;
  gateway: string; reason: string; refundedAt: string;
  /** `dispute_lost` when a lost dispute took the money back rather than a refund finance made. */
  source: 'refund' | 'dispute_lost';
}>;
export type DisputeOpened = DomainEvent<'DisputeOpened', {
  disputeId: string; paymentId: string; invoiceId: string; amount: number; currency: string; gateway: string; openedAt: string;
}>;
export type DisputeClosed = DomainEvent<'DisputeClosed', {
  disputeId: string; paymentId: string; outcome: 'won' | 'lost'; amount: number; currency: string; closedAt: string;
}>;

/** An account's own prices (GBP pence); what a change leaves out (absent tier, null) is the catalog's. */
export interface OwnPrices {
  readonly tierPricesGbp: Readonly<Record<string, number>>;
  readonly extraBranchPriceGbp: number | null;
  readonly hibernationFeeGbp: number | null;
}

/** The prices one subscription bills for its current tier, branches and hibernation. */
export interface BilledPrices {
  readonly tierPriceGbp: number;
  readonly extraBranchPriceGbp: number;
  readonly hibernationFeeGbp: number;
}

export type DiscountApplied = DomainEvent<'DiscountApplied', {
  redemptionId: string; code: string; percentOff: string | null; amountOffGbp: number | null; duration: DiscountDuration; months: number | null;
  redeemedAt: string; appliedAt: string;
  /** `repeating`: documents issued on a UTC date before this one are discounted; null otherwise. */
  endsOn: string | null;
}>;
export const DISCOUNT_END_REASONS = ['used', 'expired', 'removed', 'replaced'] as const;
export type DiscountEndReason = (typeof DISCOUNT_END_REASONS)[number];
export type DiscountEnded = DomainEvent<'DiscountEnded', {
  redemptionId: string; code: string; endedAt: string; reason: DiscountEndReason;
  /** For `used`: the document that used a `once` discount. */
  invoiceId: string | null;
}>;
export type ContractPricesSet = DomainEvent<'ContractPricesSet', {
  setAt: string; effectiveFrom: string; prices: OwnPrices;
  /** The change still waiting for its period start that this one replaces, if any. */
  replacedEffectiveFrom: string | null;
}>;
export type ContractPricesTookEffect = DomainEvent<'ContractPricesTookEffect', {
  tookEffectAt: string; effectiveFrom: string; periodStart: string; prices: OwnPrices;
  /** What the subscription bills from this period on, for its tier; null without a subscription. */
  subscriptionPrices: BilledPrices | null;
}>;

export type BillingAccountEvent =
  | AccountOpened | Subscribed | TierChanged | BranchesChanged | ProductCountReported | GraceStarted | GraceEnded
  | ProrationLineAdded | ProrationLineNetted | PeriodRenewed | InvoiceIssued | InvoicePaid
  | HibernationRequested | HibernationRequestCancelled | HibernationStarted | Resumed
  | CancellationRequested | SubscriptionCancelled
  | PaymentMethodSet | PaymentRecorded | PaymentFailed | DunningStepReached | NotificationRequested
  | DunningResolved | AccountSuspended | AccountReactivated | RefundIssued | DisputeOpened | DisputeClosed
  | DiscountApplied | DiscountEnded | ContractPricesSet | ContractPricesTookEffect;

export type BillingAccountEventType = BillingAccountEvent['type'];

/** The instant an event happened at, whatever its field is called. */
export function eventInstant(event: BillingAccountEvent): string {
  const data = event.data as unknown as Record<string, unknown>;
  const field = instantFields[event.type];
  const value = data[field];
  if (typeof value !== 'string') throw new TypeError(`${event.type} lacks its instant ${field}`);
  return value;
}

const instantFields: Record<BillingAccountEventType, string> = {
  AccountOpened: 'openedAt', Subscribed: 'subscribedAt', TierChanged: 'changedAt', BranchesChanged: 'changedAt',
  ProductCountReported: 'reportedAt', GraceStarted: 'startedAt', GraceEnded: 'endedAt', ProrationLineAdded: 'addedAt',
  ProrationLineNetted: 'nettedAt', PeriodRenewed: 'renewedAt', InvoiceIssued: 'issuedAt', InvoicePaid: 'paidAt',
  HibernationRequested: 'requestedAt', HibernationRequestCancelled: 'cancelledAt', HibernationStarted: 'startedAt',
  Resumed: 'resumedAt', CancellationRequested: 'requestedAt', SubscriptionCancelled: 'cancelledAt',
  PaymentMethodSet: 'setAt', PaymentRecorded: 'recordedAt', PaymentFailed: 'failedAt', DunningStepReached: 'reachedAt',
  NotificationRequested: 'requestedAt', DunningResolved: 'resolvedAt', AccountSuspended: 'suspendedAt',
  AccountReactivated: 'reactivatedAt', RefundIssued: 'refundedAt', DisputeOpened: 'openedAt', DisputeClosed: 'closedAt',
  DiscountApplied: 'appliedAt', DiscountEnded: 'endedAt', ContractPricesSet: 'setAt', ContractPricesTookEffect: 'tookEffectAt',
};

/** Every event type of the account stream (docs/events.md must document each). */
export const BILLING_ACCOUNT_EVENT_TYPES = Object.keys(instantFields) as BillingAccountEventType[];
