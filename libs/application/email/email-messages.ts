import { findTier, smallestTierFitting, tierLabel, type Catalog } from '../../domain/catalog/catalog';
import type { DocumentReason, InvoiceIssuedData } from '../../domain/billing-account/billing-account.events';
import { amountRemaining, openDocuments, type BillingAccountState } from '../../domain/billing-account/billing-account.state';
import { BOOK_CURRENCY } from '../../domain/money/currency';
import type { StoredEvent } from '../../event-store/event-store.port';
import type { InvoiceView } from '../../../projections/invoices/invoices.query';
import { formatDate, formatMoney, formatRate, listInWords, type EmailBody } from './email-format';

/**
 * What the vendor is told by email, and in which words (api.md, "Email"): each message says what
 * happened, what is owed and what happens next. Composed from the event and the account as its
 * own events had left it right after that event, so a resend after a crash says the same thing.
 */
export type EmailKind =
  | 'invoice_issued' | 'credit_note_issued' | 'payment_failed' | 'payment_retry' | 'payment_reminder' | 'account_suspended'
  | 'account_reactivated' | 'grace_started' | 'hibernation_started' | 'subscription_cancelled';

export interface ComposedEmail {
  readonly kind: EmailKind;
  readonly subject: string;
  readonly body: EmailBody;
  /** The document an invoice or credit note email is about: the notifier attaches its PDF. */
  readonly document?: InvoiceView;
}

export interface EmailFacts {
  readonly event: StoredEvent;
  /** The account right after the event. */
  readonly state: BillingAccountState;
  /** Documents of the account by id, as the invoices read model numbers them. */
  readonly documents: ReadonlyMap<string, InvoiceView>;
  readonly catalog: Catalog;
}

/** The event types that may call for an email; `emailKindOf` decides for each event. */
export const EMAIL_EVENT_TYPES: ReadonlySet<string> = new Set([
  'InvoiceIssued', 'PaymentFailed', 'NotificationRequested', 'AccountReactivated', 'GraceStarted', 'HibernationStarted', 'SubscriptionCancelled',
]);

export function emailKindOf(event: StoredEvent): EmailKind | undefined {
  const data = event.data as Record<string, unknown>;
  switch (event.type) {
    case 'InvoiceIssued': return data.kind === 'credit_note' ? 'credit_note_issued' : 'invoice_issued';
    // Only the failure that starts dunning: later ones are told by the step emails that follow.
    case 'PaymentFailed': return data.retryAt !== null ? 'payment_failed' : undefined;
    case 'NotificationRequested': return data.notification as 'payment_retry' | 'payment_reminder' | 'account_suspended';
    case 'AccountReactivated': return 'account_reactivated';
    case 'GraceStarted': return 'grace_started';
    case 'HibernationStarted': return 'hibernation_started';
    case 'SubscriptionCancelled': return 'subscription_cancelled';
    default: return undefined;
  }
}

export function composeEmail(facts: EmailFacts): ComposedEmail | undefined {
  const kind = emailKindOf(facts.event);
  if (kind === undefined) return undefined;
  const greeting = `Hello ${facts.state.businessName},`;
  const compose = COMPOSERS[kind];
  const { subject, paragraphs, rows, document } = compose(facts);
  return { kind, subject, body: { greeting, paragraphs, rows }, document };
}

type Composer = (facts: EmailFacts) => { subject: string; paragraphs: string[]; rows?: Array<[string, string]>; document?: InvoiceView };

const money = (facts: EmailFacts, amount: number) => formatMoney(amount, facts.state.currency);

/** What the account owes now: every open invoice's remaining amount. */
function owed(facts: EmailFacts): { total: number; numbers: string[] } {
  const open = openDocuments(facts.state).filter((document) => document.kind === 'invoice' && amountRemaining(document) > 0);
  return { total: open.reduce((sum, document) => sum + amountRemaining(document), 0), numbers: open.map((document) => numberOf(facts, document.invoiceId)) };
}

function numberOf(facts: EmailFacts, invoiceId: string): string {
  return facts.documents.get(invoiceId)?.number ?? invoiceId;
}

function howToPay(facts: EmailFacts): string {
  return facts.state.paymentMethod !== null
    ? 'If your card has changed, update the payment method in the portal, or pay the open invoices there now.'
    : 'Pay the open invoices in the portal, or add a payment method there so that we can collect automatically.';
}

/** The dunning schedule as the account holds it: next step and the suspension date. */
function schedule(facts: EmailFacts): { next: string | undefined; suspension: string | undefined } {
  const dunning = facts.state.dunning;
  if (dunning === null) return { next: undefined, suspension: undefined };
  return { next: dunning.retryAt[dunning.stepsReached], suspension: dunning.retryAt[dunning.retryAt.length - 1] };
}

function documentRows(facts: EmailFacts, document: InvoiceView): Array<[string, string]> {
  return [
    ...document.lines.map((line): [string, string] => [line.quantity > 1 ? `${line.description} × ${line.quantity}` : line.description, money(facts, line.amount.amount)]),
    ['Subtotal', money(facts, document.subtotal.amount)],
    [`Tax (${formatRate(document.taxRate)})`, money(facts, document.tax.amount)],
    ['Total', money(facts, document.total.amount)],
    ...(document.creditApplied.amount > 0 ? [['Credit applied', `-${money(facts, document.creditApplied.amount)}`] as [string, string]] : []),
    ...(document.kind === 'invoice' ? [['Amount due', money(facts, document.amountDue.amount)] as [string, string]] : []),
  ];
}

/** Why a document was issued, in words that follow "issued … on <date>". */
const REASON_WORDS: Readonly<Record<DocumentReason, string>> = {
  subscription: 'for your new subscription', renewal: 'for the new billing period', upgrade: 'for the change of tier', resume: 'for resuming your subscription',
  final: 'as the final invoice of your subscription', reactivation: 'for the new billing period after reactivation', refund: 'for a refund',
};

const invoiceIssued: Composer = (facts) => {
  const data = facts.event.data as unknown as InvoiceIssuedData;
  const document = facts.documents.get(data.invoiceId) as InvoiceView;
  const period = data.periodStart && data.periodEnd ? ` for ${formatDate(data.periodStart)} to ${formatDate(data.periodEnd)}` : ` ${REASON_WORDS[data.reason]}`;
  const due = money(facts, data.amountDue);
  const next = data.amountDue === 0
    ? 'Nothing is due: your account credit covers it.'
    : facts.state.paymentMethod !== null
      ? `We are charging ${due} to your payment method on file now; you do not need to do anything.`
      : `Please pay ${due} by ${formatDate(data.dueAt ?? data.issuedAt)}. If it is still unpaid then, we will remind you and, after the last reminder, suspend the account.`;
  return {
    subject: `Invoice ${document.number}: ${due} ${data.amountDue === 0 ? 'covered by credit' : 'due'}`,
    paragraphs: [`We have issued invoice ${document.number} on ${formatDate(data.issuedAt)}${period}.`, next, `Invoice ${document.number} is attached as a PDF, and is always in the portal.`],
    rows: documentRows(facts, document),
    document,
  };
};

const creditNoteIssued: Composer = (facts) => {
  const data = facts.event.data as unknown as InvoiceIssuedData;
  const document = facts.documents.get(data.invoiceId) as InvoiceView;
  const amount = money(facts, -data.total);
  return {
    subject: `Credit note ${document.number}: ${amount} credited`,
    paragraphs: [
      `We have issued credit note ${document.number} on ${formatDate(data.issuedAt)} ${data.refundOf ? `for the refund of a payment on invoice ${numberOf(facts, data.refundOf.invoiceId)}` : REASON_WORDS[data.reason]}.`,
      data.refundOf ? `The ${amount} is being paid back to you.` : `The ${amount} is added to your account credit, now ${money(facts, facts.state.credit)}, which pays your next invoices first.`,
      `Credit note ${document.number} is attached as a PDF, and is always in the portal.`,
    ],
    rows: documentRows(facts, document),
    document,
  };
};

/** The failure reason the domain records when an invoice without a payment method passes its due date. */
const OVERDUE = 'overdue';

const paymentFailed: Composer = (facts) => {
  const data = facts.event.data as { invoiceId: string; reason: string; failedAt: string; retryAt: string[] };
  const { total, numbers } = owed(facts);
  const attempts = facts.state.paymentMethod !== null ? 'try the payment again' : 'remind you';
  const overdue = data.reason === OVERDUE;
  return {
    subject: overdue ? `Payment overdue: ${money(facts, total)} unpaid` : `Payment failed: ${money(facts, total)} overdue`,
    paragraphs: [
      `${overdue
        ? `Invoice ${numberOf(facts, data.invoiceId)} was due on ${formatDate(data.failedAt)} and has not been paid.`
        : `The payment for invoice ${numberOf(facts, data.invoiceId)} did not go through on ${formatDate(data.failedAt)} (${data.reason.replace(/_/g, ' ')}).`} Your listings stay visible for now.`,
      `You owe ${money(facts, total)} (${listInWords(numbers)}).`,
      `We will ${attempts} on ${listInWords(data.retryAt.map(formatDate))}. If it is still unpaid after the last of these, the account will be suspended on ${formatDate(data.retryAt[data.retryAt.length - 1])} and its listings hidden. ${howToPay(facts)}`,
    ],
  };
};

const dunningStep = (mode: 'retry' | 'reminder'): Composer => (facts) => {
  const dunning = facts.state.dunning;
  const { total, numbers } = owed(facts);
  const { next, suspension } = schedule(facts);
  const count = dunning ? `${dunning.stepsReached} of ${dunning.retryAt.length}` : '';
  const today = mode === 'retry'
    ? `Today we are trying the payment again (attempt ${count}).`
    : `This is reminder ${count}: your payment is overdue.`;
  const step = mode === 'retry' ? 'attempt' : 'reminder';
  const lead = mode === 'retry' ? 'If it does not go through, the' : 'The';
  const after = next === undefined
    ? `This is the last ${step}: ${mode === 'retry' ? 'if it fails, the account is suspended today' : 'the account is suspended today'} and its listings hidden.`
    : next === suspension
      ? `${lead} last ${step} is on ${formatDate(next)}, and the account will be suspended that day if it is still unpaid then.`
      : `${lead} next ${step} is on ${formatDate(next)}, and the account will be suspended on ${formatDate(suspension as string)} if it is still unpaid then.`;
  return {
    subject: `${mode === 'retry' ? 'Payment retry' : 'Payment reminder'} ${count}: ${money(facts, total)} overdue`,
    paragraphs: [today, `You owe ${money(facts, total)} (${listInWords(numbers)}).`, `${after} ${howToPay(facts)}`],
  };
};

const accountSuspended: Composer = (facts) => {
  const { total, numbers } = owed(facts);
  return {
    subject: `Account suspended: ${money(facts, total)} unpaid`,
    paragraphs: [
      `Your account was suspended on ${formatDate((facts.event.data as { requestedAt: string }).requestedAt)} because the overdue payment could not be collected. Your listings are hidden and no new invoices are issued.`,
      `You owe ${money(facts, total)} (${listInWords(numbers)}).`,
      `Once every open invoice is paid the account is reactivated at once, listings visible again, with a new monthly period starting that day. ${howToPay(facts)}`,
    ],
  };
};

const accountReactivated: Composer = (facts) => {
  const data = facts.event.data as { reactivatedAt: string; periodStart: string; periodEnd: string };
  return {
    subject: 'Account reactivated',
    paragraphs: [
      `Thank you: your payment was received and your account is active again since ${formatDate(data.reactivatedAt)}. Your listings are visible.`,
      'Nothing is overdue any more.',
      `A new billing period runs from ${formatDate(data.periodStart)} to ${formatDate(data.periodEnd)}; its invoice follows in a separate email, credited for any days of the last period you had already paid for.`,
    ],
  };
};

const graceStarted: Composer = (facts) => {
  const data = facts.event.data as { startedAt: string; endsAt: string; productCount: number; productLimit: number };
  const tier = facts.state.subscription ? findTier(facts.catalog, facts.state.subscription.tier) : undefined;
  const target = smallestTierFitting(facts.catalog, data.productCount);
  const converted = facts.state.currency === BOOK_CURRENCY ? '' : `, billed in ${facts.state.currency} at the rate of each invoice`;
  const targetWords = target ? `${tierLabel(target.name)} (${target.productLimit === null ? 'unlimited products' : `up to ${target.productLimit} products`}, ${formatMoney(target.priceGbp, BOOK_CURRENCY)} a month${converted})` : 'the next tier';
  return {
    subject: `Over your product limit: ${data.productCount} products on ${tier ? tierLabel(tier.name) : 'your tier'} (limit ${data.productLimit})`,
    paragraphs: [
      `On ${formatDate(data.startedAt)} your account listed ${data.productCount} products, above the ${data.productLimit} your ${tier ? tierLabel(tier.name) : ''} tier allows. Your listings stay visible during a grace period.`,
      'Nothing is owed for this now.',
      `If you still have more than ${data.productLimit} products on ${formatDate(data.endsAt)}, we will move the account automatically to ${targetWords}, the smallest tier that fits, and invoice the difference for the rest of the period. To avoid it, bring the count back within ${data.productLimit} before then.`,
    ],
  };
};

const hibernationStarted: Composer = (facts) => {
  const fee = facts.state.subscription ? formatMoney(facts.state.subscription.prices.hibernationFeeGbp, BOOK_CURRENCY) : 'the hibernation fee';
  const converted = facts.state.currency === BOOK_CURRENCY ? '' : ` (in ${facts.state.currency} at the rate of each invoice)`;
  return {
    subject: 'Your account is hibernating',
    paragraphs: [
      `As you asked, your account has been hibernating since ${formatDate((facts.event.data as { startedAt: string }).startedAt)}: your listings are hidden and your data is kept.`,
      `From now on each month is billed at the hibernation fee of ${fee}${converted} instead of your tier and branches.`,
      'Resume whenever you like in the portal: the account is active at once and the rest of that month is invoiced at your tier.',
    ],
  };
};

const subscriptionCancelled: Composer = (facts) => {
  const { total } = owed(facts);
  return {
    subject: 'Your subscription has ended',
    paragraphs: [
      `As you asked, your subscription ended on ${formatDate((facts.event.data as { cancelledAt: string }).cancelledAt)}. Your listings are hidden and no further invoices will be issued.`,
      total > 0 ? `${money(facts, total)} is still open; please pay it in the portal.` : 'Nothing is owed.',
      'Your account and its history are kept: you can subscribe again at any time.',
    ],
  };
};

const COMPOSERS: Record<EmailKind, Composer> = {
  invoice_issued: invoiceIssued,
  credit_note_issued: creditNoteIssued,
  payment_failed: paymentFailed,
  payment_retry: dunningStep('retry'),
  payment_reminder: dunningStep('reminder'),
  account_suspended: accountSuspended,
  account_reactivated: accountReactivated,
  grace_started: graceStarted,
  hibernation_started: hibernationStarted,
  subscription_cancelled: subscriptionCancelled,
};
