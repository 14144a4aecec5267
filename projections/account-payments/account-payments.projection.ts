import type { PoolClient } from 'pg';
import type { StoredEvent } from '../../libs/event-store/event-store.port';
import { JsonRows } from '../../libs/infra/projections/json-rows';
import type { Projection, TableNamer } from '../../libs/infra/projections/projection';
import { ACCOUNT_STREAM_PREFIX, evolvePaymentActivity, PAYMENT_ACTIVITY_EVENT_TYPES, rowsNeeded, type PaymentActivity, type PaymentActivityBook } from './account-payments.evolve';

const ACCOUNT_PAYMENTS_ROWS = new JsonRows('row_key text, account_id text, kind text, invoice_id text, position text, item jsonb');

/**
 * Payments, refunds and disputes per account, newest first: GET /v1/accounts/{id}/payments.
 * Beside the payment lookup (which finds the account of a payment, a reference or a dispute),
 * this model keeps what each of them was and what became of it.
 */
export const ACCOUNT_PAYMENTS = 'account-payments';

export const accountPaymentsProjection: Projection = {
  name: ACCOUNT_PAYMENTS,
  version: 1,
  tables: ['account_payments'],
  createTables: (t: TableNamer) => `
    CREATE TABLE IF NOT EXISTS ${t('account_payments')} (
      row_key    text PRIMARY KEY,
      account_id text NOT NULL,
      kind       text NOT NULL,
      invoice_id text NOT NULL,
      position   text COLLATE "C" NOT NULL,
      item       jsonb NOT NULL
    );
    CREATE INDEX IF NOT EXISTS ${t('account_payments')}_account_position ON ${t('account_payments')} (account_id, position DESC, row_key DESC);`,

  async apply(client: PoolClient, events: readonly StoredEvent[], t: TableNamer): Promise<void> {
    const relevant = events.filter((event) => event.streamId.startsWith(ACCOUNT_STREAM_PREFIX) && PAYMENT_ACTIVITY_EVENT_TYPES.has(event.type));
    if (relevant.length === 0) return;
    const book: PaymentActivityBook = new Map();
    const needed = [...new Set(relevant.flatMap(rowsNeeded))];
    if (needed.length > 0) {
      const { rows } = await client.query<{ row_key: string; account_id: string; position: string; item: PaymentActivity }>(
        `SELECT row_key, account_id, position, item FROM ${t('account_payments')} WHERE row_key = ANY($1)`,
        [needed],
      );
      for (const row of rows) book.set(row.row_key, { accountId: row.account_id, position: row.position, item: row.item });
    }
    for (const event of relevant) evolvePaymentActivity(book, event);
    // Every row in the book is new or changed: rows are loaded only for an event that changes them.
    const changed = [...book];
    await client.query(
      `INSERT INTO ${t('account_payments')} (row_key, account_id, kind, invoice_id, position, item)
       ${ACCOUNT_PAYMENTS_ROWS.select}
       ON CONFLICT (row_key) DO UPDATE SET item = EXCLUDED.item`,
      [ACCOUNT_PAYMENTS_ROWS.param(changed.map(([key, row]) => ({
        row_key: key, account_id: row.accountId, kind: row.item.kind, invoice_id: row.item.invoiceId, position: row.position, item: row.item,
      })))],
    );
  },
};
