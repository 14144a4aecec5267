import type { Logger } from 'pino';
import type { Pool } from 'pg';
import { billingAccountDecider } from '../../domain/billing-account/billing-account.decider';
import type { BillingAccountEvent } from '../../domain/billing-account/billing-account.events';
import type { BillingAccountState } from '../../domain/billing-account/billing-account.state';
import type { Catalog } from '../../domain/catalog/catalog';
import type { EventStore, StoredEvent } from '../../event-store/event-store.port';
import type { Clock } from '../../infra/clock/clock';
import type { BatchHandler } from '../../infra/feed/feed-follower';
import { waitForPosition } from '../../infra/projections/read-your-writes';
import { findInvoice, type InvoiceView } from '../../../projections/invoices/invoices.query';
import { renderHtml, renderText } from './email-format';
import { composeEmail, EMAIL_EVENT_TYPES, type ComposedEmail } from './email-messages';
import { isSettled, recordOutcome } from './email-outbox';
import { isPermanentMailError, type MailTransport } from './email-transport';
import { emailsTotal } from './email.metrics';

/** The email follower's checkpoint name in feed_checkpoints. */
export const EMAIL_FOLLOWER = 'email';
const ACCOUNT_PREFIX = 'account-';

export interface EmailNotifierOptions {
  readonly pool: Pool;
  readonly store: EventStore;
  readonly transport: MailTransport;
  readonly from: string;
  readonly catalog: Catalog;
  /** Operational time for sentAt / failedAt. */
  readonly clock: Clock;
  /**
   * The PDF of an invoice or credit note, the very bytes GET /v1/invoices/{invoiceId}/pdf answers
   * from the same read model; it throws when the document cannot be had yet (the batch is retried).
   */
  readonly documentPdf: (invoiceId: string) => Promise<Buffer>;
  readonly logger: Logger;
}

/** `<event id@billing-ledger>`: a message sent again after a crash is recognisably the same one. */
export function messageIdFor(eventId: string): string {
  return `<${eventId}@billing-ledger>`;
}

/**
 * The email follower's batch handler: for each event that calls for an email, compose it from
 * the account's own events up to that one, send it, and record the outcome in the outbox. A
 * message already in the outbox is skipped, so a batch handed over again (after an outage or a
 * crash) sends only what was not sent. An outage of the SMTP server throws, and the follower
 * retries the batch with backoff; a refusal the server would repeat is recorded as failed.
 */
export function emailNotifier(options: EmailNotifierOptions): BatchHandler {
  return async (events) => {
    const relevant = events.filter((event) => event.streamId.startsWith(ACCOUNT_PREFIX) && EMAIL_EVENT_TYPES.has(event.type));
    if (relevant.length === 0) return;
    const states = await statesAfter(options.store, relevant);
    for (const event of relevant) {
      const messageId = messageIdFor(event.id);
      if (await isSettled(options.pool, messageId)) continue;
      const state = states.get(event.id) as BillingAccountState;
      const email = composeEmail({ event, state, documents: await documentsOf(options.pool, event, state), catalog: options.catalog });
      if (email) await send(options, event, state, email, messageId);
    }
  };
}

async function send(options: EmailNotifierOptions, event: StoredEvent, state: BillingAccountState, email: ComposedEmail, messageId: string): Promise<void> {
  const record = { messageId, eventId: event.id, kind: email.kind, accountId: state.accountId, to: state.email, subject: email.subject };
  // Rendered before the attempt: a document that cannot be had yet is an outage, retried like one.
  const attachments = email.document ? [{ filename: `${email.document.number}.pdf`, content: await options.documentPdf(email.document.invoiceId), contentType: 'application/pdf' }] : undefined;
  try {
    await options.transport.send({
      messageId, from: options.from, to: state.email, subject: email.subject,
      text: renderText(email.body), html: renderHtml(email.subject, email.body), attachments,
      headers: { 'X-Billing-Event-Id': event.id, 'X-Billing-Notification': email.kind },
    });
  } catch (error) {
    if (!isPermanentMailError(error)) {
      emailsTotal.inc({ outcome: 'retried' });
      throw error;
    }
    await recordOutcome(options.pool, record, options.clock.now(), (error as Error).message.slice(0, 500));
    emailsTotal.inc({ outcome: 'failed' });
    options.logger.warn({ messageId, kind: email.kind, accountId: state.accountId, err: (error as Error).message }, 'email refused by the server; marked failed');
    return;
  }
  await recordOutcome(options.pool, record, options.clock.now(), null);
  emailsTotal.inc({ outcome: 'sent' });
  options.logger.info({ messageId, kind: email.kind, accountId: state.accountId }, 'email sent');
}

/** Each event's account as its stream stood right after it; one read per stream. */
async function statesAfter(store: EventStore, events: readonly StoredEvent[]): Promise<Map<string, BillingAccountState>> {
  const states = new Map<string, BillingAccountState>();
  const byStream = new Map<string, StoredEvent[]>();
  for (const event of events) byStream.set(event.streamId, [...(byStream.get(event.streamId) ?? []), event]);
  for (const [streamId, wanted] of byStream) {
    const last = Math.max(...wanted.map((event) => event.revision));
    const stream = await store.readStream(streamId, { maxCount: last + 1 });
    let state = billingAccountDecider.initialState();
    const byRevision = new Map(wanted.map((event) => [event.revision, event]));
    for (const stored of stream) {
      state = billingAccountDecider.evolve(state, stored as unknown as BillingAccountEvent);
      const event = byRevision.get(stored.revision);
      if (event) states.set(event.id, state);
    }
  }
  return states;
}

/**
 * The account's documents as the invoices read model numbers them, once it has applied this
 * event (numbers are drawn there, in ledger order). If it lags, the batch is tried again later.
 */
async function documentsOf(pool: Pool, event: StoredEvent, state: BillingAccountState): Promise<Map<string, InvoiceView>> {
  if (!(await waitForPosition(pool, ['invoices'], event.position, 10_000))) throw new Error(`the invoices read model has not reached ${event.position} yet`);
  const documents = new Map<string, InvoiceView>();
  for (const invoiceId of Object.keys(state.documents)) {
    const view = await findInvoice(pool, invoiceId);
    if (view) documents.set(invoiceId, view);
  }
  return documents;
}
