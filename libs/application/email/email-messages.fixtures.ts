import { billingAccountDecider } from '../../domain/billing-account/billing-account.decider';
import type { BillingAccountCommand } from '../../domain/billing-account/billing-account.commands';
import { historyOf, type FixtureOptions } from '../../domain/billing-account/billing-account.fixtures';
import { defaultCatalog } from '../../domain/catalog/catalog';
import type { StoredEvent } from '../../event-store/event-store.port';
import { emptyBook, evolveInvoiceBook } from '../../../projections/invoices/invoices.evolve';
import { invoiceView, type InvoiceView } from '../../../projections/invoices/invoices.query';
import { renderHtml, renderText } from './email-format';
import { composeEmail, type ComposedEmail } from './email-messages';

/**
 * The emails an account's history calls for, composed as the notifier composes them: each event
 * stored as the feed would hand it over, the account folded up to it, and the invoices numbered
 * as the invoices read model numbers them. For the wording tests.
 */
export interface RenderedEmail extends ComposedEmail {
  readonly event: StoredEvent;
  readonly text: string;
  readonly html: string;
}

export function emailsFor(commands: readonly BillingAccountCommand[], options: FixtureOptions = {}): RenderedEmail[] {
  const events = historyOf(commands, options);
  const accountId = commands[0].type === 'OpenAccount' ? commands[0].accountId : 'acc-1';
  const book = emptyBook();
  let state = billingAccountDecider.initialState();
  const emails: RenderedEmail[] = [];
  events.forEach((domainEvent, index) => {
    const event: StoredEvent = {
      id: `evt-${index + 1}`, type: domainEvent.type, streamId: `account-${accountId}`, revision: index, position: String(index + 1).padStart(8, '0'),
      data: domainEvent.data as unknown as Record<string, unknown>,
      metadata: { correlationId: 'c', causationId: 'c', actor: 'test', command: 'Test', occurredAt: '2026-01-01T00:00:00.000Z', prevHash: '', hash: '' },
    };
    state = billingAccountDecider.evolve(state, domainEvent);
    evolveInvoiceBook(book, event);
    const documents = new Map<string, InvoiceView>();
    for (const [invoiceId, record] of book.records) documents.set(invoiceId, invoiceView(record));
    const email = composeEmail({ event, state, documents, catalog: options.catalog ?? defaultCatalog });
    if (email) emails.push({ ...email, event, text: renderText(email.body), html: renderHtml(email.subject, email.body) });
  });
  return emails;
}
