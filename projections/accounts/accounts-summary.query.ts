import type { Pool } from 'pg';
import type { Money } from '../../libs/domain/money/money';
import type { AccountStatus } from '../../libs/domain/billing-account/billing-account.state';

/**
 * What the console's overview shows about the book of accounts: how many accounts stand in each
 * status, and what they owe. Receivables come from each account's own view of its open invoices
 * (the same figures the journal's Receivable must equal, per the ledger invariants), so "past due"
 * means what the ledger means by it: an invoice whose payment failed or whose due date passed
 * unpaid, which is what starts dunning.
 */
export interface StatusCount {
  readonly status: AccountStatus;
  readonly count: number;
}

export interface Receivable {
  readonly currency: string;
  readonly open: Money;
  readonly pastDue: Money;
  readonly openInvoices: number;
  readonly pastDueInvoices: number;
  readonly accountsPastDue: number;
}

export const ACCOUNT_STATUSES: readonly AccountStatus[] = ['active', 'past_due', 'suspended', 'hibernating', 'cancelled', 'not_subscribed'];

function count(value: string | number): number {
  const parsed = Number(value);
  if (!Number.isSafeInteger(parsed)) throw new RangeError(`sum ${String(value)} is out of the safe integer range`);
  return parsed;
}

/** Every status, in a fixed order, with 0 where no account stands. */
export async function accountsByStatus(pool: Pool): Promise<StatusCount[]> {
  const { rows } = await pool.query<{ status: AccountStatus; count: string }>('SELECT status, count(*) AS count FROM accounts GROUP BY status');
  const counts = new Map(rows.map((row) => [row.status, count(row.count)]));
  return ACCOUNT_STATUSES.map((status) => ({ status, count: counts.get(status) ?? 0 }));
}

/** Open and past-due amounts per currency: GBP (the price book's currency) first, then by code. */
export async function receivables(pool: Pool): Promise<Receivable[]> {
  const { rows } = await pool.query<{ currency: string; open: string; past_due: string; open_invoices: string; past_due_invoices: string; accounts_past_due: string }>(
    `SELECT invoice->'amountRemaining'->>'currency' AS currency,
       sum((invoice->'amountRemaining'->>'amount')::bigint) AS open,
       coalesce(sum((invoice->'amountRemaining'->>'amount')::bigint) FILTER (WHERE (invoice->>'overdue')::boolean), 0) AS past_due,
       count(*) AS open_invoices,
       count(*) FILTER (WHERE (invoice->>'overdue')::boolean) AS past_due_invoices,
       count(DISTINCT account_id) FILTER (WHERE (invoice->>'overdue')::boolean) AS accounts_past_due
     FROM accounts, jsonb_array_elements(view->'openInvoices') AS invoice
     WHERE (invoice->'amountRemaining'->>'amount')::bigint > 0
     GROUP BY 1`,
  );
  rows.sort((a, b) => Number(b.currency === 'GBP') - Number(a.currency === 'GBP') || a.currency.localeCompare(b.currency));
  return rows.map((row) => ({
    currency: row.currency,
    open: { amount: count(row.open), currency: row.currency },
    pastDue: { amount: count(row.past_due), currency: row.currency },
    openInvoices: count(row.open_invoices),
    pastDueInvoices: count(row.past_due_invoices),
    accountsPastDue: count(row.accounts_past_due),
  }));
}
