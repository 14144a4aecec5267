import { accountView, type AccountView, type OpenInvoiceView } from '../../domain/billing-account/account-view';
import type { BillingAccountEvent, PendingItem } from '../../domain/billing-account/billing-account.events';
import type { BillingAccountState } from '../../domain/billing-account/billing-account.state';
import { applyAccountEvent, emptyBook, INVOICE_EVENT_TYPES, type InvoiceRecord } from '../../../projections/invoices/invoices.evolve';
import { invoiceView, type InvoiceView } from '../../../projections/invoices/invoices.query';

/**
 * What a preview answers, shaped by the same code that shapes the real thing: documents by the
 * invoices read model's own fold and view, the account by the domain's account view. Ids the
 * previewed decision made up (placeholders, never written anywhere) are shown as null, and so are
 * document numbers, which only the invoices read model hands out, in feed order.
 */
export type PreviewDocument = Omit<InvoiceView, 'invoiceId' | 'id' | 'number'> & { readonly invoiceId: null; readonly id: null; readonly number: null };
export type PreviewPendingItem = Omit<PendingItem, 'itemId'> & { readonly itemId: string | null };
export type PreviewAccountView = Omit<AccountView, 'openInvoices' | 'pendingItems'> & {
  readonly openInvoices: ReadonlyArray<Omit<OpenInvoiceView, 'invoiceId'> & { readonly invoiceId: string | null }>;
  readonly pendingItems: readonly PreviewPendingItem[];
};

/** Hands out placeholder ids for one previewed decision and remembers them. */
export class PlaceholderIds {
  private readonly minted = new Set<string>();

  readonly next = (): string => {
    const id = `preview-${this.minted.size + 1}`;
    this.minted.add(id);
    return id;
  };

  real(id: string): string | null {
    return this.minted.has(id) ? null : id;
  }
}

/** The documents `events` issue, in issue order, as GET /v1/invoices/{invoiceId} would show them. */
export function previewDocuments(accountId: string, events: readonly BillingAccountEvent[]): PreviewDocument[] {
  const book = emptyBook();
  const issued: string[] = [];
  for (const event of events) {
    if (!INVOICE_EVENT_TYPES.has(event.type)) continue;
    const { invoiceId } = event.data as { invoiceId: string };
    if (event.type === 'InvoiceIssued') issued.push(invoiceId);
    // Only events about documents of this decision: an earlier invoice is not the preview's to show.
    if (issued.includes(invoiceId)) applyAccountEvent(book, accountId, event, '');
  }
  return issued.map((invoiceId) => ({ ...invoiceView(book.records.get(invoiceId) as InvoiceRecord), invoiceId: null, id: null, number: null }));
}

export function previewPendingItems(state: BillingAccountState, ids: PlaceholderIds): PreviewPendingItem[] {
  return state.pending.map((item) => ({ ...item, itemId: ids.real(item.itemId) }));
}

export function previewAccount(state: BillingAccountState, ids: PlaceholderIds): PreviewAccountView {
  const view = accountView(state);
  return {
    ...view,
    openInvoices: view.openInvoices.map((invoice) => ({ ...invoice, invoiceId: ids.real(invoice.invoiceId) })),
    pendingItems: previewPendingItems(state, ids),
  };
}
