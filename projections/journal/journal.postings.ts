import type { InvoiceIssuedData } from '../../libs/domain/billing-account/billing-account.events';
import type { StoredEvent } from '../../libs/event-store/event-store.port';

/**
 * The double-entry postings of billing-rules.md "Ledger", one book per currency. Every amount comes
 * from the event; nothing is recomputed. Debits and credits are non-negative integers of minor
 * units; an account's balance is debit − credit, so assets (Receivable, Cash, Disputed) sit
 * positive and liabilities and revenue (CustomerCredit, TaxPayable, Revenue) negative.
 */
export const ACCOUNT_STREAM_PREFIX = 'account-';

export const LEDGER = {
  receivable: 'Receivable',
  revenue: 'Revenue',
  taxPayable: 'TaxPayable',
  customerCredit: 'CustomerCredit',
  disputed: 'Disputed',
  discounts: 'Discounts',
  cash: (gateway: string) => `Cash:${gateway}`,
} as const;

export type EntryKind = 'invoice_issued' | 'discount' | 'credit_applied' | 'credit_note' | 'payment' | 'refund_payout' | 'dispute_opened' | 'dispute_won' | 'dispute_lost';

export interface JournalLine {
  readonly ledgerAccount: string;
  readonly debit: number;
  readonly credit: number;
}

export interface JournalEntry {
  /** `<eventId>/<n>`: stable across replays, so a rebuild writes the same journal. */
  readonly entryId: string;
  readonly eventId: string;
  readonly kind: EntryKind;
  /** The billing account the entry belongs to. */
  readonly accountId: string;
  readonly currency: string;
  /** The business instant of the event (issue, payment, refund…), which `asOf` filters on. */
  readonly occurredAt: string;
  /**
   * The invoice or credit note the entry is about (its id; exports show its number): the document
   * issued, the invoice paid or disputed, the credit note that records a refund.
   */
  readonly documentId: string;
  /** Words for a person, without internal ids: the document's number travels beside it. */
  readonly description: string;
  readonly lines: readonly JournalLine[];
}

/** A payment as later events need it: the gateway that took it and the invoice it paid. */
export interface PaymentSeen {
  readonly gateway: string;
  readonly invoiceId: string;
}

/** What a posting needs to know from earlier events: each payment the journal has seen. */
export interface PostingContext {
  paymentOf(paymentId: string): PaymentSeen | undefined;
}

const debit = (ledgerAccount: string, amount: number): JournalLine => ({ ledgerAccount, debit: amount, credit: 0 });
const credit = (ledgerAccount: string, amount: number): JournalLine => ({ ledgerAccount, debit: 0, credit: amount });

type Draft = { kind: EntryKind; currency: string; occurredAt: string; documentId: string; description: string; lines: JournalLine[] };

/** The entries one event posts; events that move no money post none. */
export function postingsFor(event: StoredEvent, context: PostingContext): JournalEntry[] {
  if (!event.streamId.startsWith(ACCOUNT_STREAM_PREFIX)) return [];
  const accountId = event.streamId.slice(ACCOUNT_STREAM_PREFIX.length);
  return draftsFor(event, context)
    .map((draft) => ({ ...draft, lines: draft.lines.filter((line) => line.debit !== 0 || line.credit !== 0) }))
    .filter((draft) => draft.lines.length > 0)
    .map((draft, n) => {
      assertBalanced(draft.lines, `${event.type} ${event.id}`);
      return { entryId: `${event.id}/${n}`, eventId: event.id, accountId, ...draft };
    });
}

function draftsFor(event: StoredEvent, context: PostingContext): Draft[] {
  const data = event.data as Record<string, unknown>;
  switch (event.type) {
    case 'InvoiceIssued':
      return documentDrafts(data as unknown as InvoiceIssuedData);
    case 'PaymentRecorded': {
      const { invoiceId, amount, currency, gateway, reference, recordedAt, appliedToInvoice, toCredit } = data as {
        invoiceId: string; amount: number; currency: string; gateway: string; reference: string; recordedAt: string; appliedToInvoice: number; toCredit: number;
      };
      return [{
        kind: 'payment', currency, occurredAt: recordedAt, documentId: invoiceId, description: `Payment received through ${gateway}, reference ${reference}`,
        lines: [debit(LEDGER.cash(gateway), amount), credit(LEDGER.receivable, appliedToInvoice), credit(LEDGER.customerCredit, toCredit)],
      }];
    }
    case 'RefundIssued': {
      const { creditNoteId, amount, currency, gateway, refundedAt, source } = data as {
        creditNoteId: string; amount: number; currency: string; gateway: string; refundedAt: string; source: 'refund' | 'dispute_lost';
      };
      // A lost dispute pays the refund out of the money already held in Disputed, not out of Cash.
      const lost = source === 'dispute_lost';
      return [{
        kind: lost ? 'dispute_lost' : 'refund_payout', currency, occurredAt: refundedAt, documentId: creditNoteId,
        description: lost ? 'Dispute lost: the disputed amount goes back to the cardholder' : `Refund paid out through ${gateway}`,
        lines: [debit(LEDGER.customerCredit, amount), credit(lost ? LEDGER.disputed : LEDGER.cash(gateway), amount)],
      }];
    }
    case 'DisputeOpened': {
      const { invoiceId, amount, currency, gateway, openedAt } = data as { invoiceId: string; amount: number; currency: string; gateway: string; openedAt: string };
      return [{
        kind: 'dispute_opened', currency, occurredAt: openedAt, documentId: invoiceId, description: `Dispute opened: the amount is held back from ${gateway}`,
        lines: [debit(LEDGER.disputed, amount), credit(LEDGER.cash(gateway), amount)],
      }];
    }
    case 'DisputeClosed':
      return disputeClosedDrafts(data as { disputeId: string; paymentId: string; outcome: 'won' | 'lost'; amount: number; currency: string; closedAt: string }, context);
    default:
      return [];
  }
}

/**
 * A discount D on a document (billing-rules.md: debit Discounts D, credit Revenue D), so that
 * Revenue carries what the lines were worth and Discounts what was given away; the document's own
 * entry posts its discounted subtotal. On a credit note the discount line is positive (the credit
 * shrank), and the entry runs the other way: Revenue takes back D and Discounts gives it up.
 */
function discountDraft(issued: InvoiceIssuedData): Draft[] {
  const line = issued.lines.find((candidate) => candidate.kind === 'discount');
  if (line === undefined) return [];
  const { currency, issuedAt: occurredAt } = issued;
  const given = -line.amount;
  const description = given >= 0 ? `${line.description} given` : `${line.description} taken back`;
  const lines = given >= 0 ? [debit(LEDGER.discounts, given), credit(LEDGER.revenue, given)] : [debit(LEDGER.revenue, -given), credit(LEDGER.discounts, -given)];
  return [{ kind: 'discount', currency, occurredAt, documentId: issued.invoiceId, description, lines }];
}

function documentDrafts(issued: InvoiceIssuedData): Draft[] {
  const { currency, issuedAt: occurredAt } = issued;
  if (issued.kind === 'credit_note') {
    return [{
      kind: 'credit_note', currency, occurredAt, documentId: issued.invoiceId, description: 'Credit note issued',
      lines: [debit(LEDGER.revenue, -issued.subtotal), debit(LEDGER.taxPayable, -issued.tax), credit(LEDGER.customerCredit, -issued.total)],
    }, ...discountDraft(issued)];
  }
  return [
    {
      kind: 'invoice_issued', currency, occurredAt, documentId: issued.invoiceId, description: 'Invoice issued',
      lines: [debit(LEDGER.receivable, issued.total), credit(LEDGER.revenue, issued.subtotal), credit(LEDGER.taxPayable, issued.tax)],
    },
    ...discountDraft(issued),
    {
      kind: 'credit_applied', currency, occurredAt, documentId: issued.invoiceId, description: 'Account credit applied to the invoice',
      lines: [debit(LEDGER.customerCredit, issued.creditApplied), credit(LEDGER.receivable, issued.creditApplied)],
    },
  ];
}

function disputeClosedDrafts(
  data: { disputeId: string; paymentId: string; outcome: 'won' | 'lost'; amount: number; currency: string; closedAt: string },
  context: PostingContext,
): Draft[] {
  // A lost dispute is settled by the refund that follows it (RefundIssued, source dispute_lost).
  if (data.outcome === 'lost') return [];
  const payment = context.paymentOf(data.paymentId);
  if (payment === undefined) throw new Error(`DisputeClosed on payment ${data.paymentId} the journal has not seen`);
  return [{
    kind: 'dispute_won', currency: data.currency, occurredAt: data.closedAt, documentId: payment.invoiceId, description: `Dispute won: the amount is back with ${payment.gateway}`,
    lines: [debit(LEDGER.cash(payment.gateway), data.amount), credit(LEDGER.disputed, data.amount)],
  }];
}

/** Crashes on a programmer error: an entry that does not balance must never be written. */
export function assertBalanced(lines: readonly JournalLine[], what: string): void {
  let debits = 0;
  let credits = 0;
  for (const line of lines) {
    if (!Number.isSafeInteger(line.debit) || !Number.isSafeInteger(line.credit) || line.debit < 0 || line.credit < 0) {
      throw new Error(`${what}: a posting to ${line.ledgerAccount} is not a non-negative integer`);
    }
    debits += line.debit;
    credits += line.credit;
  }
  if (debits !== credits) throw new Error(`${what}: debits ${debits} ≠ credits ${credits}`);
}
