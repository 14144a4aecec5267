import type { PoolClient } from 'pg';
import type { StoredEvent } from '../../libs/event-store/event-store.port';
import { JsonRows } from '../../libs/infra/projections/json-rows';
import type { Projection, TableNamer } from '../../libs/infra/projections/projection';
import { EXCHANGE_RATES_STREAM, TAX_RATES_STREAM } from '../../libs/domain/rates/rates.events';

const RATE_HISTORY_ROWS = new JsonRows('position text, kind text, key text, rate text, effective_at timestamptz, set_at timestamptz, set_by text');

/**
 * Every exchange and tax rate finance has set, with when it holds from, when and by whom it was
 * set: the history the console's rates page shows. One row per event; which rate is in force at
 * an instant is the latest `effective_at` at or before it (a later event wins a tie), as the rate
 * books the deciders use say (libs/domain/rates/rate-books.ts).
 */
export const ratesProjection: Projection = {
  name: 'rates',
  version: 1,
  tables: ['rate_history'],
  createTables: (t: TableNamer) => `
    CREATE TABLE IF NOT EXISTS ${t('rate_history')} (
      position     text COLLATE "C" PRIMARY KEY,
      kind         text NOT NULL,
      key          text NOT NULL,
      rate         text NOT NULL,
      effective_at timestamptz NOT NULL,
      set_at       timestamptz NOT NULL,
      set_by       text NOT NULL
    );
    CREATE INDEX IF NOT EXISTS ${t('rate_history')}_key ON ${t('rate_history')} (kind, key, effective_at DESC, position DESC);`,

  async apply(client: PoolClient, events: readonly StoredEvent[], t: TableNamer): Promise<void> {
    const rows = events.filter((event) => event.streamId === EXCHANGE_RATES_STREAM || event.streamId === TAX_RATES_STREAM).map(rateRow);
    if (rows.length === 0) return;
    await client.query(
      `INSERT INTO ${t('rate_history')} (position, kind, key, rate, effective_at, set_at, set_by)
       ${RATE_HISTORY_ROWS.select}`,
      [RATE_HISTORY_ROWS.param(rows.map((r) => ({ position: r.position, kind: r.kind, key: r.key, rate: r.rate, effective_at: r.effectiveAt, set_at: r.setAt, set_by: r.setBy })))],
    );
  },
};

interface RateRow {
  readonly position: string;
  readonly kind: 'exchange' | 'tax';
  readonly key: string;
  readonly rate: string;
  readonly effectiveAt: string;
  readonly setAt: string;
  readonly setBy: string;
}

function rateRow(event: StoredEvent): RateRow {
  const data = event.data as { currency?: string; region?: string; rate: string; effectiveAt: string; setAt: string };
  const exchange = event.type === 'ExchangeRateSet';
  if (!exchange && event.type !== 'TaxRateSet') throw new Error(`rates: unexpected event ${event.type} at ${event.position}`);
  const key = exchange ? data.currency : data.region;
  if (typeof key !== 'string' || typeof data.rate !== 'string') throw new Error(`rates: ${event.type} at ${event.position} lacks its key or rate`);
  return { position: event.position, kind: exchange ? 'exchange' : 'tax', key, rate: data.rate, effectiveAt: data.effectiveAt, setAt: data.setAt, setBy: String(event.metadata.actor) };
}
