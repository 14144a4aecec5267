import type { Pool } from 'pg';
import type { AccountView } from '../../libs/domain/billing-account/account-view';
import { decodeCursor, pageOfRows, type Page } from '../../libs/infra/http/pagination';

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
