import type { Pool } from 'pg';
import type { AccountView } from '../../libs/domain/billing-account/account-view';

/** Reads of the accounts read model. */
export async function findAccount(pool: Pool, accountId: string): Promise<AccountView | undefined> {
  const { rows } = await pool.query<{ view: AccountView }>('SELECT view FROM accounts WHERE account_id = $1', [accountId]);
  return rows[0]?.view;
}

/** Accounts with work due at or before `now`, oldest first: the worker's to-do list. */
export async function accountsDueBy(pool: Pool, now: Date, limit: number): Promise<string[]> {
  const { rows } = await pool.query<{ account_id: string }>(
    'SELECT account_id FROM accounts WHERE next_due_at <= $1 ORDER BY next_due_at, account_id LIMIT $2',
    [now, limit],
  );
  return rows.map((row) => row.account_id);
}
