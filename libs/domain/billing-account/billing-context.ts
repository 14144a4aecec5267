import type { Catalog } from '../catalog/catalog';
import type { ExchangeRateBook, TaxRateBook } from '../rates/rate-books';

/**
 * What `decide` needs beside the account's own events: the configuration, the rate books folded
 * from their streams, and a source of fresh ids (UUIDs in production, a counter in tests).
 */
export interface BillingContext {
  readonly catalog: Catalog;
  readonly exchangeRates: ExchangeRateBook;
  readonly taxRates: TaxRateBook;
  readonly newId: () => string;
}
