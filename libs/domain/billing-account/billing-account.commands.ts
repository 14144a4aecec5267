import type { Money } from '../money/money';
import type { DiscountTerms } from '../coupons/coupon-terms';

/**
 * Commands on one billing account (stream `account-<accountId>`). Each carries `now`, the instant
 * it happens at, from the injected clock; the decider never reads a clock of its own.
 */
interface At {
  readonly now: string;
}

export interface OpenAccount extends At {
  readonly type: 'OpenAccount';
  readonly accountId: string;
  readonly businessName: string;
  readonly email: string;
  readonly currency: string;
  readonly taxRegion: string;
}

export interface Subscribe extends At {
  readonly type: 'Subscribe';
  readonly tier: string;
  readonly branches: number;
}

export interface ChangeTier extends At {
  readonly type: 'ChangeTier';
  readonly tier: string;
}

export interface ChangeBranches extends At {
  readonly type: 'ChangeBranches';
  readonly delta: number;
}

export interface ReportProductCount extends At {
  readonly type: 'ReportProductCount';
  readonly count: number;
}

export interface Hibernate extends At {
  readonly type: 'Hibernate';
}

export interface Resume extends At {
  readonly type: 'Resume';
}

export interface Cancel extends At {
  readonly type: 'Cancel';
}

/** Runs the work due up to `now` and nothing else: the worker and the manual clock send it. */
export interface AdvanceTime extends At {
  readonly type: 'AdvanceTime';
}

export interface SetPaymentMethod extends At {
  readonly type: 'SetPaymentMethod';
  readonly gateway: string;
  readonly token: string;
  /** Stripe: the Customer the PaymentMethod is attached to, needed for off-session charges. */
  readonly customerId?: string;
}

export interface RecordPayment extends At {
  readonly type: 'RecordPayment';
  readonly invoiceId: string;
  readonly amount: Money;
  /** The gateway's reference (e.g. a PaymentIntent id); a repeat with the same one changes nothing. */
  readonly reference: string;
  readonly gateway: string;
}

export interface RecordPaymentFailure extends At {
  readonly type: 'RecordPaymentFailure';
  readonly invoiceId: string;
  readonly reason: string;
}

export interface RefundPayment extends At {
  readonly type: 'RefundPayment';
  readonly paymentId: string;
  readonly amount: Money;
  readonly reason: string;
}

export interface OpenDispute extends At {
  readonly type: 'OpenDispute';
  readonly paymentId: string;
  /** The gateway's dispute id; a repeat with the same one changes nothing. */
  readonly disputeId: string;
  readonly amount: Money;
}

export interface CloseDispute extends At {
  readonly type: 'CloseDispute';
  readonly disputeId: string;
  readonly outcome: 'won' | 'lost';
}

/**
 * Gives the account the discount of a redemption the coupon's stream has already counted. The
 * terms travel in the command (read from the coupon), so the account's stream holds all its
 * documents depend on. A redemption applied before is not applied again.
 */
export interface ApplyDiscount extends At {
  readonly type: 'ApplyDiscount';
  readonly redemptionId: string;
  readonly terms: DiscountTerms;
  /** When the coupon's stream recorded the redemption: `repeating` months count from its date. */
  readonly redeemedAt: string;
}

/** Finance takes the account's discount away. */
export interface RemoveDiscount extends At {
  readonly type: 'RemoveDiscount';
}

/**
 * Finance sets the account's own prices (GBP pence), the whole set at once: what it leaves out is
 * the catalog's. They apply from the first period that starts on or after `effectiveFrom`.
 */
export interface SetContractPrices extends At {
  readonly type: 'SetContractPrices';
  readonly tierPricesGbp?: Readonly<Record<string, unknown>>;
  readonly extraBranchPriceGbp?: unknown;
  readonly hibernationFeeGbp?: unknown;
  /** A date `YYYY-MM-DD`; by default the start of the next period. */
  readonly effectiveFrom?: string;
}

export type BillingAccountCommand =
  | OpenAccount
  | Subscribe
  | ChangeTier
  | ChangeBranches
  | ReportProductCount
  | Hibernate
  | Resume
  | Cancel
  | AdvanceTime
  | SetPaymentMethod
  | RecordPayment
  | RecordPaymentFailure
  | RefundPayment
  | OpenDispute
  | CloseDispute
  | ApplyDiscount
  | RemoveDiscount
  | SetContractPrices;
