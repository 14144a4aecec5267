import type { Pool } from 'pg';
import { amountRemaining, openDocuments, type BillingAccountState } from '../../libs/domain/billing-account/billing-account.state';
import type { Finding } from '../../libs/infra/findings';
import { accountLedgerBalances, journalCurrencies, trialBalance } from './journal.query';

/**
 * The ledger invariants of billing-rules.md, checked against what the events say: every entry
 * balances, each book sums to zero, and per billing account Receivable = its open invoices'
 * remaining amounts and CustomerCredit = its credit balance. The caller folds the account states
 * from the events; this module only compares.
 */
export interface AccountTruth {
  readonly accountId: string;
  readonly currency: string;
  /** Sum of the open invoices' remaining amounts. */
  readonly receivable: number;
  readonly credit: number;
}

export function accountTruthOf(state: BillingAccountState): AccountTruth {
  const receivable = openDocuments(state).reduce((sum, document) => sum + amountRemaining(document), 0);
  return { accountId: state.accountId, currency: state.currency, receivable, credit: state.credit };
}

export async function checkLedgerInvariants(pool: Pool, truths: Iterable<AccountTruth>): Promise<Finding[]> {
  const findings: Finding[] = [];
  const unbalanced = await pool.query<{ entry_id: string; debit: string; credit: string }>(
    'SELECT entry_id, sum(debit) AS debit, sum(credit) AS credit FROM journal_lines GROUP BY entry_id HAVING sum(debit) <> sum(credit) ORDER BY entry_id LIMIT 100',
  );
  for (const row of unbalanced.rows) findings.push({ check: 'ledger', detail: `journal entry ${row.entry_id} does not balance: debits ${row.debit}, credits ${row.credit}` });
  for (const currency of await journalCurrencies(pool)) {
    const book = await trialBalance(pool, currency);
    if (book.balance.amount !== 0) findings.push({ check: 'ledger', detail: `the ${currency} trial balance sums to ${book.balance.amount}, not 0` });
  }
  const balances = new Map((await accountLedgerBalances(pool)).map((row) => [row.accountId, row]));
  for (const truth of truths) {
    const booked = balances.get(truth.accountId);
    balances.delete(truth.accountId);
    const receivable = booked?.receivable ?? 0;
    const credit = booked?.customerCredit ?? 0;
    if (receivable !== truth.receivable) findings.push({ check: 'ledger', detail: `account ${truth.accountId}: Receivable ${receivable} ≠ open invoices' remaining ${truth.receivable}` });
    if (credit !== truth.credit) findings.push({ check: 'ledger', detail: `account ${truth.accountId}: CustomerCredit ${credit} ≠ credit balance ${truth.credit}` });
    if (booked && booked.currency !== truth.currency) findings.push({ check: 'ledger', detail: `account ${truth.accountId}: booked in ${booked.currency}, bills in ${truth.currency}` });
  }
  for (const stray of balances.keys()) findings.push({ check: 'ledger', detail: `the journal has entries for ${stray}, an account the events do not know` });
  return findings;
}
