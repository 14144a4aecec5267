import type { Pool } from 'pg';
import type { Money } from '../../libs/domain/money/money';
import { wholeList, type Page } from '../../libs/infra/http/pagination';

/** The tax report: per region and currency, accrual basis, both dates inclusive. */
export interface TaxReportRow {
  readonly region: string;
  readonly currency: string;
  /** Subtotals (tax excluded) of invoices minus those of credit notes. */
  readonly taxableAmount: Money;
  readonly tax: Money;
  readonly invoices: number;
  readonly creditNotes: number;
  /** The rates written on the documents counted, in case finance changed a rate within the range. */
  readonly taxRates: readonly string[];
}

/** One row per region and currency, as every list answers (`nextCursor` always null: there are few). */
export interface TaxReport extends Page<TaxReportRow> {
  readonly from: string;
  readonly to: string;
  readonly basis: 'accrual';
}

export async function taxReport(pool: Pool, from: string, to: string): Promise<TaxReport> {
  const { rows } = await pool.query<{ region: string; currency: string; taxable: string; tax: string; invoices: string; credit_notes: string; rates: string[] }>(
    `SELECT region, currency, sum(taxable_amount) AS taxable, sum(tax) AS tax,
       count(*) FILTER (WHERE kind = 'invoice') AS invoices, count(*) FILTER (WHERE kind = 'credit_note') AS credit_notes,
       array_agg(DISTINCT tax_rate ORDER BY tax_rate) AS rates
     FROM tax_documents WHERE issue_date BETWEEN $1::date AND $2::date
     GROUP BY region, currency ORDER BY region, currency`,
    [from, to],
  );
  return {
    from, to, basis: 'accrual',
    ...wholeList(rows.map((row) => ({
      region: row.region, currency: row.currency,
      taxableAmount: { amount: amountOf(row.taxable), currency: row.currency }, tax: { amount: amountOf(row.tax), currency: row.currency },
      invoices: Number(row.invoices), creditNotes: Number(row.credit_notes), taxRates: row.rates,
    }))),
  };
}

function amountOf(value: string): number {
  const amount = Number(value);
  if (!Number.isSafeInteger(amount)) throw new RangeError(`tax sum ${value} is out of the safe integer range`);
  return amount === 0 ? 0 : amount;
}
