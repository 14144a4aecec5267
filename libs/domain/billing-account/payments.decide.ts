import { Rejected } from '../decider';
import { isMoney, negate, type Money } from '../money/money';
import { divideHalfEven, exact, exactQuotient } from '../money/rounding';
import type { CloseDispute, OpenDispute, RecordPayment, RecordPaymentFailure, RefundPayment, SetPaymentMethod } from './billing-account.commands';
import type { InvoiceIssuedData } from './billing-account.events';
import { amountRemaining, type BillingAccountState, type DocumentState, type PaymentState } from './billing-account.state';
import type { Emitter } from './emitter';
import { recordFailure, resolveDunningIfSettled } from './dunning';

export const PAYMENT_GATEWAYS = ['sandbox', 'stripe'] as const;

function requireText(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.trim() === '') throw new Rejected('VALIDATION_FAILED', `${field} must be a non-empty string`, field);
  return value;
}

function requireAmount(state: BillingAccountState, amount: unknown): Money {
  if (!isMoney(amount) || amount.amount <= 0) throw new Rejected('VALIDATION_FAILED', 'amount must be a positive Money', 'amount');
  if (amount.currency !== state.currency) throw new Rejected('CURRENCY_MISMATCH', `the account bills in ${state.currency}, the amount is in ${amount.currency}`);
  return amount;
}

function requireInvoice(state: BillingAccountState, invoiceId: unknown): DocumentState {
  const document = typeof invoiceId === 'string' ? state.documents[invoiceId] : undefined;
  if (!document || document.kind !== 'invoice') throw new Rejected('INVOICE_NOT_FOUND');
  if (document.status === 'void') throw new Rejected('INVOICE_VOID');
  return document;
}

function requirePayment(state: BillingAccountState, paymentId: unknown): PaymentState {
  const payment = typeof paymentId === 'string' ? state.payments[paymentId] : undefined;
  if (!payment) throw new Rejected('PAYMENT_NOT_FOUND');
  return payment;
}

export function setPaymentMethod(out: Emitter, at: string, command: SetPaymentMethod): void {
  if (!(PAYMENT_GATEWAYS as readonly unknown[]).includes(command.gateway)) throw new Rejected('VALIDATION_FAILED', 'gateway must be sandbox or stripe', 'gateway');
  const token = requireText(command.token, 'token');
  const customerId = command.customerId === undefined ? null : requireText(command.customerId, 'customerId');
  out.emit({ type: 'PaymentMethodSet', data: { gateway: command.gateway, token, customerId, setAt: at } });
}

/** Payments accumulate; the part above what is left to pay becomes credit. Idempotent on reference. */
export function recordPayment(out: Emitter, at: string, command: RecordPayment): void {
  const reference = requireText(command.reference, 'reference');
  const gateway = requireText(command.gateway, 'gateway');
  const document = requireInvoice(out.state, command.invoiceId);
  const amount = requireAmount(out.state, command.amount);
  const earlier = Object.values(out.state.payments).find((payment) => payment.reference === reference);
  if (earlier) {
    if (earlier.invoiceId === document.invoiceId && earlier.amount === amount.amount) return;
    throw new Rejected('PAYMENT_REFERENCE_REUSED', `reference ${reference} was recorded with another invoice or amount`);
  }
  const appliedToInvoice = Math.min(amount.amount, amountRemaining(document));
  const paymentId = out.context.newId();
  out.emit({
    type: 'PaymentRecorded',
    data: { paymentId, invoiceId: document.invoiceId, amount: amount.amount, currency: amount.currency, reference, gateway, recordedAt: at, appliedToInvoice, toCredit: amount.amount - appliedToInvoice },
  });
  const after = out.state.documents[document.invoiceId];
  if (after.status === 'open' && after.amountPaid >= after.amountDue) out.emit({ type: 'InvoicePaid', data: { invoiceId: after.invoiceId, paidAt: at } });
  resolveDunningIfSettled(out, at);
}

export function recordPaymentFailure(out: Emitter, at: string, command: RecordPaymentFailure): void {
  const reason = requireText(command.reason, 'reason');
  const document = requireInvoice(out.state, command.invoiceId);
  if (document.status !== 'open') throw new Rejected('INVALID_STATE', `invoice is ${document.status}`);
  recordFailure(out, at, document.invoiceId, reason);
}

/**
 * Gives money back as billing-rules.md's ledger says: a credit note for the amount, its tax split
 * out at the invoice's rate, then a payout of the credit it created.
 */
function refund(out: Emitter, at: string, payment: PaymentState, amount: number, reason: string, source: 'refund' | 'dispute_lost'): void {
  const invoice = out.state.documents[payment.invoiceId];
  const divisor = exact(1).plus(invoice.taxRate);
  const net = divideHalfEven(amount, divisor);
  const creditNoteId = out.context.newId();
  const data: InvoiceIssuedData = {
    invoiceId: creditNoteId, kind: 'credit_note', reason: 'refund', issuedAt: at, periodStart: null, periodEnd: null, currency: out.state.currency,
    lines: [{ itemId: null, kind: 'refund', description: `Refund: ${reason}`, quantity: 1, unitAmountGbp: null, days: 1, periodDays: 1, exactGbp: null, exact: exactQuotient(-amount, divisor), amount: negate(net) }],
    subtotal: negate(net), taxRate: invoice.taxRate, taxRegion: out.state.taxRegion, tax: negate(amount - net), total: negate(amount), exchangeRate: invoice.exchangeRate,
    creditApplied: 0, amountDue: 0, dueAt: null, refundOf: { paymentId: payment.paymentId, invoiceId: payment.invoiceId },
  };
  out.emit({ type: 'InvoiceIssued', data });
  out.emit({
    type: 'RefundIssued',
    data: { refundId: out.context.newId(), paymentId: payment.paymentId, invoiceId: payment.invoiceId, creditNoteId, amount, currency: out.state.currency, gateway: payment.gateway, reason, refundedAt: at, source },
  });
}

function refundable(payment: PaymentState): number {
  return payment.amount - payment.refunded - payment.disputed;
}

export function refundPayment(out: Emitter, at: string, command: RefundPayment): void {
  const payment = requirePayment(out.state, command.paymentId);
  const amount = requireAmount(out.state, command.amount);
  const reason = requireText(command.reason, 'reason');
  if (amount.amount > refundable(payment)) throw new Rejected('REFUND_EXCEEDS_PAYMENT', `at most ${refundable(payment)} can be refunded`);
  refund(out, at, payment, amount.amount, reason, 'refund');
}

export function openDispute(out: Emitter, at: string, command: OpenDispute): void {
  const disputeId = requireText(command.disputeId, 'disputeId');
  const payment = requirePayment(out.state, command.paymentId);
  const amount = requireAmount(out.state, command.amount);
  const known = out.state.disputes[disputeId];
  if (known) {
    if (known.paymentId === payment.paymentId && known.amount === amount.amount) return;
    throw new Rejected('INVALID_STATE', `dispute ${disputeId} is already recorded differently`);
  }
  if (amount.amount > refundable(payment)) throw new Rejected('REFUND_EXCEEDS_PAYMENT', `at most ${refundable(payment)} can be disputed`);
  out.emit({ type: 'DisputeOpened', data: { disputeId, paymentId: payment.paymentId, invoiceId: payment.invoiceId, amount: amount.amount, currency: amount.currency, gateway: payment.gateway, openedAt: at } });
}

export function closeDispute(out: Emitter, at: string, command: CloseDispute): void {
  if (command.outcome !== 'won' && command.outcome !== 'lost') throw new Rejected('VALIDATION_FAILED', 'outcome must be won or lost', 'outcome');
  const dispute = typeof command.disputeId === 'string' ? out.state.disputes[command.disputeId] : undefined;
  if (!dispute) throw new Rejected('DISPUTE_NOT_FOUND');
  if (dispute.status === command.outcome) return;
  if (dispute.status !== 'open') throw new Rejected('INVALID_STATE', `dispute already ${dispute.status}`);
  const payment = out.state.payments[dispute.paymentId];
  out.emit({ type: 'DisputeClosed', data: { disputeId: dispute.disputeId, paymentId: payment.paymentId, outcome: command.outcome, amount: dispute.amount, currency: out.state.currency, closedAt: at } });
  if (command.outcome === 'lost') refund(out, at, out.state.payments[payment.paymentId], dispute.amount, 'dispute lost', 'dispute_lost');
}
