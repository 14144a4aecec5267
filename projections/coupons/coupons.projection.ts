import type { PoolClient } from 'pg';
import type { StoredEvent } from '../../libs/event-store/event-store.port';
import { JsonRows } from '../../libs/infra/projections/json-rows';
import type { Projection, TableNamer } from '../../libs/infra/projections/projection';
import { evolveCouponBook, isCouponModelEvent, keysOf, type CouponBook, type CouponRow, type RedemptionRow } from './coupons.evolve';

const COUPONS_ROWS = new JsonRows('code text, doc jsonb');
const COUPON_REDEMPTIONS_ROWS = new JsonRows('redemption_id text, code text, position text, status text, doc jsonb');

/** Coupons with their redemption counts, and every redemption with what became of it. */
export const couponsProjection: Projection = {
  name: 'coupons',
  version: 1,
  tables: ['coupons', 'coupon_redemptions'],
  createTables: (t: TableNamer) => `
    CREATE TABLE IF NOT EXISTS ${t('coupons')} (
      code            text COLLATE "C" PRIMARY KEY,
      doc             jsonb NOT NULL
    );
    CREATE TABLE IF NOT EXISTS ${t('coupon_redemptions')} (
      redemption_id text PRIMARY KEY,
      code          text COLLATE "C" NOT NULL,
      position      text COLLATE "C" NOT NULL,
      status        text NOT NULL,
      doc           jsonb NOT NULL
    );
    CREATE INDEX IF NOT EXISTS ${t('coupon_redemptions')}_code_position ON ${t('coupon_redemptions')} (code, position DESC);
    CREATE INDEX IF NOT EXISTS ${t('coupon_redemptions')}_pending ON ${t('coupon_redemptions')} (position) WHERE status = 'pending';`,

  async apply(client: PoolClient, events: readonly StoredEvent[], t: TableNamer): Promise<void> {
    const relevant = events.filter(isCouponModelEvent);
    if (relevant.length === 0) return;
    const book = await loadBook(client, relevant, t);
    const codes = new Set<string>();
    const redemptions = new Set<string>();
    for (const event of relevant) {
      evolveCouponBook(book, event);
      const { code, redemptionId } = keysOf(event);
      if (code !== undefined && book.coupons.has(code)) codes.add(code);
      if (redemptionId !== undefined) redemptions.add(redemptionId);
    }
    const coupons = [...codes].map((code) => book.coupons.get(code) as CouponRow);
    await client.query(
      `INSERT INTO ${t('coupons')} (code, doc) ${COUPONS_ROWS.select}
       ON CONFLICT (code) DO UPDATE SET doc = EXCLUDED.doc`,
      [COUPONS_ROWS.param(coupons.map((row) => ({ code: row.code, doc: row })))],
    );
    const rows = [...redemptions].map((id) => book.redemptions.get(id) as RedemptionRow);
    await client.query(
      `INSERT INTO ${t('coupon_redemptions')} (redemption_id, code, position, status, doc)
       ${COUPON_REDEMPTIONS_ROWS.select}
       ON CONFLICT (redemption_id) DO UPDATE SET status = EXCLUDED.status, doc = EXCLUDED.doc`,
      [COUPON_REDEMPTIONS_ROWS.param(rows.map((row) => ({ redemption_id: row.redemptionId, code: row.code, position: row.position, status: row.status, doc: row })))],
    );
  },
};

async function loadBook(client: PoolClient, events: readonly StoredEvent[], t: TableNamer): Promise<CouponBook> {
  const codes = [...new Set(events.map((event) => keysOf(event).code).filter((code): code is string => code !== undefined))];
  const ids = [...new Set(events.map((event) => keysOf(event).redemptionId).filter((id): id is string => id !== undefined))];
  const coupons = await client.query<{ doc: CouponRow }>(`SELECT doc FROM ${t('coupons')} WHERE code = ANY($1)`, [codes]);
  const redemptions = await client.query<{ doc: RedemptionRow }>(`SELECT doc FROM ${t('coupon_redemptions')} WHERE redemption_id = ANY($1)`, [ids]);
  return {
    coupons: new Map(coupons.rows.map(({ doc }) => [doc.code, doc])),
    redemptions: new Map(redemptions.rows.map(({ doc }) => [doc.redemptionId, doc])),
  };
}
