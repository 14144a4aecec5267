import { invariant } from '../decider';
import { addDays, dateOf, isAtOrBefore } from '../calendar/calendar';
import { billingPeriod } from '../calendar/billing-period';
import { bringPricesInForce } from './contract-prices';
import { unusedTimeOfLastPeriod } from './reactivation';
import type { BillingAccountState } from './billing-account.state';
import { amountRemaining, openDocuments } from './billing-account.state';
import type { Emitter } from './emitter';
import { issueDocument, periodChargeLines } from './invoicing';
import { checkProductLimit, endGrace } from './tiers-and-grace';

/** Open invoices that have failed or passed their due date by `at`, oldest first. */
export function overdueInvoiceIds(state: BillingAccountState, at: string): string[] {
  return openDocuments(state)
    .filter((document) => amountRemaining(document) > 0 && (document.failedAt !== null || (document.dueAt !== null && isAtOrBefore(document.dueAt, at))))
    .sort((a, b) => (a.issuedAt < b.issuedAt ? -1 : a.issuedAt > b.issuedAt ? 1 : 0))
    .map((document) => document.invoiceId);
}

/** Dunning runs for accounts that bill: active (which turns past_due) and hibernating ones. */
function dunningCanStart(state: BillingAccountState): boolean {
  return state.dunning === null && (state.status === 'active' || state.status === 'hibernating');
}

/**
 * A declined charge or a due date passed unpaid. The first failure starts dunning with its whole
 * schedule; later failures are recorded, and one after the last retry suspends the account.
 */
export function recordFailure(out: Emitter, at: string, invoiceId: string, reason: string): void {
  const starts = dunningCanStart(out.state);
  const retryAt = starts ? out.context.catalog.retryScheduleDays.map((days) => addDays(at, days)) : null;
  out.emit({ type: 'PaymentFailed', data: { invoiceId, reason, failedAt: at, retryAt } });
  const dunning = out.state.dunning;
  const lastRetryDone = dunning !== null && dunning.stepsReached === dunning.retryAt.length;
  if (!starts && lastRetryDone && out.state.status !== 'suspended') suspend(out, at);
}

export function suspend(out: Emitter, at: string): void {
  endGrace(out, at, 'suspended');
  if (out.state.hibernationScheduledAt !== null) out.emit({ type: 'HibernationRequestCancelled', data: { cancelledAt: at } });
  out.emit({ type: 'AccountSuspended', data: { suspendedAt: at } });
  out.emit({ type: 'NotificationRequested', data: { notification: 'account_suspended', requestedAt: at, email: out.state.email, invoiceIds: overdueInvoiceIds(out.state, at) } });
}

/**
 * One step of the schedule: a retry of the charge (the worker charges the payment method when it
 * sees the event) or, without a payment method, a reminder. A reminder at the last step is the
 * last chance missed, so the account is suspended then; a last retry suspends when it fails.
 */
export function reachDunningStep(out: Emitter, at: string): void {
  const dunning = out.state.dunning;
  invariant(dunning !== null, 'dunning step without dunning');
  const step = dunning.stepsReached + 1;
  const steps = dunning.retryAt.length;
  const mode = out.state.paymentMethod !== null ? 'retry' : 'reminder';
  const invoiceIds = overdueInvoiceIds(out.state, at);
  out.emit({ type: 'DunningStepReached', data: { step, steps, mode, reachedAt: at, invoiceIds } });
  const notification = mode === 'retry' ? 'payment_retry' : 'payment_reminder';
  out.emit({ type: 'NotificationRequested', data: { notification, requestedAt: at, email: out.state.email, invoiceIds } });
  if (step === steps && mode === 'reminder') suspend(out, at);
}

/**
 * After a payment: when nothing is overdue any more the remaining retries are cancelled; a
 * suspended account that has paid every open invoice comes back with a new period anchored on
 * this date, billed in advance, after a credit for the days of its last period it will not use.
 */
export function resolveDunningIfSettled(out: Emitter, at: string): void {
  const state = out.state;
  if (state.status !== 'suspended') {
    if (state.dunning !== null && overdueInvoiceIds(state, at).length === 0) out.emit({ type: 'DunningResolved', data: { resolvedAt: at } });
    return;
  }
  // A suspended account comes back only when it has paid everything, not just what was overdue.
  if (openDocuments(state).some((document) => amountRemaining(document) > 0)) return;
  const anchorDate = dateOf(at);
  const period = billingPeriod(anchorDate, 0);
  // The credit is worked out on the period just left, at the prices billed for it.
  const credits = unusedTimeOfLastPeriod(state, anchorDate);
  bringPricesInForce(out, at, period.start);
  out.emit({ type: 'AccountReactivated', data: { reactivatedAt: at, anchorDate, periodStart: period.start, periodEnd: period.end } });
  issueDocument(out, at, 'reactivation', [...credits, ...periodChargeLines(out.state, period, false)], period);
  checkProductLimit(out, at);
}
