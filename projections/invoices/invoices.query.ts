import type { Pool } from 'pg';
import type { DocumentKind, DocumentReason, InvoiceIssuedData, LineKind } from '../../libs/domain/billing-account/billing-account.events';
import type { Money } from '../../libs/domain/money/money';
import { isPosition } from '../../libs/event-store/position';
import { decodeCursor, pageOfRows, type Page } from '../../libs/infra/http/pagination';
import { amountRemainingOf, type InvoiceRecord, type InvoiceStatus } from './invoices.evolve';

/** Reads of the invoices read model, in the JSON shape of api.md. */
export interface InvoiceLineView {
  readonly kind: LineKind;
  readonly description: string;
  readonly quantity: number;
  readonly unitAmountGbp: number | null;
  readonly days: number;
  readonly periodDays: number;
  readonly exactGbp: string | null;
  /** The exact value in minor units of the invoice currency, a decimal string. */
  readonly exact: string;
  /** `exact` rounded half-even. */
  readonly amount: Money;
}

export interface InvoiceView {
  /** The invoice's id, named as everywhere else (events, payments, account views, paths). */
  readonly invoiceId: string;
  /** The same id under the name api.md first gave it; kept so that clients written against it still work. */
  readonly id: string;
  readonly number: string;
  readonly kind: DocumentKind;
  readonly reason: DocumentReason;
  readonly accountId: string;
  readonly status: InvoiceStatus;
  readonly issuedAt: string;
  readonly dueAt: string | null;
  readonly period: { readonly start: string; readonly end: string } | null;
  readonly currency: string;
  readonly lines: readonly InvoiceLineView[];
  readonly subtotal: Money;
  readonly tax: Money;
  readonly taxRate: string;
  readonly taxRegion: string;
  readonly exchangeRate: string;
  readonly total: Money;
  readonly creditApplied: Money;
  readonly amountDue: Money;
  readonly amountPaid: Money;
  readonly amountRemaining: Money;
  readonly refundOf: { readonly paymentId: string; readonly invoiceId: string } | null;
}

export function invoiceView(record: InvoiceRecord): InvoiceView {
  const issued: InvoiceIssuedData = record.issued;
  const money = (amount: number): Money => ({ amount: amount === 0 ? 0 : amount, currency: issued.currency });
  return {
    invoiceId: record.invoiceId, id: record.invoiceId, number: record.number, kind: issued.kind, reason: issued.reason, accountId: record.accountId, status: record.status,
    issuedAt: issued.issuedAt, dueAt: issued.dueAt,
    period: issued.periodStart !== null && issued.periodEnd !== null ? { start: issued.periodStart, end: issued.periodEnd } : null,
    currency: issued.currency,
    lines: issued.lines.map((line) => ({
      kind: line.kind, description: line.description, quantity: line.quantity, unitAmountGbp: line.unitAmountGbp, days: line.days,
      periodDays: line.periodDays, exactGbp: line.exactGbp, exact: line.exact, amount: money(line.amount),
    })),
    subtotal: money(issued.subtotal), tax: money(issued.tax), taxRate: issued.taxRate, taxRegion: issued.taxRegion, exchangeRate: issued.exchangeRate,
    total: money(issued.total), creditApplied: money(issued.creditApplied), amountDue: money(issued.amountDue), amountPaid: money(record.amountPaid),
    amountRemaining: money(amountRemainingOf(record)), refundOf: issued.refundOf,
  };
}

interface InvoiceDbRow {
  invoice_id: string;
  account_id: string;
  number: string;
  position: string;
  status: InvoiceStatus;
  amount_paid: string;
  issued: InvoiceIssuedData;
}

const COLUMNS = 'invoice_id, account_id, number, position, status, amount_paid, issued';

function recordOf(row: InvoiceDbRow): InvoiceRecord {
  return { invoiceId: row.invoice_id, accountId: row.account_id, number: row.number, position: row.position, status: row.status, amountPaid: Number(row.amount_paid), issued: row.issued };
}

export async function findInvoice(pool: Pool, invoiceId: string): Promise<InvoiceView | undefined> {
  // A named statement, planned once per connection: see accounts.query.ts.
  const { rows } = await pool.query<InvoiceDbRow>({ name: 'invoices_find', text: `SELECT ${COLUMNS} FROM invoices WHERE invoice_id = $1`, values: [invoiceId] });
  return rows[0] ? invoiceView(recordOf(rows[0])) : undefined;
}

const LIST = 'invoices';

/** An account's documents, newest (latest issued) first, `limit` at a time after `cursor`. */
export async function listAccountInvoices(pool: Pool, accountId: string, limit: number, cursor?: string): Promise<Page<InvoiceView>> {
  const before = cursor === undefined ? null : decodeCursor(cursor, LIST, (key) => key.length === 1 && isPosition(key[0]))[0];
  const { rows } = await pool.query<InvoiceDbRow>({
    name: 'invoices_list',
    text: `SELECT ${COLUMNS} FROM invoices WHERE account_id = $1 AND ($2::text IS NULL OR position < $2) ORDER BY position DESC LIMIT $3`,
    values: [accountId, before, limit + 1],
  });
  return pageOfRows(rows, limit, LIST, (row) => [row.position], (row) => invoiceView(recordOf(row)));
}

/** The numbers (INV-000001, CN-000001) of the given invoices and credit notes that the model holds. */
export async function invoiceNumbers(pool: Pool, invoiceIds: readonly string[]): Promise<Map<string, string>> {
  if (invoiceIds.length === 0) return new Map();
  const { rows } = await pool.query<{ invoice_id: string; number: string }>('SELECT invoice_id, number FROM invoices WHERE invoice_id = ANY($1)', [[...new Set(invoiceIds)]]);
  return new Map(rows.map((row) => [row.invoice_id, row.number]));
}
