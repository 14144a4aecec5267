import type { DiscountDuration } from '../../libs/domain/coupons/coupon-terms';
import { COUPON_EVENT_TYPES, COUPON_STREAM_PREFIX, type CouponEvent } from '../../libs/domain/coupons/coupon.events';
import type { DiscountApplied, DiscountEnded, DiscountEndReason } from '../../libs/domain/billing-account/billing-account.events';
import type { StoredEvent } from '../../libs/event-store/event-store.port';

/**
 * The pure half of the coupons read model: each coupon with the count of its redemptions, and
 * each redemption with what became of it on its account. A redemption is `pending` from the
 * coupon's event until the account applies it, `active` while it is the account's discount,
 * `ended` when it was used, ran out, was removed or replaced, and `released` when the account
 * refused it and the unit went back to the coupon.
 */
export const ACCOUNT_STREAM_PREFIX = 'account-';
export const REDEMPTION_STATUSES = ['pending', 'active', 'ended', 'released'] as const;
export type RedemptionStatus = (typeof REDEMPTION_STATUSES)[number];

export interface CouponRow {
  readonly code: string;
  readonly percentOff: string | null;
  readonly amountOffGbp: number | null;
  readonly duration: DiscountDuration;
  readonly months: number | null;
  readonly redeemBy: string | null;
  readonly maxRedemptions: number | null;
  readonly createdAt: string;
  readonly archivedAt: string | null;
  /** Redemptions not released: what `maxRedemptions` counts. */
  readonly timesRedeemed: number;
}

export interface RedemptionRow {
  readonly redemptionId: string;
  readonly code: string;
  readonly accountId: string;
  /** Feed position of the coupon's `CouponRedeemed`: the order redemptions are listed in. */
  readonly position: string;
  readonly redeemedAt: string;
  readonly status: RedemptionStatus;
  readonly appliedAt: string | null;
  readonly endedAt: string | null;
  readonly endReason: DiscountEndReason | 'released' | null;
}

/** The rows one batch works on, changed in place (the batch's private working copy). */
export interface CouponBook {
  readonly coupons: Map<string, CouponRow>;
  readonly redemptions: Map<string, RedemptionRow>;
}

const COUPON_TYPES: ReadonlySet<string> = new Set(COUPON_EVENT_TYPES);
const DISCOUNT_TYPES: ReadonlySet<string> = new Set(['DiscountApplied', 'DiscountEnded']);

export function isCouponModelEvent(event: StoredEvent): boolean {
  if (event.streamId.startsWith(COUPON_STREAM_PREFIX)) return COUPON_TYPES.has(event.type);
  return event.streamId.startsWith(ACCOUNT_STREAM_PREFIX) && DISCOUNT_TYPES.has(event.type);
}

/** Which rows an event touches, so the batch can load them first. */
export function keysOf(event: StoredEvent): { code?: string; redemptionId?: string } {
  const data = event.data as { code?: string; redemptionId?: string };
  return { code: data.code, redemptionId: data.redemptionId };
}

function coupon(book: CouponBook, code: string, type: string): CouponRow {
  const row = book.coupons.get(code);
  if (!row) throw new Error(`${type} for unknown coupon ${code}`);
  return row;
}

function redemption(book: CouponBook, redemptionId: string, type: string): RedemptionRow {
  const row = book.redemptions.get(redemptionId);
  if (!row) throw new Error(`${type} for unknown redemption ${redemptionId}`);
  return row;
}

function evolveCouponEvent(book: CouponBook, event: CouponEvent, position: string): void {
  switch (event.type) {
    case 'CouponCreated': {
      const { code, percentOff, amountOffGbp, duration, months, redeemBy, maxRedemptions, createdAt } = event.data;
      if (book.coupons.has(code)) throw new Error(`coupon ${code} created twice`);
      book.coupons.set(code, { code, percentOff, amountOffGbp, duration, months, redeemBy, maxRedemptions, createdAt, archivedAt: null, timesRedeemed: 0 });
      return;
    }
    case 'CouponArchived':
      book.coupons.set(event.data.code, { ...coupon(book, event.data.code, event.type), archivedAt: event.data.archivedAt });
      return;
    case 'CouponRedeemed': {
      const { code, redemptionId, accountId, redeemedAt } = event.data;
      const row = coupon(book, code, event.type);
      if (book.redemptions.has(redemptionId)) throw new Error(`redemption ${redemptionId} recorded twice`);
      book.coupons.set(code, { ...row, timesRedeemed: row.timesRedeemed + 1 });
      book.redemptions.set(redemptionId, { redemptionId, code, accountId, position, redeemedAt, status: 'pending', appliedAt: null, endedAt: null, endReason: null });
      return;
    }
    case 'CouponRedemptionReleased': {
      const row = coupon(book, event.data.code, event.type);
      book.coupons.set(row.code, { ...row, timesRedeemed: row.timesRedeemed - 1 });
      const released = redemption(book, event.data.redemptionId, event.type);
      book.redemptions.set(released.redemptionId, { ...released, status: 'released', endedAt: event.data.releasedAt, endReason: 'released' });
      return;
    }
  }
}

function evolveDiscountEvent(book: CouponBook, event: DiscountApplied | DiscountEnded): void {
  const row = redemption(book, event.data.redemptionId, event.type);
  if (event.type === 'DiscountApplied') {
    book.redemptions.set(row.redemptionId, { ...row, status: 'active', appliedAt: event.data.appliedAt });
    return;
  }
  book.redemptions.set(row.redemptionId, { ...row, status: 'ended', endedAt: event.data.endedAt, endReason: event.data.reason });
}

/** Folds one event into the book; an event about a coupon or redemption it never saw stops the model. */
export function evolveCouponBook(book: CouponBook, event: StoredEvent): void {
  if (!isCouponModelEvent(event)) return;
  if (event.streamId.startsWith(COUPON_STREAM_PREFIX)) evolveCouponEvent(book, event as unknown as CouponEvent, event.position);
  else evolveDiscountEvent(book, event as unknown as DiscountApplied | DiscountEnded);
}
