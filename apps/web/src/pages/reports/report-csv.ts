import { toCsv } from '../../format/csv';
import { minorUnitDigits, shiftDecimal, type MoneyAmount } from '../../format/money';

/**
 * The reports as CSV: amounts as plain decimals in their currency's unit (1.20, not 120 or £1.20)
 * with the currency in a column of its own, so a spreadsheet sums them as numbers.
 */
export function decimal(money: MoneyAmount): string {
  return shiftDecimal(money.amount, minorUnitDigits(money.currency));
}

export interface TaxRow {
  readonly region: string;
  readonly currency: string;
  readonly taxableAmount: MoneyAmount;
  readonly tax: MoneyAmount;
  readonly invoices: number;
  readonly creditNotes: number;
  readonly taxRates: readonly string[];
}

export function taxReportCsv(rows: readonly TaxRow[]): string {
  return toCsv(
    ['region', 'currency', 'taxable_amount', 'tax', 'invoices', 'credit_notes', 'tax_rates'],
    rows.map((row) => [row.region, row.currency, decimal(row.taxableAmount), decimal(row.tax), row.invoices, row.creditNotes, row.taxRates.join(' ')]),
  );
}

export interface TrialBalanceLine {
  readonly account: string;
  readonly debit: MoneyAmount;
  readonly credit: MoneyAmount;
  readonly balance: MoneyAmount;
}

export function trialBalanceCsv(currency: string, lines: readonly TrialBalanceLine[]): string {
  return toCsv(['ledger_account', 'currency', 'debit', 'credit', 'balance'], lines.map((line) => [line.account, currency, decimal(line.debit), decimal(line.credit), decimal(line.balance)]));
}
