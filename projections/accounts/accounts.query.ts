import type { Pool } from 'pg';
import type { AccountView } from '../../libs/domain/billing-account/account-view';
import { decodeCursor, pageOfRows, type Page } from '../../libs/infra/http/pagination';

/**
 * Reads of the accounts read model. The reads every app screen makes are named statements: each
 * connection parses and plans them once instead of on every request (measured ≈ 40 µs of
 * PostgreSQL's CPU per read saved, a fifth of a read's cost). A rebuild's swap replaces the table
 * under them; PostgreSQL then analyzes the statement again against the new one by name, and the
 * rebuilt table has the same columns, so the answer's shape is the same.
 */
export async function findAccount(pool: Pool, accountId: string): Promise<AccountView | undefined> {
  const { rows } = await pool.query<{ view: AccountView }>({ name: 'accounts_find', text: 'SELECT view FROM accounts WHERE account_id = $1', values: [accountId] });
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

export interface AccountFilter {
  /** Part of the id, business name or email, any case. */
  readonly q?: string;
  readonly status?: string;
  readonly tier?: string;
  readonly currency?: string;
}

/**
 * The text `q` is matched in: id, business name and email, one per line. The trigram index of the
 * accounts table (accounts.projection.ts) is built on exactly this expression, so a search of
 * three characters or more reads the index rather than every row. A search never holds a newline,
 * so it cannot match across two fields.
 */
export const SEARCH_TEXT_SQL = `(account_id || E'\\n' || (view->>'businessName') || E'\\n' || (view->>'email'))`;

const LIST = 'accounts';

/** `%`, `_` and `\` in a search are literal characters, not LIKE wildcards. */
export function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
}

/** Accounts by id, `limit` at a time after `cursor`, with only the conditions asked for in the SQL. */
export async function listAccounts(pool: Pool, filter: AccountFilter, limit: number, cursor?: string): Promise<Page<AccountView>> {
  const after = cursor === undefined ? undefined : decodeCursor(cursor, LIST, (key) => key.length === 1)[0];
  const { rows } = await pool.query<{ account_id: string; view: AccountView }>(accountListQuery(filter, limit + 1, after));
  return pageOfRows(rows, limit, LIST, (row) => [row.account_id], (row) => row.view);
}

/** The SQL of one page (exported so that a test can read its plan on many accounts). */
export function accountListQuery(filter: AccountFilter, rows: number, afterAccountId?: string): { text: string; values: unknown[] } {
  const conditions: string[] = [];
  const values: unknown[] = [];
  const where = (sql: (parameter: string) => string, value: unknown) => {
    values.push(value);
    conditions.push(sql(`$${values.length}`));
  };
  if (filter.q !== undefined) where((p) => `${SEARCH_TEXT_SQL} ILIKE ${p}`, likePattern(filter.q));
  if (filter.status !== undefined) where((p) => `status = ${p}`, filter.status);
  if (filter.tier !== undefined) where((p) => `tier = ${p}`, filter.tier);
  if (filter.currency !== undefined) where((p) => `currency = ${p}`, filter.currency);
  if (afterAccountId !== undefined) where((p) => `account_id > ${p}`, afterAccountId);
  values.push(rows);
  const text = `SELECT account_id, view FROM accounts ${conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : ''} ORDER BY account_id LIMIT $${values.length}`;
  return { text, values };
}
