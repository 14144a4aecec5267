import type { Pool, PoolClient } from 'pg';
import type { StoredEvent } from '../../libs/event-store/event-store.port';
import { JsonRows } from '../../libs/infra/projections/json-rows';
import type { Projection, TableNamer } from '../../libs/infra/projections/projection';
import { waitForPosition } from '../../libs/infra/projections/read-your-writes';

const PAYMENT_LOOKUP_ROWS = new JsonRows('kind text, key text, account_id text');

/**
 * Which account an invoice, a payment, a gateway reference or a dispute belongs to. Refunds name
 * only a payment id and Stripe's events only a PaymentIntent or a dispute, while everything the
 * ledger records lives in the account's stream; this small read model finds that stream.
 */
export const PAYMENT_LOOKUP = 'payment-lookup';
const ACCOUNT_PREFIX = 'account-';

export type LookupKind = 'invoice' | 'payment' | 'reference' | 'dispute';

interface LookupRow {
  readonly kind: LookupKind;
  readonly key: string;
}

/** A gateway's own reference is only unique within that gateway. */
export function referenceKey(gateway: string, reference: string): string {
  return `${gateway}:${reference}`;
}

export function lookupRowsOf(event: StoredEvent): LookupRow[] {
  const data = event.data as Record<string, unknown>;
  switch (event.type) {
    case 'InvoiceIssued':
      return [{ kind: 'invoice', key: String(data.invoiceId) }];
    case 'PaymentRecorded':
      return [
        { kind: 'payment', key: String(data.paymentId) },
        { kind: 'reference', key: referenceKey(String(data.gateway), String(data.reference)) },
      ];
    case 'DisputeOpened':
      return [{ kind: 'dispute', key: String(data.disputeId) }];
    default:
      return [];
  }
}

export const paymentLookupProjection: Projection = {
  name: PAYMENT_LOOKUP,
  version: 1,
  tables: ['payment_lookup'],
  createTables: (t: TableNamer) => `
    CREATE TABLE IF NOT EXISTS ${t('payment_lookup')} (
      kind       text NOT NULL,
      key        text NOT NULL,
      account_id text NOT NULL,
      PRIMARY KEY (kind, key)
    );`,

  async apply(client: PoolClient, events: readonly StoredEvent[], t: TableNamer): Promise<void> {
    const rows: Array<{ kind: string; key: string; account_id: string }> = [];
    for (const event of events) {
      if (!event.streamId.startsWith(ACCOUNT_PREFIX)) continue;
      for (const row of lookupRowsOf(event)) rows.push({ kind: row.kind, key: row.key, account_id: event.streamId.slice(ACCOUNT_PREFIX.length) });
    }
    if (rows.length === 0) return;
    await client.query(
      `INSERT INTO ${t('payment_lookup')} (kind, key, account_id) ${PAYMENT_LOOKUP_ROWS.select}
       ON CONFLICT (kind, key) DO NOTHING`,
      [PAYMENT_LOOKUP_ROWS.param(rows)],
    );
  },
};

/** The account holding the thing, or undefined when the read model does not know it (yet). */
export async function lookupAccount(pool: Pool, kind: LookupKind, key: string): Promise<string | undefined> {
  const { rows } = await pool.query<{ account_id: string }>('SELECT account_id FROM payment_lookup WHERE kind = $1 AND key = $2', [kind, key]);
  return rows[0]?.account_id;
}

/**
 * As `lookupAccount`, but a miss first waits (briefly) for the read model to reach the feed's
 * head, so that a caller who just recorded the payment finds it.
 */
export async function lookupAccountFresh(pool: Pool, head: () => Promise<string | undefined>, kind: LookupKind, key: string): Promise<string | undefined> {
  const found = await lookupAccount(pool, kind, key);
  if (found !== undefined) return found;
  const position = await head();
  if (position === undefined) return undefined;
  await waitForPosition(pool, [PAYMENT_LOOKUP], position);
  return lookupAccount(pool, kind, key);
}
