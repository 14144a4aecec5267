import type { Pool } from 'pg';
import type { DiscountDuration } from '../../libs/domain/coupons/coupon-terms';
import { COUPON_CODE_PATTERN } from '../../libs/domain/coupons/coupon-terms';
import type { Money } from '../../libs/domain/money/money';
import { isPosition } from '../../libs/event-store/position';
import { decodeCursor, pageOfRows, type Page } from '../../libs/infra/http/pagination';
import type { CouponRow, RedemptionRow, RedemptionStatus } from './coupons.evolve';

/** Reads of the coupons read model, in the JSON shape of api.md. */
export interface CouponView {
  readonly code: string;
  readonly percentOff: string | null;
  readonly amountOff: Money | null;
  readonly duration: DiscountDuration;
  readonly months: number | null;
  readonly redeemBy: string | null;
  readonly maxRedemptions: number | null;
  /** Redemptions that hold a unit (all but the released ones). */
  readonly timesRedeemed: number;
  readonly status: 'active' | 'archived';
  readonly createdAt: string;
  readonly archivedAt: string | null;
}

export interface RedemptionView {
  readonly redemptionId: string;
  readonly accountId: string;
  readonly redeemedAt: string;
  readonly status: RedemptionStatus;
  readonly appliedAt: string | null;
  readonly endedAt: string | null;
  readonly endReason: RedemptionRow['endReason'];
}

export interface CouponDetailView extends CouponView {
  /** Newest first; the next page with `cursor`. */
  readonly redemptions: Page<RedemptionView>;
}

export function couponView(row: CouponRow): CouponView {
  return {
    code: row.code, percentOff: row.percentOff, amountOff: row.amountOffGbp === null ? null : { amount: row.amountOffGbp, currency: 'GBP' }, duration: row.duration,
    months: row.months, redeemBy: row.redeemBy, maxRedemptions: row.maxRedemptions, timesRedeemed: row.timesRedeemed,
    status: row.archivedAt === null ? 'active' : 'archived', createdAt: row.createdAt, archivedAt: row.archivedAt,
  };
}

function redemptionView(row: RedemptionRow): RedemptionView {
  const { redemptionId, accountId, redeemedAt, status, appliedAt, endedAt, endReason } = row;
  return { redemptionId, accountId, redeemedAt, status, appliedAt, endedAt, endReason };
}

const COUPON_LIST = 'coupons';
const REDEMPTION_LIST = 'coupon-redemptions';

/** Every coupon, by code, `limit` at a time after `cursor`. */
export async function listCoupons(pool: Pool, limit: number, cursor?: string): Promise<Page<CouponView>> {
  const after = cursor === undefined ? null : decodeCursor(cursor, COUPON_LIST, (key) => key.length === 1 && COUPON_CODE_PATTERN.test(key[0]))[0];
  const { rows } = await pool.query<{ doc: CouponRow }>('SELECT doc FROM coupons WHERE ($1::text IS NULL OR code > $1) ORDER BY code LIMIT $2', [after, limit + 1]);
  return pageOfRows(rows, limit, COUPON_LIST, ({ doc }) => [doc.code], ({ doc }) => couponView(doc));
}

/** One coupon and a page of its redemptions, newest first. */
export async function findCoupon(pool: Pool, code: string, limit: number, cursor?: string): Promise<CouponDetailView | undefined> {
  const before = cursor === undefined ? null : decodeCursor(cursor, REDEMPTION_LIST, (key) => key.length === 1 && isPosition(key[0]))[0];
  const coupon = await pool.query<{ doc: CouponRow }>('SELECT doc FROM coupons WHERE code = $1', [code]);
  if (coupon.rows.length === 0) return undefined;
  const { rows } = await pool.query<{ doc: RedemptionRow; position: string }>(
    'SELECT doc, position FROM coupon_redemptions WHERE code = $1 AND ($2::text IS NULL OR position < $2) ORDER BY position DESC LIMIT $3',
    [code, before, limit + 1],
  );
  return { ...couponView(coupon.rows[0].doc), redemptions: pageOfRows(rows, limit, REDEMPTION_LIST, (row) => [row.position], ({ doc }) => redemptionView(doc)) };
}

/** Redemptions still waiting for their account, oldest first: what the redemption completer looks at. */
export async function pendingRedemptions(pool: Pool, limit: number): Promise<Array<{ redemptionId: string; code: string; accountId: string }>> {
  const { rows } = await pool.query<{ doc: RedemptionRow }>(`SELECT doc FROM coupon_redemptions WHERE status = 'pending' ORDER BY position LIMIT $1`, [limit]);
  return rows.map(({ doc }) => ({ redemptionId: doc.redemptionId, code: doc.code, accountId: doc.accountId }));
}
