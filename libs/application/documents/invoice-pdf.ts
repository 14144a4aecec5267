import type { AccountView } from '../../domain/billing-account/account-view';
import type { InvoiceView } from '../../../projections/invoices/invoices.query';
import { documentNotes, documentTitle, exchangeRateText, lineDetail, longDate, money, percentText, reasonText, servicePeriodText, statusText, type DocumentReferences } from './document-text';
import { CONTENT_WIDTH, MUTED, PAGE, PdfPage, RULE } from './pdf-page';

/**
 * An invoice or credit note as a PDF, rendered in this process (pdfkit; no browser, no service to
 * be down). A plain function of the invoice as GET /v1/invoices/{invoiceId} shows it, the buyer's account
 * and the seller, so that the API and email render the very same document. Deterministic: the
 * document's creation date is the invoice's issue instant and its file id derives from its
 * metadata, so one invoice gives the same bytes every time, also after a replay of the ledger.
 */
export interface Seller {
  readonly name: string;
  readonly addressLines: readonly string[];
  readonly taxId: string;
  /** No seller is configured: the document says so on its face (not a valid tax invoice). */
  readonly specimen?: boolean;
}

export type Buyer = Pick<AccountView, 'accountId' | 'businessName' | 'email'>;

/** Outside production the seller may be left unconfigured (config.ts); documents then say so. */
export const UNCONFIGURED_SELLER: Seller = {
  name: 'Seller not configured',
  addressLines: ['Set SELLER_NAME, SELLER_ADDRESS and SELLER_TAX_ID'],
  taxId: 'not configured',
  specimen: true,
};

const COLUMNS = { qtyRight: PAGE.left + 380, amountRight: PAGE.right, descriptionWidth: 300 } as const;

export async function renderInvoicePdf(invoice: InvoiceView, buyer: Buyer, seller: Seller, references: DocumentReferences = {}): Promise<Buffer> {
  const title = documentTitle(invoice);
  const page = new PdfPage({
    Title: `${title} ${invoice.number}`,
    Author: seller.name,
    Subject: `${title} ${invoice.number} for ${buyer.businessName}`,
    Creator: 'billing-ledger',
    Producer: 'billing-ledger',
    CreationDate: new Date(invoice.issuedAt),
  });
  header(page, invoice, seller, title);
  parties(page, invoice, buyer, references);
  lines(page, invoice);
  totals(page, invoice);
  notes(page, invoice, references);
  footers(page, invoice, seller);
  return page.finish();
}

function header(page: PdfPage, invoice: InvoiceView, seller: Seller, title: string): void {
  if (seller.specimen) {
    page.fill(PAGE.left, page.y - 14, CONTENT_WIDTH, 22, '#fdecea');
    page.text('SPECIMEN: the seller is not configured, so this is not a valid tax invoice.', PAGE.left + 8, page.y - 8, { size: 8.5, weight: 'semibold', color: '#a50e0e' });
    page.y += 24;
  }
  const top = page.y;
  let left = top + page.text(seller.name, PAGE.left, top, { size: 13, weight: 'semibold', width: 280 });
  for (const line of seller.addressLines) left += page.text(line, PAGE.left, left, { color: MUTED, width: 280 });
  left += page.text(`Tax registration no. ${seller.taxId}`, PAGE.left, left, { color: MUTED, width: 280 });
  let right = top + page.text(title, PAGE.left + 280, top - 3, { size: 22, weight: 'semibold', width: CONTENT_WIDTH - 280, align: 'right' });
  right += page.text(invoice.number, PAGE.left + 280, right, { size: 11, width: CONTENT_WIDTH - 280, align: 'right' });
  page.y = Math.max(left, right) + 22;
  page.rule(page.y);
  page.y += 16;
}

function parties(page: PdfPage, invoice: InvoiceView, buyer: Buyer, references: DocumentReferences): void {
  const top = page.y;
  let left = top + page.text('BILL TO', PAGE.left, top, { size: 7.5, weight: 'semibold', color: MUTED });
  left += 3 + page.text(buyer.businessName, PAGE.left, left + 3, { size: 10.5, weight: 'semibold', width: 230 });
  left += page.text(buyer.email, PAGE.left, left, { width: 230 });
  left += page.text(`Account ${buyer.accountId}`, PAGE.left, left, { color: MUTED, width: 230 });
  left += page.text(`Tax region ${invoice.taxRegion}`, PAGE.left, left, { color: MUTED, width: 230 });

  const facts: Array<[string, string]> = [
    [`${documentTitle(invoice)} number`, invoice.number],
    ['Issue date', longDate(invoice.issuedAt)],
    ['Due date', invoice.dueAt === null ? 'None (credit note)' : longDate(invoice.dueAt)],
    ['Service period', servicePeriodText(invoice)],
    ['Issued for', reasonText(invoice)],
    ['Status', statusText(invoice)],
    ['Currency', invoice.currency],
  ];
  if (invoice.currency !== 'GBP') facts.push(['Exchange rate', exchangeRateText(invoice)]);
  if (invoice.refundOf) facts.push(['Credits invoice', references.creditedInvoiceNumber ?? invoice.refundOf.invoiceId]);
  let right = top;
  for (const [label, value] of facts) {
    page.text(label, PAGE.left + 250, right, { color: MUTED, width: 95 });
    right += page.text(value, PAGE.left + 345, right, { width: CONTENT_WIDTH - 345 }) + 2;
  }
  page.y = Math.max(left, right) + 24;
}

function tableHeader(page: PdfPage, currency: string): void {
  page.fill(PAGE.left, page.y, CONTENT_WIDTH, 20);
  const y = page.y + 5.5;
  page.text('Description', PAGE.left + 8, y, { size: 8.5, weight: 'semibold' });
  page.text('Qty', COLUMNS.qtyRight - 40, y, { size: 8.5, weight: 'semibold', width: 40, align: 'right' });
  page.text(`Amount (${currency})`, COLUMNS.amountRight - 108, y, { size: 8.5, weight: 'semibold', width: 100, align: 'right' });
  page.y += 26;
}

function lines(page: PdfPage, invoice: InvoiceView): void {
  page.ensure(60);
  tableHeader(page, invoice.currency);
  page.onNewPage = () => tableHeader(page, invoice.currency);
  for (const line of invoice.lines) {
    const detail = lineDetail(line, invoice);
    const detailHeight = detail === undefined ? 0 : page.heightOf(detail, { size: 8, width: COLUMNS.descriptionWidth });
    const height = page.heightOf(line.description, { size: 10, width: COLUMNS.descriptionWidth }) + detailHeight + 12;
    page.ensure(height);
    const top = page.y;
    const described = page.text(line.description, PAGE.left + 8, top, { size: 10, width: COLUMNS.descriptionWidth });
    if (detail !== undefined) page.text(detail, PAGE.left + 8, top + described + 1, { size: 8, color: MUTED, width: COLUMNS.descriptionWidth });
    page.text(String(line.quantity), COLUMNS.qtyRight - 40, top, { size: 10, width: 40, align: 'right', numeric: true });
    page.text(money(line.amount), COLUMNS.amountRight - 158, top, { size: 10, width: 150, align: 'right', numeric: true });
    page.y = top + height;
    page.rule(page.y - 6, RULE, PAGE.left, PAGE.right, 0.5);
  }
  page.onNewPage = undefined;
  page.y += 8;
}

function totals(page: PdfPage, invoice: InvoiceView): void {
  const rows: Array<[string, string, 'regular' | 'semibold']> = [
    ['Subtotal', money(invoice.subtotal), 'regular'],
    [`Tax (${invoice.taxRegion} ${percentText(invoice.taxRate)})`, money(invoice.tax), 'regular'],
    ['Total', money(invoice.total), 'semibold'],
    ['Credit applied', money({ ...invoice.creditApplied, amount: -invoice.creditApplied.amount }), 'regular'],
    ['Amount due', money(invoice.amountDue), 'semibold'],
    ['Amount paid', money(invoice.amountPaid), 'regular'],
    ['Amount remaining', money(invoice.amountRemaining), 'semibold'],
  ];
  page.ensure(rows.length * 17 + 20);
  const labelX = PAGE.right - 250;
  for (const [label, value, weight] of rows) {
    if (label === 'Total' || label === 'Amount remaining') page.rule(page.y - 3, RULE, labelX, PAGE.right);
    page.text(label, labelX, page.y, { weight, width: 140 });
    page.text(value, PAGE.right - 158, page.y, { weight, width: 150, align: 'right', numeric: true });
    page.y += 17;
  }
  page.y += 12;
}

function notes(page: PdfPage, invoice: InvoiceView, references: DocumentReferences): void {
  for (const note of documentNotes(invoice, references)) {
    const height = page.heightOf(note, { width: CONTENT_WIDTH });
    page.ensure(height + 4);
    page.y += page.text(note, PAGE.left, page.y, { width: CONTENT_WIDTH }) + 4;
  }
}

/** Seller, document number and "page n of m" at the foot of every page, once all pages exist. */
function footers(page: PdfPage, invoice: InvoiceView, seller: Seller): void {
  const { start, count } = page.doc.bufferedPageRange();
  for (let index = start; index < start + count; index++) {
    page.doc.switchToPage(index);
    page.rule(PAGE.bottom + 14, RULE);
    page.text(`${seller.name} · Tax registration no. ${seller.taxId}`, PAGE.left, PAGE.bottom + 20, { size: 7.5, color: MUTED, width: 330 });
    page.text(`${invoice.number} · Page ${index - start + 1} of ${count}`, PAGE.right - 200, PAGE.bottom + 20, { size: 7.5, color: MUTED, width: 200, align: 'right' });
  }
}
