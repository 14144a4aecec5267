import type { Pool } from 'pg';
import { isPosition } from '../../libs/event-store/position';
import { decodeCursor, pageOfRows, type Page } from '../../libs/infra/http/pagination';
import type { PaymentActivity } from './account-payments.evolve';

const LIST = 'account-payments';

/** An account's payments, refunds and disputes, newest first, `limit` at a time after `cursor`; optionally of one invoice. */
export async function listAccountPayments(pool: Pool, accountId: string, options: { limit: number; cursor?: string; invoiceId?: string }): Promise<Page<PaymentActivity>> {
  const after = options.cursor === undefined ? undefined : decodeCursor(options.cursor, LIST, (key) => key.length === 2 && isPosition(key[0]));
  const { rows } = await pool.query<{ row_key: string; position: string; item: PaymentActivity }>(
    `SELECT row_key, position, item FROM account_payments
     WHERE account_id = $1 AND ($2::text IS NULL OR invoice_id = $2) AND ($3::text IS NULL OR (position, row_key) < ($3, $4::text))
     ORDER BY position DESC, row_key DESC LIMIT $5`,
    [accountId, options.invoiceId ?? null, after?.[0] ?? null, after?.[1] ?? '', options.limit + 1],
  );
  return pageOfRows(rows, options.limit, LIST, (row) => [row.position, row.row_key], (row) => row.item);
}
