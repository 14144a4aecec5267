// Coupons are events in a stream of their own: created by finance, redeemed up to their limits, archived; every refusal has its code.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fold, Rejected } from '../decider';
import { deciderSpecification } from '../testing/given-when-then';
import { couponDecider, type CouponCommand, type CreateCoupon } from './coupon.decider';
import type { CouponEvent } from './coupon.events';

const spec = deciderSpecification(couponDecider, () => undefined);
const NOW = '2026-03-01T09:00:00Z';
const create = (overrides: Partial<CreateCoupon> = {}): CreateCoupon => ({ type: 'CreateCoupon', code: 'SPRING-25', percentOff: '25', duration: 'repeating', months: 3, now: NOW, ...overrides });
const created = (data: Partial<Extract<CouponEvent, { type: 'CouponCreated' }>['data']> = {}): CouponEvent => ({
  type: 'CouponCreated',
  data: { code: 'SPRING-25', percentOff: '25', amountOffGbp: null, duration: 'repeating', months: 3, redeemBy: null, maxRedemptions: null, createdAt: '2026-03-01T09:00:00.000Z', ...data },
});
const redeemed = (redemptionId: string, accountId = `acc-${redemptionId}`): CouponEvent => ({ type: 'CouponRedeemed', data: { code: 'SPRING-25', redemptionId, accountId, redeemedAt: '2026-03-02T00:00:00.000Z' } });
const redeem = (redemptionId: string, now = '2026-03-05T00:00:00Z'): CouponCommand => ({ type: 'RedeemCoupon', redemptionId, accountId: `acc-${redemptionId}`, now });

function problemsOf(command: CreateCoupon): string[] {
  try {
    couponDecider.decide(command, couponDecider.initialState());
  } catch (error) {
    assert.ok(error instanceof Rejected && error.code === 'VALIDATION_FAILED', String(error));
    return (error.errors ?? []).map((problem) => problem.field);
  }
  return [];
}

test('finance creates a percent coupon; the percentage is kept in one written form', () => {
  spec.given([]).when(create({ percentOff: '12.50', duration: 'forever', months: undefined, maxRedemptions: 100, redeemBy: '2026-06-30T23:59:59+01:00' })).then([
    created({ percentOff: '12.5', duration: 'forever', months: null, maxRedemptions: 100, redeemBy: '2026-06-30T22:59:59.000Z' }),
  ]);
});

test('an amount coupon is GBP pence', () => {
  spec.given([]).when(create({ code: 'FIVER', percentOff: undefined, amountOffGbp: 500, duration: 'once', months: undefined })).then([
    created({ code: 'FIVER', percentOff: null, amountOffGbp: 500, duration: 'once', months: null }),
  ]);
});

test('a code is unique', () => {
  spec.given([created()]).when(create()).thenRejects('COUPON_ALREADY_EXISTS');
});

test('every invalid field is named', () => {
  assert.deepEqual(problemsOf(create({ code: 'spring' })), ['code']);
  assert.deepEqual(problemsOf(create({ code: 'AB' })), ['code']);
  assert.deepEqual(problemsOf(create({ code: 'A'.repeat(33) })), ['code']);
  assert.deepEqual(problemsOf(create({ percentOff: undefined })), ['percentOff'], 'neither percentOff nor amountOff');
  assert.deepEqual(problemsOf(create({ amountOffGbp: 100 })), ['amountOff'], 'both');
  for (const percentOff of ['0', '100.01', '101', '12.555', '-5', '1e2', 'abc', '.5']) assert.deepEqual(problemsOf(create({ percentOff })), ['percentOff'], percentOff);
  for (const percentOff of ['100', '0.01', '99.99', '5']) assert.deepEqual(problemsOf(create({ percentOff })), [], percentOff);
  for (const amountOffGbp of [0, -1, 1.5]) assert.deepEqual(problemsOf(create({ percentOff: undefined, amountOffGbp })), ['amountOff.amount'], String(amountOffGbp));
  assert.deepEqual(problemsOf(create({ duration: 'weekly' as never })), ['duration']);
  assert.deepEqual(problemsOf(create({ months: undefined })), ['months'], 'repeating without months');
  assert.deepEqual(problemsOf(create({ months: 0 })), ['months']);
  assert.deepEqual(problemsOf(create({ duration: 'once', months: 2 })), ['months'], 'months only with repeating');
  assert.deepEqual(problemsOf(create({ duration: 'forever', months: 2 })), ['months']);
  assert.deepEqual(problemsOf(create({ redeemBy: '2026-03-01' })), ['redeemBy']);
  assert.deepEqual(problemsOf(create({ redeemBy: '2026-02-28T00:00:00Z' })), ['redeemBy'], 'in the past');
  assert.deepEqual(problemsOf(create({ maxRedemptions: 0 })), ['maxRedemptions']);
  assert.deepEqual(problemsOf(create({ code: 'x', percentOff: '0', months: 0 })), ['code', 'percentOff', 'months']);
});

test('a redemption takes one unit for an account', () => {
  spec.given([created()]).when(redeem('r-1')).then([{ type: 'CouponRedeemed', data: { code: 'SPRING-25', redemptionId: 'r-1', accountId: 'acc-r-1', redeemedAt: '2026-03-05T00:00:00.000Z' } }]);
});

test('an unknown code is not found', () => {
  spec.given([]).when(redeem('r-1')).thenRejects('COUPON_NOT_FOUND');
  spec.given([]).when({ type: 'ArchiveCoupon', now: NOW }).thenRejects('COUPON_NOT_FOUND');
});

test('an archived coupon takes no new redemption; archiving twice changes nothing', () => {
  const archived: CouponEvent = { type: 'CouponArchived', data: { code: 'SPRING-25', archivedAt: '2026-03-03T00:00:00.000Z' } };
  spec.given([created()]).when({ type: 'ArchiveCoupon', now: '2026-03-03T00:00:00Z' }).then([archived]);
  spec.given([created(), archived]).when(redeem('r-1')).thenRejects('COUPON_NOT_REDEEMABLE');
  spec.given([created(), archived]).when({ type: 'ArchiveCoupon', now: '2026-03-04T00:00:00Z' }).then([]);
});

test('a coupon is redeemable until its redeemBy instant and not after', () => {
  const history = [created({ redeemBy: '2026-03-31T23:59:59.000Z' })];
  spec.given(history).when(redeem('r-1', '2026-03-31T23:59:59Z')).thenMatch([{ type: 'CouponRedeemed' }]);
  spec.given(history).when(redeem('r-1', '2026-04-01T00:00:00Z')).thenRejects('COUPON_NOT_REDEEMABLE');
});

test('maxRedemptions counts redemptions still held: the last unit goes once, a released one is free again', () => {
  const full = [created({ maxRedemptions: 2 }), redeemed('r-1'), redeemed('r-2')];
  spec.given(full).when(redeem('r-3')).thenRejects('COUPON_NOT_REDEEMABLE');
  spec.given([created({ maxRedemptions: 2 }), redeemed('r-1')]).when(redeem('r-3')).thenMatch([{ type: 'CouponRedeemed' }]);
  const released: CouponEvent = { type: 'CouponRedemptionReleased', data: { code: 'SPRING-25', redemptionId: 'r-2', accountId: 'acc-r-2', releasedAt: '2026-03-03T00:00:00.000Z', reason: 'COUPON_ALREADY_APPLIED' } };
  spec.given(full).when({ type: 'ReleaseRedemption', redemptionId: 'r-2', reason: 'COUPON_ALREADY_APPLIED', now: '2026-03-03T00:00:00Z' }).then([released]);
  spec.given([...full, released]).when(redeem('r-3')).thenMatch([{ type: 'CouponRedeemed' }]);
  spec.given([...full, released]).when({ type: 'ReleaseRedemption', redemptionId: 'r-2', reason: 'again', now: '2026-03-04T00:00:00Z' }).then([]);
  assert.equal(fold(couponDecider, [...full, released]).redeemed, 1);
});

test('the same redemption sent again changes nothing, even on a coupon used up since', () => {
  spec.given([created({ maxRedemptions: 1 }), redeemed('r-1')]).when(redeem('r-1')).then([]);
});
