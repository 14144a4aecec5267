// Coupons over HTTP: every validation error names its field, every refusal has its code, and
// maxRedemptions holds when many redemptions race for the last units.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { couponStreamId } from '../../libs/domain/coupons/coupon.events';
import { Rejected } from '../../libs/domain/decider';
import { BillingCommands } from '../../libs/application/commands/billing-commands';
import { CouponCommands } from '../../libs/application/coupons/coupon-commands';
import { PostgresEventStore } from '../../libs/event-store/postgres/postgres-event-store';
import { startTestApp, type TestApp } from '../support/test-app';

describe('coupons and discounts over HTTP', () => {
  let app: TestApp;
  let finance: string;
  let admin: string;

  const open = async (accountId: string) => {
    const opened = await app.request('POST', '/v1/accounts', { token: admin, body: { accountId, businessName: accountId, email: `${accountId}@example.com`, currency: 'GBP', taxRegion: 'GB' } });
    assert.equal(opened.status, 201, JSON.stringify(opened.body));
  };
  const createCoupon = (body: unknown) => app.request('POST', '/v1/coupons', { token: finance, body });
  const redeem = (accountId: string, code: string, token = finance) => app.request('POST', `/v1/accounts/${accountId}/discount`, { token, body: { code } });
  const fields = (body: { errors?: Array<{ field: string }> }) => (body.errors ?? []).map((error) => error.field);

  before(async () => {
    app = await startTestApp({}, '2026-03-01T09:00:00.000Z');
    finance = await app.token({ sub: 'finance', role: 'finance' });
    admin = await app.token({ sub: 'admin', role: 'admin' });
  });
  after(async () => app?.close());

  test('a coupon that is not valid is refused with each field named, and leaves nothing behind', async () => {
    const cases: Array<[unknown, string[]]> = [
      [{ code: 'spring', percentOff: '25', duration: 'once' }, ['code']],
      [{ code: 'BOTH', percentOff: '25', amountOff: { amount: 500, currency: 'GBP' }, duration: 'once' }, ['amountOff']],
      [{ code: 'NEITHER', duration: 'once' }, ['percentOff']],
      [{ code: 'TOO-MUCH', percentOff: '150', duration: 'once' }, ['percentOff']],
      [{ code: 'THREE-DP', percentOff: '12.345', duration: 'once' }, ['percentOff']],
      [{ code: 'EUROS', amountOff: { amount: 500, currency: 'EUR' }, duration: 'once' }, ['amountOff.currency']],
      [{ code: 'ZERO', amountOff: { amount: 0, currency: 'GBP' }, duration: 'once' }, ['amountOff.amount']],
      [{ code: 'ONCE-MONTHS', percentOff: '10', duration: 'once', months: 2 }, ['months']],
      [{ code: 'NO-MONTHS', percentOff: '10', duration: 'repeating' }, ['months']],
      [{ code: 'WEEKLY', percentOff: '10', duration: 'weekly' }, ['duration']],
      [{ code: 'PAST', percentOff: '10', duration: 'forever', redeemBy: '2026-02-01T00:00:00Z' }, ['redeemBy']],
      [{ code: 'NO-MAX', percentOff: '10', duration: 'forever', maxRedemptions: 0 }, ['maxRedemptions']],
      [{ code: 'EXTRA', percentOff: '10', duration: 'forever', colour: 'red' }, ['colour']],
    ];
    for (const [body, expected] of cases) {
      const answer = await createCoupon(body);
      assert.equal(answer.status, 400, `${JSON.stringify(body)}: ${answer.status} ${JSON.stringify(answer.body)}`);
      assert.equal(answer.body.code, 'VALIDATION_FAILED');
      assert.deepEqual(fields(answer.body), expected, JSON.stringify(answer.body));
      assert.match(answer.body.detail, /\w+ \w+/);
    }
    const listed = await app.request('GET', '/v1/coupons', { token: finance });
    assert.deepEqual(listed.body, { items: [], nextCursor: null });
    for (const code of ['BOTH', 'NEITHER', 'PAST']) assert.deepEqual(await app.runtime.store.readStream(couponStreamId(code)), []);
  });

  test('a code is unique; an unknown code is not found', async () => {
    assert.equal((await createCoupon({ code: 'UNIQUE', percentOff: '10', duration: 'forever' })).status, 201);
    const again = await createCoupon({ code: 'UNIQUE', amountOff: { amount: 100, currency: 'GBP' }, duration: 'once' });
    assert.deepEqual([again.status, again.body.code], [422, 'COUPON_ALREADY_EXISTS']);
    await open('lonely');
    const missing = await redeem('lonely', 'NOPE');
    assert.deepEqual([missing.status, missing.body.code], [404, 'COUPON_NOT_FOUND']);
    assert.deepEqual([(await app.request('GET', '/v1/coupons/NOPE', { token: finance })).status, (await app.request('POST', '/v1/coupons/NOPE/archive', { token: finance })).status], [404, 404]);
    const noAccount = await redeem('nobody-here', 'UNIQUE');
    assert.deepEqual([noAccount.status, noAccount.body.code], [404, 'ACCOUNT_NOT_FOUND']);
  });

  test('redeem, redeem again, replace, remove: each answer and each refusal', async () => {
    await open('shop');
    const vendor = await app.token({ sub: 'shop-owner', role: 'vendor', accountId: 'shop' });
    assert.equal((await createCoupon({ code: 'FIVER', amountOff: { amount: 500, currency: 'GBP' }, duration: 'forever' })).status, 201);
    const first = await redeem('shop', 'FIVER', vendor);
    assert.equal(first.status, 201, JSON.stringify(first.body));
    assert.deepEqual(first.body.account.discount.amountOff, { amount: 500, currency: 'GBP' });
    const twice = await redeem('shop', 'FIVER', vendor);
    assert.deepEqual([twice.status, twice.body.code], [422, 'COUPON_ALREADY_APPLIED']);
    const other = await redeem('lonely', 'FIVER', vendor);
    assert.equal(other.status, 403, 'a vendor redeems for itself only');
    const replaced = await redeem('shop', 'UNIQUE');
    assert.equal(replaced.body.account.discount.code, 'UNIQUE', 'finance may redeem for any account');
    assert.equal((await app.request('DELETE', '/v1/accounts/shop/discount', { token: vendor })).status, 403, 'only finance removes');
    const removed = await app.request('DELETE', '/v1/accounts/shop/discount', { token: finance });
    assert.deepEqual([removed.status, removed.body.account.discount], [200, null]);
    const none = await app.request('DELETE', '/v1/accounts/shop/discount', { token: finance });
    assert.deepEqual([none.status, none.body.code], [404, 'DISCOUNT_NOT_FOUND']);
    const fiver = await app.request('GET', `/v1/coupons/FIVER?after=${removed.body.position}`, { token: finance });
    assert.deepEqual(fiver.body.redemptions.items.map((r: { status: string; endReason: string }) => [r.status, r.endReason]), [['ended', 'replaced']]);
  });

  test('an archived coupon and one past its redeemBy take no redemption; an archived one keeps working where applied', async () => {
    await open('early');
    await open('late');
    assert.equal((await createCoupon({ code: 'SHORT', percentOff: '5', duration: 'forever', redeemBy: '2026-03-02T00:00:00Z' })).status, 201);
    assert.equal((await redeem('early', 'SHORT')).status, 201);
    const archived = await app.request('POST', '/v1/coupons/SHORT/archive', { token: finance });
    assert.deepEqual([archived.status, archived.body.coupon.status], [200, 'archived']);
    const refused = await redeem('late', 'SHORT');
    assert.deepEqual([refused.status, refused.body.code], [422, 'COUPON_NOT_REDEEMABLE']);
    assert.match(refused.body.detail, /archived/);
    assert.equal((await createCoupon({ code: 'BRIEF', percentOff: '5', duration: 'forever', redeemBy: '2026-03-01T12:00:00Z' })).status, 201);
    assert.equal((await app.request('POST', '/v1/admin/clock', { token: admin, body: { now: '2026-03-01T12:00:01Z' } })).status, 200);
    const expired = await redeem('late', 'BRIEF');
    assert.deepEqual([expired.status, expired.body.code], [422, 'COUPON_NOT_REDEEMABLE']);
    const early = await app.request('GET', '/v1/accounts/early', { token: finance });
    assert.equal(early.body.discount.code, 'SHORT');
  });

  test('the list pages through coupons by code, each with its redemption count', async () => {
    const first = await app.request('GET', '/v1/coupons?limit=2', { token: finance });
    assert.equal(first.status, 200);
    assert.deepEqual(first.body.items.map((c: { code: string }) => c.code), ['BRIEF', 'FIVER']);
    const second = await app.request('GET', `/v1/coupons?limit=2&cursor=${first.body.nextCursor}`, { token: finance });
    assert.deepEqual(second.body.items.map((c: { code: string; timesRedeemed: number }) => [c.code, c.timesRedeemed]), [['SHORT', 1], ['UNIQUE', 1]]);
    assert.equal(second.body.nextCursor, null);
    assert.equal((await app.request('GET', '/v1/coupons?cursor=bogus', { token: finance })).status, 400);
  });

  test('twenty accounts racing for the last three units: exactly three win', async () => {
    assert.equal((await createCoupon({ code: 'LAST-THREE', percentOff: '50', duration: 'once', maxRedemptions: 3 })).status, 201);
    const ids = Array.from({ length: 20 }, (_, index) => `racer-${index}`);
    for (const accountId of ids) await open(accountId);
    const answers = await Promise.all(ids.map((accountId) => redeem(accountId, 'LAST-THREE')));
    const statuses = answers.map((answer) => `${answer.status} ${answer.body.code ?? ''}`.trim()).sort();
    assert.deepEqual(statuses, [...Array(3).fill('201'), ...Array(17).fill('422 COUPON_NOT_REDEEMABLE')]);
    const redeemed = (await app.runtime.store.readStream(couponStreamId('LAST-THREE'))).filter((event) => event.type === 'CouponRedeemed');
    assert.equal(redeemed.length, 3);
    await app.worker.dueWork.settle();
    const coupon = await app.request('GET', '/v1/coupons/LAST-THREE', { token: finance });
    assert.equal(coupon.body.timesRedeemed, 3);
    assert.deepEqual(coupon.body.redemptions.items.map((r: { status: string }) => r.status), ['active', 'active', 'active']);
    const winners = answers.filter((answer) => answer.status === 201).map((answer) => answer.body.account.accountId).sort();
    assert.deepEqual(coupon.body.redemptions.items.map((r: { accountId: string }) => r.accountId).sort(), winners);
  });

  test('one account sending the same code ten times at once gets it once and takes one unit', async () => {
    await open('clicker');
    assert.equal((await createCoupon({ code: 'DOUBLE-CLICK', percentOff: '10', duration: 'forever', maxRedemptions: 5 })).status, 201);
    const answers = await Promise.all(Array.from({ length: 10 }, () => redeem('clicker', 'DOUBLE-CLICK')));
    const statuses = answers.map((answer) => `${answer.status} ${answer.body.code ?? ''}`.trim()).sort();
    assert.deepEqual(statuses, ['201', ...Array(9).fill('422 COUPON_ALREADY_APPLIED')]);
    await app.worker.dueWork.settle();
    const coupon = await app.request('GET', '/v1/coupons/DOUBLE-CLICK?limit=100', { token: finance });
    assert.equal(coupon.body.timesRedeemed, 1);
    assert.deepEqual(coupon.body.redemptions.items.map((r: { status: string }) => r.status), ['active']);
  });

  test('a redemption its account refuses after the unit was taken gives the unit back', async () => {
    // Another process (its own store object) completes a redemption of the same code for the same
    // account between this one's two appends: the account refuses the second, which is released.
    await open('raced');
    assert.equal((await createCoupon({ code: 'RACED', amountOff: { amount: 100, currency: 'GBP' }, duration: 'forever', maxRedemptions: 2 })).status, 201);
    const otherStore = new PostgresEventStore(app.runtime.pool);
    const other = new CouponCommands(otherStore, app.clock, new BillingCommands(otherStore, app.clock));
    let raced = false;
    class RacingCommands extends BillingCommands {
      override async execute(...args: Parameters<BillingCommands['execute']>) {
        if (!raced && args[1].type === 'ApplyDiscount') {
          raced = true;
          await other.redeem('raced', 'RACED', { actor: 'other-process' });
        }
        return super.execute(...args);
      }
    }
    const coupons = new CouponCommands(app.runtime.store, app.clock, new RacingCommands(app.runtime.store, app.clock));
    await assert.rejects(coupons.redeem('raced', 'RACED', { actor: 'this-process' }), (error: unknown) => error instanceof Rejected && error.code === 'COUPON_ALREADY_APPLIED');
    const events = await app.runtime.store.readStream(couponStreamId('RACED'));
    assert.deepEqual(events.map((event) => event.type), ['CouponCreated', 'CouponRedeemed', 'CouponRedeemed', 'CouponRedemptionReleased']);
    await app.worker.dueWork.settle();
    const coupon = await app.request('GET', '/v1/coupons/RACED', { token: finance });
    assert.equal(coupon.body.timesRedeemed, 1);
    assert.deepEqual(coupon.body.redemptions.items.map((r: { status: string; endReason: string | null }) => [r.status, r.endReason]), [['active', null], ['released', 'released']]);
  });

  test('a redemption sent again with its Idempotency-Key is the same redemption', async () => {
    await open('keyed');
    assert.equal((await createCoupon({ code: 'KEYED', percentOff: '10', duration: 'forever', maxRedemptions: 1 })).status, 201);
    const coupons = new CouponCommands(app.runtime.store, app.clock, new BillingCommands(app.runtime.store, app.clock));
    const caller = { actor: 'keyed-owner', idempotencyKey: 'redeem-keyed-1', requestHash: 'h1' };
    const first = await coupons.redeem('keyed', 'KEYED', caller);
    const again = await coupons.redeem('keyed', 'KEYED', caller);
    assert.deepEqual([first.replayed, again.replayed], [false, true]);
    assert.equal(again.state.discount?.redemptionId, first.state.discount?.redemptionId);
    const redeemed = (await app.runtime.store.readStream(couponStreamId('KEYED'))).filter((event) => event.type === 'CouponRedeemed');
    assert.equal(redeemed.length, 1, 'one unit, though the coupon has only one');
  });

  test('a redemption a crash left between its two appends is finished by the completer', async () => {
    await open('crashed');
    assert.equal((await createCoupon({ code: 'CRASHED', percentOff: '20', duration: 'forever' })).status, 201);
    class CrashingCommands extends BillingCommands {
      override async execute(...args: Parameters<BillingCommands['execute']>): ReturnType<BillingCommands['execute']> {
        if (args[1].type === 'ApplyDiscount') throw new Error('the process died here');
        return super.execute(...args);
      }
    }
    const coupons = new CouponCommands(app.runtime.store, app.clock, new CrashingCommands(app.runtime.store, app.clock));
    await assert.rejects(coupons.redeem('crashed', 'CRASHED', { actor: 'crashed-owner' }), /the process died here/);
    await app.worker.dueWork.settle();
    const pending = await app.request('GET', '/v1/coupons/CRASHED', { token: finance });
    assert.deepEqual([pending.body.timesRedeemed, pending.body.redemptions.items[0].status], [1, 'pending']);
    assert.equal(await app.worker.redemptions.sweep(), 0, 'a redemption seen pending for the first time may still be in flight');
    assert.equal(await app.worker.redemptions.sweep(), 1);
    await app.worker.dueWork.settle();
    const account = await app.request('GET', '/v1/accounts/crashed', { token: finance });
    assert.equal(account.body.discount?.code, 'CRASHED');
    const done = await app.request('GET', '/v1/coupons/CRASHED', { token: finance });
    assert.equal(done.body.redemptions.items[0].status, 'active');
    assert.equal(await app.worker.redemptions.sweep(), 0);
  });
});
