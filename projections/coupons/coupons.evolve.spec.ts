// The coupons read model counts redemptions that hold a unit and follows each one onto its account.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { StoredEvent } from '../../libs/event-store/event-store.port';
import { encodePosition } from '../../libs/event-store/position';
import { evolveCouponBook, type CouponBook } from './coupons.evolve';

let sequence = 0;
function stored(streamId: string, type: string, data: Record<string, unknown>): StoredEvent {
  sequence += 1;
  return { id: `e-${sequence}`, type, streamId, revision: sequence, position: encodePosition(BigInt(sequence), BigInt(sequence)), data, metadata: {} as StoredEvent['metadata'] };
}

const created = stored('coupon-SPRING', 'CouponCreated', { code: 'SPRING', percentOff: '25', amountOffGbp: null, duration: 'repeating', months: 3, redeemBy: null, maxRedemptions: 2, createdAt: '2026-03-01T00:00:00.000Z' });
const redeemed = (id: string, accountId: string) => stored('coupon-SPRING', 'CouponRedeemed', { code: 'SPRING', redemptionId: id, accountId, redeemedAt: '2026-03-02T00:00:00.000Z' });
const applied = (id: string, accountId: string) => stored(`account-${accountId}`, 'DiscountApplied', { redemptionId: id, code: 'SPRING', appliedAt: '2026-03-02T00:00:01.000Z' });

function bookOf(events: readonly StoredEvent[]): CouponBook {
  const book: CouponBook = { coupons: new Map(), redemptions: new Map() };
  for (const event of events) evolveCouponBook(book, event);
  return book;
}

test('a redemption is pending until its account applies it, then active, then ended with the reason', () => {
  const book = bookOf([
    created, redeemed('r1', 'a'), applied('r1', 'a'), redeemed('r2', 'b'),
    stored('account-a', 'DiscountEnded', { redemptionId: 'r1', code: 'SPRING', endedAt: '2026-06-02T00:00:00.000Z', reason: 'expired', invoiceId: null }),
  ]);
  assert.deepEqual([...book.redemptions.values()].map((row) => [row.redemptionId, row.status, row.endReason]), [['r1', 'ended', 'expired'], ['r2', 'pending', null]]);
  assert.equal(book.coupons.get('SPRING')?.timesRedeemed, 2, 'an ended redemption still counts: it was redeemed');
});

test('a released redemption gives its unit back', () => {
  const book = bookOf([
    created, redeemed('r1', 'a'), redeemed('r2', 'a'), applied('r1', 'a'),
    stored('coupon-SPRING', 'CouponRedemptionReleased', { code: 'SPRING', redemptionId: 'r2', accountId: 'a', releasedAt: '2026-03-02T00:00:02.000Z', reason: 'COUPON_ALREADY_APPLIED' }),
  ]);
  assert.equal(book.coupons.get('SPRING')?.timesRedeemed, 1);
  assert.equal(book.redemptions.get('r2')?.status, 'released');
});

test('archiving keeps the coupon with its count; other events pass by', () => {
  const book = bookOf([created, redeemed('r1', 'a'), stored('coupon-SPRING', 'CouponArchived', { code: 'SPRING', archivedAt: '2026-03-05T00:00:00.000Z' }), stored('account-a', 'BranchesChanged', { delta: 1 })]);
  assert.equal(book.coupons.get('SPRING')?.archivedAt, '2026-03-05T00:00:00.000Z');
  assert.equal(book.coupons.get('SPRING')?.timesRedeemed, 1);
});

test('a discount for a redemption the model never saw stops it rather than be skipped', () => {
  assert.throws(() => bookOf([created, applied('ghost', 'a')]), /unknown redemption ghost/);
  assert.throws(() => bookOf([redeemed('r1', 'a')]), /unknown coupon SPRING/);
});
