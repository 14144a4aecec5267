import type { Pool } from 'pg';
import type { Money } from '../../libs/domain/money/money';
import { wholeList, type Page } from '../../libs/infra/http/pagination';
import { LEDGER } from './journal.postings';

/** Reads of the journal: the trial balance of one book and the balances per billing account. */
export interface TrialBalanceLine {
  readonly account: string;
  readonly debit: Money;
  readonly credit: Money;
  /** debit − credit: positive for assets, negative for liabilities and revenue. */
  readonly balance: Money;
}

/** One line per ledger account, as every list answers (`nextCursor` always null: a book has a handful). */
export interface TrialBalance extends Page<TrialBalanceLine> {
  readonly currency: string;
  /** Null means every entry so far. */
  readonly asOf: string | null;
  readonly totalDebit: Money;
  readonly totalCredit: Money;
  /** Always zero for a sound journal: the sum of every balance. */
  readonly balance: Money;
}

function toAmount(value: string | number | null): number {
  const amount = Number(value ?? 0);
  if (!Number.isSafeInteger(amount)) throw new RangeError(`journal sum ${String(value)} is out of the safe integer range`);
  return amount === 0 ? 0 : amount;
}

/** Balances of every ledger account of a book, counting the entries that occurred at or before `asOf`. */
export async function trialBalance(pool: Pool, currency: string, asOf?: string): Promise<TrialBalance> {
  const { rows } = await pool.query<{ ledger_account: string; debit: string; credit: string }>(
    `SELECT ledger_account, sum(debit) AS debit, sum(credit) AS credit FROM journal_lines
     WHERE currency = $1 AND ($2::timestamptz IS NULL OR occurred_at <= $2) GROUP BY ledger_account ORDER BY ledger_account`,
    [currency, asOf ?? null],
  );
  const money = (amount: number): Money => ({ amount: amount === 0 ? 0 : amount, currency });
  const accounts = rows.map((row) => {
    const debit = toAmount(row.debit);
    const credit = toAmount(row.credit);
    return { account: row.ledger_account, debit: money(debit), credit: money(credit), balance: money(debit - credit) };
  });
  const totalDebit = accounts.reduce((sum, line) => sum + line.debit.amount, 0);
  const totalCredit = accounts.reduce((sum, line) => sum + line.credit.amount, 0);
  return { currency, asOf: asOf ?? null, ...wholeList(accounts), totalDebit: money(totalDebit), totalCredit: money(totalCredit), balance: money(totalDebit - totalCredit) };
}

export interface AccountLedgerBalance {
  readonly accountId: string;
  readonly currency: string;
  /** What the account owes: Receivable debit − credit. */
  readonly receivable: number;
  /** What the ledger owes the account: CustomerCredit credit − debit. */
  readonly customerCredit: number;
}

/**
 * Receivable and CustomerCredit per billing account (all accounts, or the ones named), for the
 * invariants: Receivable = open invoices' remaining amounts; CustomerCredit = the credit balance.
 */
export async function accountLedgerBalances(pool: Pool, accountIds?: readonly string[]): Promise<AccountLedgerBalance[]> {
  const { rows } = await pool.query<{ account_id: string; currency: string; receivable: string; customer_credit: string }>(
    `SELECT account_id, currency,
       coalesce(sum(debit - credit) FILTER (WHERE ledger_account = $1), 0) AS receivable,
       coalesce(sum(credit - debit) FILTER (WHERE ledger_account = $2), 0) AS customer_credit
     FROM journal_lines WHERE ($3::text[] IS NULL OR account_id = ANY($3))
     GROUP BY account_id, currency ORDER BY account_id, currency`,
    [LEDGER.receivable, LEDGER.customerCredit, accountIds ?? null],
  );
  return rows.map((row) => ({ accountId: row.account_id, currency: row.currency, receivable: toAmount(row.receivable), customerCredit: toAmount(row.customer_credit) }));
}

/** The currencies that have a book, for callers that check every trial balance. */
export async function journalCurrencies(pool: Pool): Promise<string[]> {
  const { rows } = await pool.query<{ currency: string }>('SELECT DISTINCT currency FROM journal_lines ORDER BY currency');
  return rows.map((row) => row.currency);
}

export interface JournalEntryView {
  readonly entryId: string;
  readonly eventId: string;
  readonly position: string;
  readonly kind: string;
  readonly accountId: string;
  readonly currency: string;
  readonly occurredAt: string;
  /** The invoice or credit note the entry is about (its id; invoiceNumbers gives its number). */
  readonly documentId: string;
  readonly description: string;
  readonly lines: ReadonlyArray<{ readonly ledgerAccount: string; readonly debit: number; readonly credit: number }>;
}

/**
 * Journal entries that occurred in [from, until), in feed order, with their lines: what an export
 * for finance (CSV or JSON lines) walks (the CLI turns its inclusive days into this half-open range). `limit` bounds one call; page on with the last entry's position and id.
 */
export async function journalEntries(pool: Pool, from: string, until: string, limit = 1000, after?: { readonly position: string; readonly entryId: string }): Promise<JournalEntryView[]> {
  const { rows } = await pool.query<{ entry_id: string; event_id: string; kind: string; account_id: string; currency: string; occurred_at: Date; document_id: string; description: string; position: string; lines: Array<{ ledger_account: string; debit: string; credit: string }> }>(
    `SELECT e.entry_id, e.event_id, e.kind, e.account_id, e.currency, e.occurred_at, e.document_id, e.description, e.position,
       (SELECT json_agg(json_build_object('ledger_account', l.ledger_account, 'debit', l.debit, 'credit', l.credit) ORDER BY l.line_no)
        FROM journal_lines l WHERE l.entry_id = e.entry_id) AS lines
     FROM journal_entries e
     WHERE e.occurred_at >= $1 AND e.occurred_at < $2 AND ($3::text IS NULL OR (e.position, e.entry_id) > ($3, $4::text))
     ORDER BY e.position, e.entry_id LIMIT $5`,
    [from, until, after?.position ?? null, after?.entryId ?? '', limit],
  );
  return rows.map((row) => ({
    entryId: row.entry_id, eventId: row.event_id, position: row.position, kind: row.kind, accountId: row.account_id, currency: row.currency,
    occurredAt: row.occurred_at.toISOString(), documentId: row.document_id, description: row.description,
    lines: row.lines.map((line) => ({ ledgerAccount: line.ledger_account, debit: toAmount(line.debit), credit: toAmount(line.credit) })),
  }));
}
