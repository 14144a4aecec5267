/**
 * Whether a verified Stripe intention can be applied to the ledger now, is already there, or has
 * to wait as "unmatched" for finance (api.md: never dropped, retried when its counterpart
 * appears). Pure: the caller looks up the facts, calls `matchStripeIntention`, and on a later
 * change (an invoice issued, a payment recorded) calls it again for every unmatched intention.
 */
import { StripeIntention } from './stripe-webhook';

/** What the ledger knows about the things an intention refers to, looked up by the caller. */
export interface LedgerFacts {
  /** The Stripe event id was already processed: a redelivery changes nothing. */
  readonly eventAlreadyProcessed: boolean;
  /** The invoice named by `metadata.invoiceId`, if the ledger has it. */
  readonly invoice: { readonly accountId: string; readonly currency: string } | null;
  /** The payment recorded with the PaymentIntent id as its reference, if any. */
  readonly payment: { readonly currency: string; readonly amountRefunded: number } | null;
  /** A failed attempt recorded with the PaymentIntent id as its reference. */
  readonly failureRecorded: boolean;
  /** The dispute recorded under the Stripe dispute id, if any. */
  readonly dispute: { readonly closed: boolean } | null;
}

export type UnmatchedReason =
  | 'no_invoice_metadata'
  | 'invoice_not_found'
  | 'account_mismatch'
  | 'currency_mismatch'
  | 'payment_not_found'
  | 'dispute_not_found';

export type MatchDecision =
  /** Record it. For a refund, `refundIncrease` is the amount to record. */
  | { readonly action: 'apply'; readonly refundIncrease?: number }
  /** The ledger already reflects it (the collect call recorded it first, or a redelivery). */
  | { readonly action: 'already_recorded' }
  | { readonly action: 'keep_unmatched'; readonly reason: UnmatchedReason }
  /** A type the ledger does not use: answer 200 and count it. */
  | { readonly action: 'ignore' };

export function matchStripeIntention(intention: StripeIntention, facts: LedgerFacts): MatchDecision {
  if (intention.kind === 'ignored') return { action: 'ignore' };
  if (facts.eventAlreadyProcessed) return { action: 'already_recorded' };
  switch (intention.kind) {
    case 'payment_succeeded': {
      const unmatched = invoiceMismatch(intention, facts);
      if (unmatched) return unmatched;
      return facts.payment ? { action: 'already_recorded' } : { action: 'apply' };
    }
    case 'payment_failed': {
      const unmatched = invoiceMismatch(intention, facts);
      if (unmatched) return unmatched;
      return facts.failureRecorded || facts.payment ? { action: 'already_recorded' } : { action: 'apply' };
    }
    case 'refunded': {
      if (!facts.payment) return { action: 'keep_unmatched', reason: 'payment_not_found' };
      if (facts.payment.currency !== intention.currency) return { action: 'keep_unmatched', reason: 'currency_mismatch' };
      const increase = refundIncrease(intention.amountRefundedTotal, facts.payment.amountRefunded);
      return increase === 0 ? { action: 'already_recorded' } : { action: 'apply', refundIncrease: increase };
    }
    case 'dispute_opened':
      if (!facts.payment) return { action: 'keep_unmatched', reason: 'payment_not_found' };
      return facts.dispute ? { action: 'already_recorded' } : { action: 'apply' };
    case 'dispute_closed':
      // A close that overtakes its open waits for it, so Disputed is never credited before
      // it was debited.
      if (!facts.dispute) return { action: 'keep_unmatched', reason: 'dispute_not_found' };
      return facts.dispute.closed ? { action: 'already_recorded' } : { action: 'apply' };
  }
}

function invoiceMismatch(
  intention: { readonly invoiceId: string | null; readonly accountId: string | null; readonly currency: string },
  facts: LedgerFacts,
): MatchDecision | undefined {
  if (intention.invoiceId === null) return { action: 'keep_unmatched', reason: 'no_invoice_metadata' };
  if (!facts.invoice) return { action: 'keep_unmatched', reason: 'invoice_not_found' };
  if (intention.accountId !== null && intention.accountId !== facts.invoice.accountId) {
    return { action: 'keep_unmatched', reason: 'account_mismatch' };
  }
  if (intention.currency !== facts.invoice.currency) return { action: 'keep_unmatched', reason: 'currency_mismatch' };
  return undefined;
}

/**
 * How much of Stripe's running `amount_refunded` the ledger has not recorded yet. Never
 * negative: Stripe's events can arrive out of order, and an older event showing a smaller total
 * than the ledger already holds carries nothing new.
 */
export function refundIncrease(amountRefundedTotal: number, alreadyRecorded: number): number {
  return Math.max(0, amountRefundedTotal - alreadyRecorded);
}
