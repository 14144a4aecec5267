import type { PoolClient } from 'pg';
import type { StoredEvent } from '../../libs/event-store/event-store.port';
import { JsonRows } from '../../libs/infra/projections/json-rows';
import type { Projection, TableNamer } from '../../libs/infra/projections/projection';
import { ACCOUNT_STREAM_PREFIX, postingsFor, type JournalEntry, type PaymentSeen } from './journal.postings';

const JOURNAL_PAYMENTS_ROWS = new JsonRows('payment_id text, gateway text, invoice_id text');
const JOURNAL_ENTRIES_ROWS = new JsonRows('entry_id text, event_id text, position text, kind text, account_id text, currency text, occurred_at timestamptz, document_id text, description text');
const JOURNAL_LINES_ROWS = new JsonRows('entry_id text, line_no int, ledger_account text, account_id text, currency text, occurred_at timestamptz, debit bigint, credit bigint');

/**
 * The double-entry journal: entries and their lines, each line tagged with its ledger account,
 * currency (the book) and billing account, so that the trial balance and the per-account balances
 * are sums over one table. The only memory it keeps besides the journal is which gateway took
 * each payment and which invoice it paid, which a won dispute needs to put the money back in the
 * right Cash account and to name its invoice.
 */
export const journalProjection: Projection = {
  name: 'journal',
  // 2: entries name their document (invoice or credit note) and describe it without internal ids.
  // 3: discounts post their own entry (Discounts / Revenue).
  version: 3,
  tables: ['journal_entries', 'journal_lines', 'journal_payments'],
  createTables: (t: TableNamer) => `
    CREATE TABLE IF NOT EXISTS ${t('journal_entries')} (
      entry_id    text PRIMARY KEY,
      event_id    text NOT NULL,
      position    text COLLATE "C" NOT NULL,
      kind        text NOT NULL,
      account_id  text NOT NULL,
      currency    text NOT NULL,
      occurred_at timestamptz NOT NULL,
      document_id text NOT NULL,
      description text NOT NULL
    );
    CREATE INDEX IF NOT EXISTS ${t('journal_entries')}_occurred_at ON ${t('journal_entries')} (occurred_at);
    CREATE TABLE IF NOT EXISTS ${t('journal_lines')} (
      entry_id       text NOT NULL,
      line_no        integer NOT NULL,
      ledger_account text NOT NULL,
      account_id     text NOT NULL,
      currency       text NOT NULL,
      occurred_at    timestamptz NOT NULL,
      debit          bigint NOT NULL CHECK (debit >= 0),
      credit         bigint NOT NULL CHECK (credit >= 0),
      PRIMARY KEY (entry_id, line_no)
    );
    CREATE INDEX IF NOT EXISTS ${t('journal_lines')}_book ON ${t('journal_lines')} (currency, occurred_at);
    CREATE INDEX IF NOT EXISTS ${t('journal_lines')}_account ON ${t('journal_lines')} (account_id, ledger_account);
    CREATE TABLE IF NOT EXISTS ${t('journal_payments')} (
      payment_id text PRIMARY KEY,
      gateway    text NOT NULL,
      invoice_id text NOT NULL
    );`,

  async apply(client: PoolClient, events: readonly StoredEvent[], t: TableNamer): Promise<void> {
    const relevant = events.filter((event) => event.streamId.startsWith(ACCOUNT_STREAM_PREFIX));
    if (relevant.length === 0) return;
    const payments = await loadPayments(client, relevant, t);
    const fresh = new Map<string, PaymentSeen>();
    const entries: Array<{ entry: JournalEntry; position: string }> = [];
    for (const event of relevant) {
      if (event.type === 'PaymentRecorded') {
        const { paymentId, gateway, invoiceId } = event.data as { paymentId: string; gateway: string; invoiceId: string };
        payments.set(paymentId, { gateway, invoiceId });
        fresh.set(paymentId, { gateway, invoiceId });
      }
      for (const entry of postingsFor(event, { paymentOf: (id) => payments.get(id) })) entries.push({ entry, position: event.position });
    }
    if (fresh.size > 0) {
      const rows = [...fresh].map(([id, payment]) => ({ payment_id: id, gateway: payment.gateway, invoice_id: payment.invoiceId }));
      await client.query(`INSERT INTO ${t('journal_payments')} (payment_id, gateway, invoice_id) ${JOURNAL_PAYMENTS_ROWS.select}`, [JOURNAL_PAYMENTS_ROWS.param(rows)]);
    }
    if (entries.length > 0) await saveEntries(client, entries, t);
  },
};

async function loadPayments(client: PoolClient, events: readonly StoredEvent[], t: TableNamer): Promise<Map<string, PaymentSeen>> {
  const ids = events.filter((event) => event.type === 'DisputeClosed').map((event) => (event.data as { paymentId: string }).paymentId);
  if (ids.length === 0) return new Map();
  const { rows } = await client.query<{ payment_id: string; gateway: string; invoice_id: string }>(`SELECT payment_id, gateway, invoice_id FROM ${t('journal_payments')} WHERE payment_id = ANY($1)`, [ids]);
  return new Map(rows.map((row) => [row.payment_id, { gateway: row.gateway, invoiceId: row.invoice_id }]));
}

async function saveEntries(client: PoolClient, entries: ReadonlyArray<{ entry: JournalEntry; position: string }>, t: TableNamer): Promise<void> {
  await client.query(
    `INSERT INTO ${t('journal_entries')} (entry_id, event_id, position, kind, account_id, currency, occurred_at, document_id, description)
     ${JOURNAL_ENTRIES_ROWS.select}`,
    [JOURNAL_ENTRIES_ROWS.param(entries.map(({ entry, position }) => ({
      entry_id: entry.entryId, event_id: entry.eventId, position, kind: entry.kind, account_id: entry.accountId, currency: entry.currency,
      occurred_at: entry.occurredAt, document_id: entry.documentId, description: entry.description,
    })))],
  );
  const lines = entries.flatMap(({ entry }) => entry.lines.map((line, n) => ({
    entry_id: entry.entryId, line_no: n, ledger_account: line.ledgerAccount, account_id: entry.accountId, currency: entry.currency,
    occurred_at: entry.occurredAt, debit: line.debit, credit: line.credit,
  })));
  await client.query(
    `INSERT INTO ${t('journal_lines')} (entry_id, line_no, ledger_account, account_id, currency, occurred_at, debit, credit)
     ${JOURNAL_LINES_ROWS.select}`,
    [JOURNAL_LINES_ROWS.param(lines)],
  );
}
