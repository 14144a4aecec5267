import type { Pool } from 'pg';
import type { DiscountDuration } from '../../libs/domain/coupons/coupon-terms';
import { COUPON_CODE_PATTERN } from '../../libs/domain/coupons/coupon-terms';
import type { Money } from '../../libs/domain/money/money';
import { isPosition } from '../../libs/event-store/position';
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

export interface Page<T> {
  readonly items: readonly T[];
  readonly nextCursor: string | null;
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

/** Cursors are opaque to clients: what the last item served was sorted on, base64url encoded. */
function encodeCursor(value: string): string {
  return Buffer.from(`v1:${value}`).toString('base64url');
}

export function decodeCouponCursor(cursor: string): string | undefined {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  return text.startsWith('v1:') && COUPON_CODE_PATTERN.test(text.slice(3)) ? text.slice(3) : undefined;
}

export function decodeRedemptionCursor(cursor: string): string | undefined {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  return text.startsWith('v1:') && isPosition(text.slice(3)) ? text.slice(3) : undefined;
}

/** Every coupon, by code, `limit` at a time after `cursor`. */
export async function listCoupons(pool: Pool, limit: number, cursor?: string): Promise<Page<CouponView>> {
  const after = cursor === undefined ? null : decodeCouponCursor(cursor);
  if (after === undefined) throw new RangeError('not a cursor this endpoint handed out');
  const { rows } = await pool.query<{ doc: CouponRow }>('SELECT doc FROM coupons WHERE ($1::text IS NULL OR code > $1) ORDER BY code LIMIT $2', [after, limit + 1]);
  const items = rows.slice(0, limit).map(({ doc }) => couponView(doc));
  return { items, nextCursor: rows.length > limit ? encodeCursor(items[items.length - 1].code) : null };
}

/** One coupon and a page of its redemptions, newest first. */
export async function findCoupon(pool: Pool, code: string, limit: number, cursor?: string): Promise<CouponDetailView | undefined> {
  const before = cursor === undefined ? null : decodeRedemptionCursor(cursor);
  if (before === undefined) throw new RangeError('not a cursor this endpoint handed out');
  const coupon = await pool.query<{ doc: CouponRow }>('SELECT doc FROM coupons WHERE code = $1', [code]);
  if (coupon.rows.length === 0) return undefined;
  const { rows } = await pool.query<{ doc: RedemptionRow; position: string }>(
    'SELECT doc, position FROM coupon_redemptions WHERE code = $1 AND ($2::text IS NULL OR position < $2) ORDER BY position DESC LIMIT $3',
    [code, before, limit + 1],
  );
  const items = rows.slice(0, limit).map(({ doc }) => redemptionView(doc));
  const nextCursor = rows.length > limit ? encodeCursor(rows[limit - 1].position) : null;
  return { ...couponView(coupon.rows[0].doc), redemptions: { items, nextCursor } };
}

/** Redemptions still waiting for their account, oldest first: what the redemption completer looks at. */
export async function pendingRedemptions(pool: Pool, limit: number): Promise<Array<{ redemptionId: string; code: string; accountId: string }>> {
  const { rows } = await pool.query<{ doc: RedemptionRow }>(`SELECT doc FROM coupon_redemptions WHERE status = 'pending' ORDER BY position LIMIT $1`, [limit]);
  return rows.map(({ doc }) => ({ redemptionId: doc.redemptionId, code: doc.code, accountId: doc.accountId }));
}
