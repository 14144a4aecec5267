import type { PoolClient } from 'pg';
import type { DocumentKind, InvoiceIssuedData } from '../../libs/domain/billing-account/billing-account.events';
import type { StoredEvent } from '../../libs/event-store/event-store.port';
import { JsonRows } from '../../libs/infra/projections/json-rows';
import type { Projection, TableNamer } from '../../libs/infra/projections/projection';
import { ACCOUNT_STREAM_PREFIX, emptyBook, evolveInvoiceBook, INVOICE_EVENT_TYPES, type InvoiceBook, type InvoiceRecord, type InvoiceStatus } from './invoices.evolve';

const INVOICES_ROWS = new JsonRows('invoice_id text, account_id text, number text, kind text, status text, position text, issued_at timestamptz, amount_paid bigint, issued jsonb');

/**
 * Invoices and credit notes with their lines, status and payments, numbered INV-000001 and
 * CN-000001 in issue order. The two counters are rows of this model's own table, moved in the same
 * transaction as the invoices they number, so the series stay gap-free and a rebuild renumbers
 * identically.
 */
export const invoicesProjection: Projection = {
  name: 'invoices',
  version: 1,
  tables: ['invoices', 'invoice_number_series'],
  createTables: (t: TableNamer) => `
    CREATE TABLE IF NOT EXISTS ${t('invoices')} (
      invoice_id  text PRIMARY KEY,
      account_id  text NOT NULL,
      number      text NOT NULL UNIQUE,
      kind        text NOT NULL,
      status      text NOT NULL,
      position    text COLLATE "C" NOT NULL,
      issued_at   timestamptz NOT NULL,
      amount_paid bigint NOT NULL,
      issued      jsonb NOT NULL
    );
    CREATE INDEX IF NOT EXISTS ${t('invoices')}_account_position ON ${t('invoices')} (account_id, position DESC);
    CREATE TABLE IF NOT EXISTS ${t('invoice_number_series')} (
      kind        text PRIMARY KEY,
      last_number bigint NOT NULL
    );`,

  async apply(client: PoolClient, events: readonly StoredEvent[], t: TableNamer): Promise<void> {
    const relevant = events.filter((event) => event.streamId.startsWith(ACCOUNT_STREAM_PREFIX) && INVOICE_EVENT_TYPES.has(event.type));
    if (relevant.length === 0) return;
    const book = await loadBook(client, relevant, t);
    const changed = new Set<string>();
    for (const event of relevant) {
      evolveInvoiceBook(book, event);
      changed.add(invoiceIdOf(event));
    }
    await saveRecords(client, [...changed].map((id) => book.records.get(id) as InvoiceRecord), t);
    await client.query(
      `INSERT INTO ${t('invoice_number_series')} (kind, last_number) SELECT * FROM unnest($1::text[], $2::bigint[])
       ON CONFLICT (kind) DO UPDATE SET last_number = EXCLUDED.last_number`,
      [Object.keys(book.counters), Object.values(book.counters)],
    );
  },
};

/** Every event this model reacts to names the invoice it is about. */
const invoiceIdOf = (event: StoredEvent): string => (event.data as { invoiceId: string }).invoiceId;

async function loadBook(client: PoolClient, events: readonly StoredEvent[], t: TableNamer): Promise<InvoiceBook> {
  const book = emptyBook();
  const counters = await client.query<{ kind: DocumentKind; last_number: string }>(`SELECT kind, last_number FROM ${t('invoice_number_series')}`);
  for (const row of counters.rows) book.counters[row.kind] = Number(row.last_number);
  // Issued ids are loaded too, so that an invoice issued twice stops the model instead of overwriting itself.
  const ids = [...new Set(events.map(invoiceIdOf))];
  const { rows } = await client.query<{ invoice_id: string; account_id: string; number: string; position: string; status: InvoiceStatus; amount_paid: string; issued: InvoiceIssuedData }>(
    `SELECT invoice_id, account_id, number, position, status, amount_paid, issued FROM ${t('invoices')} WHERE invoice_id = ANY($1)`,
    [ids],
  );
  for (const row of rows) {
    book.records.set(row.invoice_id, {
      invoiceId: row.invoice_id, accountId: row.account_id, number: row.number, position: row.position, status: row.status,
      amountPaid: Number(row.amount_paid), issued: row.issued,
    });
  }
  return book;
}

async function saveRecords(client: PoolClient, records: readonly InvoiceRecord[], t: TableNamer): Promise<void> {
  await client.query(
    `INSERT INTO ${t('invoices')} (invoice_id, account_id, number, kind, status, position, issued_at, amount_paid, issued)
     ${INVOICES_ROWS.select}
     ON CONFLICT (invoice_id) DO UPDATE SET status = EXCLUDED.status, amount_paid = EXCLUDED.amount_paid`,
    [INVOICES_ROWS.param(records.map((r) => ({
      invoice_id: r.invoiceId, account_id: r.accountId, number: r.number, kind: r.issued.kind, status: r.status, position: r.position,
      issued_at: r.issued.issuedAt, amount_paid: r.amountPaid, issued: r.issued,
    })))],
  );
}
