import { invariant } from '../decider';
import { billingPeriod } from '../calendar/billing-period';
import { isBefore } from '../calendar/calendar';
import { eventInstant, type BillingAccountEvent, type InvoiceIssuedData } from './billing-account.events';
import type { BillingAccountState, DocumentState, SubscriptionState } from './billing-account.state';
import { evolvePayments } from './payments.evolve';
import { evolveTerms, isTermsEvent } from './terms.evolve';

/**
 * Folds one event into the state. Events are facts already decided, so nothing is recomputed here
 * beyond bookkeeping; an event that cannot follow the state is a bug and fails an assertion.
 */
export function evolve(state: BillingAccountState, event: BillingAccountEvent): BillingAccountState {
  invariant(state.exists || event.type === 'AccountOpened', `${event.type} before AccountOpened`);
  const at = eventInstant(event);
  const clock = state.clock === null || isBefore(state.clock, at) ? at : state.clock;
  return { ...evolveEvent(state, event), clock };
}

function subscriptionOf(state: BillingAccountState, type: string): SubscriptionState {
  invariant(state.subscription !== null, `${type} without a subscription`);
  return state.subscription;
}

function evolveEvent(state: BillingAccountState, event: BillingAccountEvent): BillingAccountState {
  switch (event.type) {
    case 'AccountOpened': {
      invariant(!state.exists, 'AccountOpened on an open account');
      const { accountId, businessName, email, currency, taxRegion, openedAt } = event.data;
      return { ...state, exists: true, accountId, businessName, email, currency, taxRegion, openedAt };
    }
    case 'Subscribed': {
      invariant(state.status === 'not_subscribed' || state.status === 'cancelled', `Subscribed while ${state.status}`);
      const { tier, branches, anchorDate, tierPriceGbp, extraBranchPriceGbp, hibernationFeeGbp } = event.data;
      const period = billingPeriod(anchorDate, 0);
      invariant(period.start === event.data.periodStart && period.end === event.data.periodEnd, 'Subscribed period off its anchor');
      const subscription: SubscriptionState = { tier, branches, anchorDate, periodIndex: 0, period, prices: { tierPriceGbp, extraBranchPriceGbp, hibernationFeeGbp }, billedAs: 'tier' };
      return { ...state, status: 'active', subscription, grace: null };
    }
    case 'TierChanged': {
      const subscription = subscriptionOf(state, event.type);
      invariant(subscription.tier === event.data.from, `TierChanged from ${event.data.from} but the tier is ${subscription.tier}`);
      const prices = { ...subscription.prices, tierPriceGbp: event.data.tierPriceGbp };
      return { ...state, subscription: { ...subscription, tier: event.data.to, prices } };
    }
    case 'BranchesChanged': {
      const subscription = subscriptionOf(state, event.type);
      invariant(subscription.branches + event.data.delta === event.data.branches && event.data.branches >= 1, 'BranchesChanged does not add up');
      return { ...state, subscription: { ...subscription, branches: event.data.branches } };
    }
    case 'ProductCountReported':
      return { ...state, productCount: event.data.count };
    case 'GraceStarted':
      invariant(state.grace === null, 'GraceStarted during a grace');
      return { ...state, grace: { startedAt: event.data.startedAt, endsAt: event.data.endsAt } };
    case 'GraceEnded':
      invariant(state.grace !== null, 'GraceEnded without a grace');
      return { ...state, grace: null };
    case 'ProrationLineAdded':
      invariant(!state.pending.some((item) => item.itemId === event.data.item.itemId), 'ProrationLineAdded with a known item id');
      return { ...state, pending: [...state.pending, event.data.item] };
    case 'ProrationLineNetted':
      return { ...state, pending: nettedPending(state, event.data) };
    case 'PeriodRenewed': {
      const subscription = subscriptionOf(state, event.type);
      invariant(event.data.periodIndex === subscription.periodIndex + 1, 'PeriodRenewed skips a period');
      invariant(event.data.periodStart === subscription.period.end, 'PeriodRenewed does not follow the current period');
      const period = { start: event.data.periodStart, end: event.data.periodEnd };
      const billedAs = state.status === 'hibernating' ? 'hibernation' : 'tier';
      return { ...state, subscription: { ...subscription, periodIndex: event.data.periodIndex, period, billedAs } };
    }
    case 'InvoiceIssued':
      return issued(state, event.data);
    case 'InvoicePaid': {
      const document = state.documents[event.data.invoiceId];
      invariant(document?.status === 'open', `InvoicePaid on ${document?.status ?? 'an unknown'} invoice`);
      invariant(document.amountPaid >= document.amountDue, 'InvoicePaid before it is paid in full');
      return { ...state, documents: { ...state.documents, [document.invoiceId]: { ...document, status: 'paid' } } };
    }
    default:
      return isTermsEvent(event) ? evolveTerms(state, event) : evolveLifecycle(state, event);
  }
}

/** Hibernation and cancellation; anything else goes on to the payment events. */
function evolveLifecycle(state: BillingAccountState, event: BillingAccountEvent): BillingAccountState {
  switch (event.type) {
    case 'HibernationRequested':
      invariant(state.status === 'active' && state.hibernationScheduledAt === null, 'HibernationRequested when not allowed');
      return { ...state, hibernationScheduledAt: event.data.effectiveAt };
    case 'HibernationRequestCancelled':
      invariant(state.hibernationScheduledAt !== null, 'HibernationRequestCancelled without a request');
      return { ...state, hibernationScheduledAt: null };
    case 'HibernationStarted':
      invariant(state.hibernationScheduledAt !== null, 'HibernationStarted without a request');
      return { ...state, status: 'hibernating', hibernationScheduledAt: null };
    case 'Resumed': {
      invariant(state.status === 'hibernating', `Resumed while ${state.status}`);
      // The resume line bills the difference to the full charge for the rest of the period.
      const subscription = { ...subscriptionOf(state, event.type), billedAs: 'tier' as const };
      return { ...state, status: state.dunning !== null ? 'past_due' : 'active', subscription };
    }
    case 'CancellationRequested':
      invariant(state.cancellationScheduledAt === null, 'CancellationRequested twice');
      return { ...state, cancellationScheduledAt: event.data.effectiveAt };
    case 'SubscriptionCancelled':
      invariant(state.cancellationScheduledAt !== null, 'SubscriptionCancelled without a request');
      return { ...state, status: 'cancelled', cancellationScheduledAt: null, hibernationScheduledAt: null, dunning: null };
    default:
      return evolvePayments(state, event);
  }
}

function nettedPending(state: BillingAccountState, data: { itemId: string; quantity: number; exactGbp: string }): BillingAccountState['pending'] {
  const item = state.pending.find((candidate) => candidate.itemId === data.itemId);
  invariant(item?.kind === 'branches', `ProrationLineNetted on unknown branch line ${data.itemId}`);
  if (data.quantity === 0) return state.pending.filter((candidate) => candidate.itemId !== data.itemId);
  return state.pending.map((candidate) => (candidate.itemId === data.itemId ? { ...candidate, quantity: data.quantity, exactGbp: data.exactGbp } : candidate));
}

function issued(state: BillingAccountState, data: InvoiceIssuedData): BillingAccountState {
  invariant(state.documents[data.invoiceId] === undefined, `InvoiceIssued twice for ${data.invoiceId}`);
  invariant(data.currency === state.currency, 'InvoiceIssued in another currency than the account');
  invariant(data.creditApplied >= 0 && data.creditApplied <= state.credit, 'InvoiceIssued applies credit the account does not have');
  const creditNote = data.kind === 'credit_note';
  invariant(data.total === data.subtotal + data.tax, 'InvoiceIssued total does not add up');
  invariant(data.amountDue === (creditNote ? 0 : data.total - data.creditApplied), 'InvoiceIssued amount due does not add up');
  invariant(!creditNote || data.creditApplied === 0, 'credit applied to a credit note');
  invariant(creditNote === (data.total < 0), 'document kind does not match the sign of its total');
  const document: DocumentState = {
    invoiceId: data.invoiceId, kind: data.kind, reason: data.reason, issuedAt: data.issuedAt, dueAt: data.dueAt,
    currency: data.currency, total: data.total, tax: data.tax, taxRate: data.taxRate, exchangeRate: data.exchangeRate, amountDue: data.amountDue,
    amountPaid: 0, status: creditNote ? 'paid' : 'open', failedAt: null,
  };
  // A refund's credit note stands beside the billing cycle; every other document bills all pending items.
  const pending = data.reason === 'refund' ? state.pending : [];
  const credit = state.credit - data.creditApplied + (creditNote ? -data.total : 0);
  return { ...state, credit, pending, documents: { ...state.documents, [data.invoiceId]: document } };
}
