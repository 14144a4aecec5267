import type { Pool } from 'pg';
import type { Page } from '../../../libs/infra/http/pagination';
import { notFound } from '../../../libs/infra/http/problem';
import { findAccount } from '../../../projections/accounts/accounts.query';

/**
 * A list of one account's things (invoices, payments) whose first page is empty may mean a
 * mistyped account id: that is a 404 ACCOUNT_NOT_FOUND rather than an answer of "none".
 */
export async function pageOfKnownAccount<T>(pool: Pool, accountId: string, page: Page<T>, cursor: string | undefined): Promise<Page<T>> {
  if (page.items.length === 0 && cursor === undefined && !(await findAccount(pool, accountId))) throw notFound('account', accountId);
  return page;
}
