import type { DocumentKind, InvoiceIssuedData } from '../../libs/domain/billing-account/billing-account.events';
import type { StoredEvent } from '../../libs/event-store/event-store.port';

/**
 * The pure half of the tax read model: one row per issued document, on the accrual basis (the
 * issue date decides the reporting day). A credit note's subtotal and tax are negative in its event
 * already, so it reduces the taxable amount and the tax of its region without any sign flipping.
 */
export const ACCOUNT_STREAM_PREFIX = 'account-';

export interface TaxDocument {
  readonly documentId: string;
  readonly accountId: string;
  readonly kind: DocumentKind;
  readonly region: string;
  readonly currency: string;
  /** UTC date of issue, `YYYY-MM-DD`. */
  readonly issueDate: string;
  readonly issuedAt: string;
  readonly taxRate: string;
  readonly taxableAmount: number;
  readonly tax: number;
}

export function taxDocumentOf(event: StoredEvent): TaxDocument | undefined {
  if (event.type !== 'InvoiceIssued' || !event.streamId.startsWith(ACCOUNT_STREAM_PREFIX)) return undefined;
  const issued = event.data as unknown as InvoiceIssuedData;
  return {
    documentId: issued.invoiceId, accountId: event.streamId.slice(ACCOUNT_STREAM_PREFIX.length), kind: issued.kind, region: issued.taxRegion,
    currency: issued.currency, issueDate: issued.issuedAt.slice(0, 10), issuedAt: issued.issuedAt, taxRate: issued.taxRate,
    taxableAmount: issued.subtotal, tax: issued.tax,
  };
}
