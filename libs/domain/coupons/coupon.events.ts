import type { DomainEvent } from '../decider';
import type { DiscountDuration } from './coupon-terms';

/**
 * Events of one coupon (stream `coupon-<CODE>`). The stream holds the coupon's terms and every
 * redemption, so its revision is what decides a race for the last of `maxRedemptions`: two
 * redemptions read the same revision, one appends, the other re-reads and finds the coupon used up.
 */
export const COUPON_STREAM_PREFIX = 'coupon-';

export function couponStreamId(code: string): string {
  return `${COUPON_STREAM_PREFIX}${code}`;
}

export type CouponCreated = DomainEvent<'CouponCreated', {
  code: string; percentOff: string | null; amountOffGbp: number | null; duration: DiscountDuration; months: number | null;
  redeemBy: string | null; maxRedemptions: number | null; createdAt: string;
}>;
export type CouponArchived = DomainEvent<'CouponArchived', { code: string; archivedAt: string }>;
/** One unit of the coupon taken by an account; the account's `DiscountApplied` carries the same `redemptionId`. */
export type CouponRedeemed = DomainEvent<'CouponRedeemed', { code: string; redemptionId: string; accountId: string; redeemedAt: string }>;
/** A redemption the account refused after all (a race with another redemption of it): the unit is free again. */
export type CouponRedemptionReleased = DomainEvent<'CouponRedemptionReleased', {
  code: string; redemptionId: string; accountId: string; releasedAt: string; reason: string;
}>;

export type CouponEvent = CouponCreated | CouponArchived | CouponRedeemed | CouponRedemptionReleased;

export const COUPON_EVENT_TYPES: readonly CouponEvent['type'][] = ['CouponCreated', 'CouponArchived', 'CouponRedeemed', 'CouponRedemptionReleased'];
