import { invariant } from '../decider';
import { billingPeriod } from '../calendar/billing-period';
import type { BillingAccountEvent } from './billing-account.events';
import type { BillingAccountState, DocumentState } from './billing-account.state';

type PaymentEvent = Extract<BillingAccountEvent, { type:
  | 'PaymentMethodSet' | 'PaymentRecorded' | 'PaymentFailed' | 'DunningStepReached' | 'NotificationRequested' | 'DunningResolved'
  | 'AccountSuspended' | 'AccountReactivated' | 'RefundIssued' | 'DisputeOpened' | 'DisputeClosed' }>;

function documentOf(state: BillingAccountState, invoiceId: string, type: string): DocumentState {
  const document = state.documents[invoiceId];
  invariant(document !== undefined, `${type} on unknown invoice ${invoiceId}`);
  return document;
}

function withDocument(state: BillingAccountState, document: DocumentState): BillingAccountState {
  return { ...state, documents: { ...state.documents, [document.invoiceId]: document } };
}

/** The payment and dunning half of `evolve`. */
export function evolvePayments(state: BillingAccountState, event: BillingAccountEvent): BillingAccountState {
  const paymentEvent = event as PaymentEvent;
  switch (paymentEvent.type) {
    case 'PaymentMethodSet':
      const { gateway, token, customerId } = paymentEvent.data;
      return { ...state, paymentMethod: { gateway, token, customerId } };
    case 'PaymentRecorded': {
      const { paymentId, invoiceId, amount, reference, gateway, appliedToInvoice, toCredit } = paymentEvent.data;
      const document = documentOf(state, invoiceId, event.type);
      invariant(appliedToInvoice + toCredit === amount && appliedToInvoice >= 0 && toCredit >= 0, 'PaymentRecorded does not add up');
      invariant(document.amountPaid + appliedToInvoice <= document.amountDue, 'PaymentRecorded overpays the invoice');
      invariant(state.payments[paymentId] === undefined, `PaymentRecorded twice for ${paymentId}`);
      const payment = { paymentId, invoiceId, amount, reference, gateway, refunded: 0, disputed: 0 };
      const next = withDocument(state, { ...document, amountPaid: document.amountPaid + appliedToInvoice });
      return { ...next, credit: state.credit + toCredit, payments: { ...state.payments, [paymentId]: payment } };
    }
    case 'PaymentFailed': {
      const document = documentOf(state, paymentEvent.data.invoiceId, event.type);
      const failed = withDocument(state, { ...document, failedAt: document.failedAt ?? paymentEvent.data.failedAt });
      const retryAt = paymentEvent.data.retryAt;
      if (retryAt === null) return failed;
      invariant(state.dunning === null, 'dunning started twice');
      invariant(state.status === 'active' || state.status === 'hibernating', `dunning started while ${state.status}`);
      // A hibernating account's listings are hidden already; it stays hibernating while dunning runs.
      return { ...failed, status: state.status === 'active' ? 'past_due' : 'hibernating', dunning: { startedAt: paymentEvent.data.failedAt, retryAt, stepsReached: 0 } };
    }
    case 'DunningStepReached':
      invariant(state.dunning !== null && paymentEvent.data.step === state.dunning.stepsReached + 1, 'DunningStepReached out of order');
      return { ...state, dunning: { ...state.dunning, stepsReached: paymentEvent.data.step } };
    case 'NotificationRequested':
      return state;
    case 'DunningResolved':
      invariant(state.dunning !== null && (state.status === 'past_due' || state.status === 'hibernating'), `DunningResolved while ${state.status}`);
      return { ...state, status: state.status === 'past_due' ? 'active' : state.status, dunning: null };
    case 'AccountSuspended':
      invariant(state.status === 'past_due' || state.status === 'hibernating', `AccountSuspended while ${state.status}`);
      return { ...state, status: 'suspended', hibernationScheduledAt: null };
    case 'AccountReactivated': {
      invariant(state.status === 'suspended' && state.subscription !== null, `AccountReactivated while ${state.status}`);
      const period = billingPeriod(paymentEvent.data.anchorDate, 0);
      const subscription = { ...state.subscription, anchorDate: paymentEvent.data.anchorDate, periodIndex: 0, period, billedAs: 'tier' as const };
      return { ...state, status: 'active', dunning: null, subscription };
    }
    case 'RefundIssued':
    case 'DisputeOpened':
    case 'DisputeClosed':
      return evolveRefunds(state, paymentEvent);
    default: {
      const unhandled: never = paymentEvent;
      invariant(false, `unknown event ${(unhandled as { type: string }).type}`);
    }
  }
}

type RefundEvent = Extract<PaymentEvent, { type: 'RefundIssued' | 'DisputeOpened' | 'DisputeClosed' }>;

function evolveRefunds(state: BillingAccountState, paymentEvent: RefundEvent): BillingAccountState {
  switch (paymentEvent.type) {
    case 'RefundIssued': {
      const payment = state.payments[paymentEvent.data.paymentId];
      invariant(payment !== undefined, 'RefundIssued for an unknown payment');
      invariant(payment.refunded + paymentEvent.data.amount <= payment.amount, 'RefundIssued refunds more than was paid');
      invariant(state.credit >= paymentEvent.data.amount, 'RefundIssued pays out credit the account does not have');
      const refunded = { ...payment, refunded: payment.refunded + paymentEvent.data.amount };
      return { ...state, credit: state.credit - paymentEvent.data.amount, payments: { ...state.payments, [payment.paymentId]: refunded } };
    }
    case 'DisputeOpened': {
      const { disputeId, paymentId, amount } = paymentEvent.data;
      const payment = state.payments[paymentId];
      invariant(payment !== undefined && state.disputes[disputeId] === undefined, 'DisputeOpened twice or on an unknown payment');
      const disputes = { ...state.disputes, [disputeId]: { disputeId, paymentId, amount, status: 'open' as const } };
      return { ...state, disputes, payments: { ...state.payments, [paymentId]: { ...payment, disputed: payment.disputed + amount } } };
    }
    case 'DisputeClosed': {
      const dispute = state.disputes[paymentEvent.data.disputeId];
      invariant(dispute?.status === 'open', 'DisputeClosed on a dispute that is not open');
      const payment = state.payments[dispute.paymentId];
      invariant(payment !== undefined, 'DisputeClosed on an unknown payment');
      const closed = { ...dispute, status: paymentEvent.data.outcome };
      const released = { ...payment, disputed: payment.disputed - dispute.amount };
      return { ...state, disputes: { ...state.disputes, [dispute.disputeId]: closed }, payments: { ...state.payments, [payment.paymentId]: released } };
    }
  }
}
