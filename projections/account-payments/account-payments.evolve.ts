import type { DisputeClosed, DisputeOpened, PaymentRecorded, RefundIssued } from '../../libs/domain/billing-account/billing-account.events';
import type { Money } from '../../libs/domain/money/money';
import type { StoredEvent } from '../../libs/event-store/event-store.port';

/**
 * The pure half of the account-payments read model: each payment, refund and dispute of an
 * account as one row, in the JSON shape of GET /v1/accounts/{id}/payments. A refund also adds to
 * its payment's `refunded`; a dispute's close changes that dispute's row. Rows keep the feed
 * position of the event that created them, which orders the list newest first.
 */
export const ACCOUNT_STREAM_PREFIX = 'account-';

export type PaymentActivityKind = 'payment' | 'refund' | 'dispute';
export type PaymentActivityStatus = 'succeeded' | 'open' | 'won' | 'lost';

export interface PaymentActivity {
  readonly kind: PaymentActivityKind;
  /** The payment this row is, or the one it refunds or disputes. */
  readonly paymentId: string;
  readonly refundId: string | null;
  readonly disputeId: string | null;
  readonly invoiceId: string;
  /** The credit note that records a refund. */
  readonly creditNoteId: string | null;
  readonly amount: Money;
  readonly gateway: string;
  /** Payments and refunds succeeded when recorded; a dispute is open, then won or lost. */
  readonly status: PaymentActivityStatus;
  readonly occurredAt: string;
  readonly closedAt: string | null;
  /** Payments: the gateway's or finance's reference. */
  readonly reference: string | null;
  /** Payments: the part that settled the invoice, and the rest that became account credit. */
  readonly appliedToInvoice: Money | null;
  readonly toCredit: Money | null;
  /** Payments: refunded so far, lost disputes included. */
  readonly refunded: Money | null;
  /** Refunds: why, and whether finance refunded or a lost dispute took the money. */
  readonly reason: string | null;
  readonly source: 'refund' | 'dispute_lost' | null;
}

export interface PaymentActivityRow {
  readonly accountId: string;
  readonly position: string;
  readonly item: PaymentActivity;
}

/** Rows by `rowKey`: the batch's working copy, holding the rows the batch creates or changes. */
export type PaymentActivityBook = Map<string, PaymentActivityRow>;

export const rowKey = (kind: PaymentActivityKind, id: string): string => `${kind}:${id}`;

export const PAYMENT_ACTIVITY_EVENT_TYPES = new Set(['PaymentRecorded', 'RefundIssued', 'DisputeOpened', 'DisputeClosed']);

/** The rows an event needs to find already in the model (besides what it creates). */
export function rowsNeeded(event: StoredEvent): string[] {
  if (event.type === 'RefundIssued') return [rowKey('payment', (event.data as RefundIssued['data']).paymentId)];
  if (event.type === 'DisputeClosed') return [rowKey('dispute', (event.data as DisputeClosed['data']).disputeId)];
  return [];
}

const blank = { refundId: null, disputeId: null, creditNoteId: null, closedAt: null, reference: null, appliedToInvoice: null, toCredit: null, refunded: null, reason: null, source: null } as const;

/** Folds one event into the book, in place. A refund or close of a row the model lacks is a bug: it throws. */
export function evolvePaymentActivity(book: PaymentActivityBook, event: StoredEvent): void {
  if (!event.streamId.startsWith(ACCOUNT_STREAM_PREFIX)) return;
  const accountId = event.streamId.slice(ACCOUNT_STREAM_PREFIX.length);
  const create = (id: string, item: PaymentActivity) => book.set(rowKey(item.kind, id), { accountId, position: event.position, item });
  switch (event.type) {
    case 'PaymentRecorded': {
      const data = event.data as PaymentRecorded['data'];
      const money = (amount: number): Money => ({ amount, currency: data.currency });
      create(data.paymentId, {
        ...blank, kind: 'payment', paymentId: data.paymentId, invoiceId: data.invoiceId, amount: money(data.amount), gateway: data.gateway, status: 'succeeded',
        occurredAt: data.recordedAt, reference: data.reference, appliedToInvoice: money(data.appliedToInvoice), toCredit: money(data.toCredit), refunded: money(0),
      });
      return;
    }
    case 'RefundIssued': {
      const data = event.data as RefundIssued['data'];
      const payment = existing(book, rowKey('payment', data.paymentId));
      const refunded = payment.item.refunded?.amount ?? 0;
      book.set(rowKey('payment', data.paymentId), { ...payment, item: { ...payment.item, refunded: { amount: refunded + data.amount, currency: data.currency } } });
      create(data.refundId, refundActivity(data));
      return;
    }
    case 'DisputeOpened': {
      const data = event.data as DisputeOpened['data'];
      create(data.disputeId, {
        ...blank, kind: 'dispute', paymentId: data.paymentId, disputeId: data.disputeId, invoiceId: data.invoiceId,
        amount: { amount: data.amount, currency: data.currency }, gateway: data.gateway, status: 'open', occurredAt: data.openedAt,
      });
      return;
    }
    case 'DisputeClosed': {
      const data = event.data as DisputeClosed['data'];
      const dispute = existing(book, rowKey('dispute', data.disputeId));
      book.set(rowKey('dispute', data.disputeId), { ...dispute, item: { ...dispute.item, status: data.outcome, closedAt: data.closedAt } });
      return;
    }
    default:
      return;
  }
}

/** A refund as a row of the list; the refund command answers with the same shape. */
export function refundActivity(data: RefundIssued['data']): PaymentActivity {
  return {
    ...blank, kind: 'refund', paymentId: data.paymentId, refundId: data.refundId, invoiceId: data.invoiceId, creditNoteId: data.creditNoteId,
    amount: { amount: data.amount, currency: data.currency }, gateway: data.gateway, status: 'succeeded', occurredAt: data.refundedAt, reason: data.reason, source: data.source,
  };
}

function existing(book: PaymentActivityBook, key: string): PaymentActivityRow {
  const row = book.get(key);
  if (!row) throw new Error(`account-payments: ${key} is not in the model`);
  return row;
}
