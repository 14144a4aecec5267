import type { Pool } from 'pg';
import type { AccountView } from '../../libs/domain/billing-account/account-view';

/** Reads of the accounts read model. */
export async function findAccount(pool: Pool, accountId: string): Promise<AccountView | undefined> {
  const { rows } = await pool.query<{ view: AccountView }>('SELECT view FROM accounts WHERE account_id = $1', [accountId]);
  return rows[0]?.view;
}

/** A worker's part of the accounts: those whose id hashes to `index` modulo `count`. */
export interface AccountShare {
  readonly index: number;
  readonly count: number;
}

export const WHOLE: AccountShare = { index: 0, count: 1 };

/** Where a page of due accounts ended: the next page starts after it. */
export interface DueCursor {
  readonly dueAt: Date;
  readonly accountId: string;
}

export interface DueAccount {
  readonly accountId: string;
  readonly dueAt: Date;
}

/**
 * Accounts with work due at or before `now`, oldest first: the worker's to-do list, a page at a
 * time (keyset on the next_due_at index, so a page costs the same however many came before), only
 * the accounts of `share` when several workers split them.
 */
export async function accountsDueBy(pool: Pool, now: Date, limit: number, options: { after?: DueCursor; share?: AccountShare } = {}): Promise<DueAccount[]> {
  const share = options.share ?? WHOLE;
  const { rows } = await pool.query<{ account_id: string; next_due_at: Date }>(
    `SELECT account_id, next_due_at FROM accounts
      WHERE next_due_at <= $1
        AND ($3::timestamptz IS NULL OR (next_due_at, account_id) > ($3::timestamptz, $4::text))
        AND ($5::int = 1 OR (hashtext(account_id) & 2147483647) % $5::int = $6::int)
      ORDER BY next_due_at, account_id LIMIT $2`,
    [now, limit, options.after?.dueAt ?? null, options.after?.accountId ?? null, share.count, share.index],
  );
  return rows.map((row) => ({ accountId: row.account_id, dueAt: row.next_due_at }));
}
