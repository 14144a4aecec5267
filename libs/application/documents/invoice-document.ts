import type { Pool } from 'pg';
import { accountStreamId } from '../../domain/billing-account/billing-account.decider';
import type { AccountOpened } from '../../domain/billing-account/billing-account.events';
import type { EventStore } from '../../event-store/event-store.port';
import type { SellerConfig } from '../../infra/config/config';
import { findInvoice, type InvoiceView } from '../../../projections/invoices/invoices.query';
import type { DocumentReferences } from './document-text';
import { renderInvoicePdf, UNCONFIGURED_SELLER, type Buyer, type Seller } from './invoice-pdf';

/**
 * Everything one document shows: the invoice as GET /v1/invoices/{invoiceId} shows it and the number of
 * the invoice a refund's credit note credits (invoices read model), and its buyer (the account's
 * stream). The API's PDF endpoint and email both load a document here and render it with
 * renderInvoicePdf, so both hand out the same bytes.
 */
export interface InvoiceDocument {
  readonly invoice: InvoiceView;
  readonly buyer: Buyer;
  readonly references: DocumentReferences;
}

export async function loadInvoiceDocument(pool: Pool, store: EventStore, invoiceId: string): Promise<InvoiceDocument | undefined> {
  const invoice = await findInvoice(pool, invoiceId);
  if (!invoice) return undefined;
  const [buyer, credited] = await Promise.all([buyerOf(store, invoice.accountId), invoice.refundOf ? findInvoice(pool, invoice.refundOf.invoiceId) : undefined]);
  return { invoice, buyer, references: credited ? { creditedInvoiceNumber: credited.number } : {} };
}

/**
 * The buyer as its account was opened. Business name and email are set by AccountOpened and no
 * event changes them, and the account's first event is there as soon as any invoice of it is:
 * the accounts read model, applied in a transaction of its own, may not be yet.
 */
async function buyerOf(store: EventStore, accountId: string): Promise<Buyer> {
  const [opened] = await store.readStream(accountStreamId(accountId), { maxCount: 1 });
  if (opened?.type !== 'AccountOpened') throw new Error(`account ${accountId} has an invoice but its stream does not start with AccountOpened`);
  const { businessName, email } = opened.data as AccountOpened['data'];
  return { accountId, businessName, email };
}

/** The configured seller, or outside production (config.ts) one that says it is not configured. */
export function sellerOf(config: SellerConfig | undefined): Seller {
  return config ?? UNCONFIGURED_SELLER;
}

export function renderInvoiceDocument(document: InvoiceDocument, seller: Seller): Promise<Buffer> {
  return renderInvoicePdf(document.invoice, document.buyer, seller, document.references);
}
