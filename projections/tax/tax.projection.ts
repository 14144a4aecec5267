import type { PoolClient } from 'pg';
import type { StoredEvent } from '../../libs/event-store/event-store.port';
import { JsonRows } from '../../libs/infra/projections/json-rows';
import type { Projection, TableNamer } from '../../libs/infra/projections/projection';
import { taxDocumentOf, type TaxDocument } from './tax.evolve';

const TAX_DOCUMENTS_ROWS = new JsonRows('document_id text, account_id text, kind text, region text, currency text, issue_date date, issued_at timestamptz, tax_rate text, taxable_amount bigint, tax bigint');

/** Taxable amount and tax of every invoice and credit note, by region, currency and issue date. */
export const taxProjection: Projection = {
  name: 'tax',
  version: 1,
  tables: ['tax_documents'],
  createTables: (t: TableNamer) => `
    CREATE TABLE IF NOT EXISTS ${t('tax_documents')} (
      document_id    text PRIMARY KEY,
      account_id     text NOT NULL,
      kind           text NOT NULL,
      region         text NOT NULL,
      currency       text NOT NULL,
      issue_date     date NOT NULL,
      issued_at      timestamptz NOT NULL,
      tax_rate       text NOT NULL,
      taxable_amount bigint NOT NULL,
      tax            bigint NOT NULL
    );
    CREATE INDEX IF NOT EXISTS ${t('tax_documents')}_issue_date ON ${t('tax_documents')} (issue_date);`,

  async apply(client: PoolClient, events: readonly StoredEvent[], t: TableNamer): Promise<void> {
    const documents = events.map(taxDocumentOf).filter((document): document is TaxDocument => document !== undefined);
    if (documents.length === 0) return;
    await client.query(
      `INSERT INTO ${t('tax_documents')} (document_id, account_id, kind, region, currency, issue_date, issued_at, tax_rate, taxable_amount, tax)
       ${TAX_DOCUMENTS_ROWS.select}`,
      [TAX_DOCUMENTS_ROWS.param(documents.map((d) => ({
        document_id: d.documentId, account_id: d.accountId, kind: d.kind, region: d.region, currency: d.currency, issue_date: d.issueDate,
        issued_at: d.issuedAt, tax_rate: d.taxRate, taxable_amount: d.taxableAmount, tax: d.tax,
      })))],
    );
  },
};
