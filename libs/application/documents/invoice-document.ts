import type { Pool } from 'pg';
import type { SellerConfig } from '../../infra/config/config';
import { findAccount } from '../../../projections/accounts/accounts.query';
import { findInvoice, type InvoiceView } from '../../../projections/invoices/invoices.query';
import type { DocumentReferences } from './document-text';
import { renderInvoicePdf, UNCONFIGURED_SELLER, type Buyer, type Seller } from './invoice-pdf';

/**
 * Everything one document shows, read from the read models (invoices, accounts): the invoice as
 * GET /v1/invoices/{id} shows it, its buyer, and the number of the invoice a refund's credit note
 * credits. The API's PDF endpoint and email both load a document here and render it with
 * renderInvoicePdf, so both hand out the same bytes.
 */
export interface InvoiceDocument {
  readonly invoice: InvoiceView;
  readonly buyer: Buyer;
  readonly references: DocumentReferences;
}

export async function loadInvoiceDocument(pool: Pool, invoiceId: string): Promise<InvoiceDocument | undefined> {
  const invoice = await findInvoice(pool, invoiceId);
  if (!invoice) return undefined;
  const account = await findAccount(pool, invoice.accountId);
  if (!account) throw new Error(`invoice ${invoiceId} belongs to account ${invoice.accountId}, which the accounts read model does not hold`);
  const credited = invoice.refundOf ? await findInvoice(pool, invoice.refundOf.invoiceId) : undefined;
  return {
    invoice,
    buyer: { accountId: account.accountId, businessName: account.businessName, email: account.email },
    references: credited ? { creditedInvoiceNumber: credited.number } : {},
  };
}

/** The configured seller, or outside production (config.ts) one that says it is not configured. */
export function sellerOf(config: SellerConfig | undefined): Seller {
  return config ?? UNCONFIGURED_SELLER;
}

export function renderInvoiceDocument(document: InvoiceDocument, seller: Seller): Promise<Buffer> {
  return renderInvoicePdf(document.invoice, document.buyer, seller, document.references);
}
