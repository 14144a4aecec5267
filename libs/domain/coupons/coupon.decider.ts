import { invariant, Rejected, rejectInvalid, type Decider } from '../decider';
import { isBefore, isInstant, normalizeInstant } from '../calendar/calendar';
import { couponInputProblems, normalizePercent, type CouponInput, type DiscountTerms } from './coupon-terms';
import type { CouponEvent } from './coupon.events';

/** Commands on one coupon. Each carries `now` from the injected clock. */
export interface CreateCoupon extends CouponInput {
  readonly type: 'CreateCoupon';
  readonly now: string;
}

export interface ArchiveCoupon {
  readonly type: 'ArchiveCoupon';
  readonly now: string;
}

/** Takes one unit for `accountId`; the id is chosen by the caller so that a retry can find it. */
export interface RedeemCoupon {
  readonly type: 'RedeemCoupon';
  readonly redemptionId: string;
  readonly accountId: string;
  readonly now: string;
}

export interface ReleaseRedemption {
  readonly type: 'ReleaseRedemption';
  readonly redemptionId: string;
  readonly reason: string;
  readonly now: string;
}

export type CouponCommand = CreateCoupon | ArchiveCoupon | RedeemCoupon | ReleaseRedemption;

export interface RedemptionState {
  readonly redemptionId: string;
  readonly accountId: string;
  readonly redeemedAt: string;
  readonly releasedAt: string | null;
}

export interface CouponState {
  readonly exists: boolean;
  readonly terms: DiscountTerms | null;
  readonly redeemBy: string | null;
  readonly maxRedemptions: number | null;
  readonly createdAt: string | null;
  readonly archivedAt: string | null;
  readonly redemptions: Readonly<Record<string, RedemptionState>>;
  /** Redemptions not released: what `maxRedemptions` counts. */
  readonly redeemed: number;
}

export function initialCouponState(): CouponState {
  return { exists: false, terms: null, redeemBy: null, maxRedemptions: null, createdAt: null, archivedAt: null, redemptions: {}, redeemed: 0 };
}

function instantOf(now: string): string {
  if (!isInstant(now)) throw new Rejected('VALIDATION_FAILED', 'now must be an ISO-8601 instant', 'now');
  return normalizeInstant(now);
}

function requireCoupon(state: CouponState): DiscountTerms {
  if (!state.exists || state.terms === null) throw new Rejected('COUPON_NOT_FOUND');
  return state.terms;
}

/** Why a coupon takes no new redemption at `at`, or undefined when it does. */
export function notRedeemableReason(state: CouponState, at: string): string | undefined {
  const terms = requireCoupon(state);
  if (state.archivedAt !== null) return `${terms.code} is archived`;
  if (state.redeemBy !== null && isBefore(state.redeemBy, at)) return `${terms.code} could be redeemed until ${state.redeemBy}`;
  if (state.maxRedemptions !== null && state.redeemed >= state.maxRedemptions) return `${terms.code} has been redeemed its maximum of ${state.maxRedemptions} times`;
  return undefined;
}

function create(command: CreateCoupon, state: CouponState, at: string): CouponEvent[] {
  rejectInvalid(couponInputProblems(command, at));
  if (state.exists) throw new Rejected('COUPON_ALREADY_EXISTS', String(command.code));
  const percentOff = typeof command.percentOff === 'string' ? normalizePercent(command.percentOff) : null;
  return [{
    type: 'CouponCreated',
    data: {
      code: command.code as string, percentOff, amountOffGbp: percentOff === null ? (command.amountOffGbp as number) : null,
      duration: command.duration as DiscountTerms['duration'], months: command.duration === 'repeating' ? (command.months as number) : null,
      redeemBy: typeof command.redeemBy === 'string' ? normalizeInstant(command.redeemBy) : null,
      maxRedemptions: typeof command.maxRedemptions === 'number' ? command.maxRedemptions : null, createdAt: at,
    },
  }];
}

function redeem(command: RedeemCoupon, state: CouponState, at: string): CouponEvent[] {
  const terms = requireCoupon(state);
  // The same redemption sent again (a retry) changes nothing.
  if (state.redemptions[command.redemptionId] !== undefined) return [];
  const reason = notRedeemableReason(state, at);
  if (reason !== undefined) throw new Rejected('COUPON_NOT_REDEEMABLE', reason);
  return [{ type: 'CouponRedeemed', data: { code: terms.code, redemptionId: command.redemptionId, accountId: command.accountId, redeemedAt: at } }];
}

function release(command: ReleaseRedemption, state: CouponState, at: string): CouponEvent[] {
  const terms = requireCoupon(state);
  const redemption = state.redemptions[command.redemptionId];
  invariant(redemption !== undefined, `release of unknown redemption ${command.redemptionId}`);
  if (redemption.releasedAt !== null) return [];
  return [{ type: 'CouponRedemptionReleased', data: { code: terms.code, redemptionId: redemption.redemptionId, accountId: redemption.accountId, releasedAt: at, reason: command.reason } }];
}

export function decideCoupon(command: CouponCommand, state: CouponState): CouponEvent[] {
  const at = instantOf(command.now);
  switch (command.type) {
    case 'CreateCoupon':
      return create(command, state, at);
    case 'ArchiveCoupon': {
      const terms = requireCoupon(state);
      return state.archivedAt !== null ? [] : [{ type: 'CouponArchived', data: { code: terms.code, archivedAt: at } }];
    }
    case 'RedeemCoupon':
      return redeem(command, state, at);
    case 'ReleaseRedemption':
      return release(command, state, at);
  }
}

export function evolveCoupon(state: CouponState, event: CouponEvent): CouponState {
  switch (event.type) {
    case 'CouponCreated': {
      invariant(!state.exists, 'CouponCreated twice');
      const { code, percentOff, amountOffGbp, duration, months, redeemBy, maxRedemptions, createdAt } = event.data;
      return { ...state, exists: true, terms: { code, percentOff, amountOffGbp, duration, months }, redeemBy, maxRedemptions, createdAt };
    }
    case 'CouponArchived':
      invariant(state.exists && state.archivedAt === null, 'CouponArchived on a missing or archived coupon');
      return { ...state, archivedAt: event.data.archivedAt };
    case 'CouponRedeemed': {
      const { redemptionId, accountId, redeemedAt } = event.data;
      invariant(state.exists && state.redemptions[redemptionId] === undefined, `CouponRedeemed twice for ${redemptionId}`);
      const redemption: RedemptionState = { redemptionId, accountId, redeemedAt, releasedAt: null };
      return { ...state, redemptions: { ...state.redemptions, [redemptionId]: redemption }, redeemed: state.redeemed + 1 };
    }
    case 'CouponRedemptionReleased': {
      const redemption = state.redemptions[event.data.redemptionId];
      invariant(redemption !== undefined && redemption.releasedAt === null, `CouponRedemptionReleased on ${event.data.redemptionId}, which is not held`);
      const released = { ...redemption, releasedAt: event.data.releasedAt };
      return { ...state, redemptions: { ...state.redemptions, [redemption.redemptionId]: released }, redeemed: state.redeemed - 1 };
    }
  }
}

export const couponDecider: Decider<CouponCommand, CouponEvent, CouponState> = {
  initialState: initialCouponState,
  decide: (command, state) => decideCoupon(command, state),
  evolve: evolveCoupon,
};
