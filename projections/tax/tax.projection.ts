import type { PoolClient } from 'pg';
import type { StoredEvent } from '../../libs/event-store/event-store.port';
import type { Projection, TableNamer } from '../../libs/infra/projections/projection';
import { taxDocumentOf, type TaxDocument } from './tax.evolve';

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
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::date[], $7::timestamptz[], $8::text[], $9::bigint[], $10::bigint[])`,
      [
        documents.map((d) => d.documentId),
        documents.map((d) => d.accountId),
        documents.map((d) => d.kind),
        documents.map((d) => d.region),
        documents.map((d) => d.currency),
        documents.map((d) => d.issueDate),
        documents.map((d) => d.issuedAt),
        documents.map((d) => d.taxRate),
        documents.map((d) => d.taxableAmount),
        documents.map((d) => d.tax),
      ],
    );
  },
};
