// Coupons over HTTP: every validation error names its field, every refusal has its code, and
// maxRedemptions holds when many redemptions race for the last units.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { couponStreamId } from '../../libs/domain/coupons/coupon.events';
import { Rejected } from '../../libs/domain/decider';
import { BillingCommands } from '../../libs/application/commands/billing-commands';
import { CouponCommands } from '../../libs/application/coupons/coupon-commands';
import { PostgresEventStore } from '../../libs/event-store/postgres/postgres-event-store';
import type { components } from '../../libs/contract/openapi';
import { apiClient, ok, type ApiClient } from '../support/api-client';
import { startTestApp, type TestApp } from '../support/test-app';

type CreateCoupon = components['schemas']['CreateCouponDto'];

describe('coupons and discounts over HTTP', () => {
  let app: TestApp;
  let finance: ApiClient;
  let admin: ApiClient;

  const open = async (accountId: string) => {
    ok(await admin.POST('/v1/accounts', { body: { accountId, businessName: accountId, email: `${accountId}@example.com`, currency: 'GBP', taxRegion: 'GB' } }));
  };
  /** Bodies that break the rules on purpose are sent as they are; the answer is still checked against the document. */
  const createCoupon = (body: CreateCoupon | Record<string, unknown>) => finance.POST('/v1/coupons', { body: body as CreateCoupon });
  const redeem = (accountId: string, code: string, as: ApiClient = finance) => as.POST('/v1/accounts/{id}/discount', { params: { path: { id: accountId } }, body: { code } });
  const coupon = (code: string, query: { limit?: number; after?: string } = {}) => finance.GET('/v1/coupons/{code}', { params: { path: { code }, query } });
  const refusal = (answer: { response: Response; error?: { code: string } }) => [answer.response.status, answer.error?.code];
  const fields = (error?: { errors?: Array<{ field: string }> }) => (error?.errors ?? []).map((problem) => problem.field);

  before(async () => {
    app = await startTestApp({}, '2026-03-01T09:00:00.000Z');
    finance = apiClient(app.url, await app.token({ sub: 'finance', role: 'finance' }));
    admin = apiClient(app.url, await app.token({ sub: 'admin', role: 'admin' }));
  });
  after(async () => app?.close());

  test('a coupon that is not valid is refused with each field named, and leaves nothing behind', async () => {
    const cases: Array<[Record<string, unknown>, string[]]> = [
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
      assert.deepEqual(refusal(answer), [400, 'VALIDATION_FAILED'], `${JSON.stringify(body)}: ${JSON.stringify(answer.error)}`);
      assert.deepEqual(fields(answer.error), expected, JSON.stringify(answer.error));
    }
    assert.deepEqual(ok(await finance.GET('/v1/coupons', {})), { items: [], nextCursor: null });
    for (const code of ['BOTH', 'NEITHER', 'PAST']) assert.deepEqual(await app.runtime.store.readStream(couponStreamId(code)), []);
  });

  test('a code is unique; an unknown code is not found', async () => {
    ok(await createCoupon({ code: 'UNIQUE', percentOff: '10', duration: 'forever' }));
    assert.deepEqual(refusal(await createCoupon({ code: 'UNIQUE', amountOff: { amount: 100, currency: 'GBP' }, duration: 'once' })), [422, 'COUPON_ALREADY_EXISTS']);
    await open('lonely');
    assert.deepEqual(refusal(await redeem('lonely', 'NOPE')), [404, 'COUPON_NOT_FOUND']);
    assert.deepEqual(refusal(await coupon('NOPE')), [404, 'COUPON_NOT_FOUND']);
    assert.deepEqual(refusal(await finance.POST('/v1/coupons/{code}/archive', { params: { path: { code: 'NOPE' } } })), [404, 'COUPON_NOT_FOUND']);
    assert.deepEqual(refusal(await redeem('nobody-here', 'UNIQUE')), [404, 'ACCOUNT_NOT_FOUND']);
  });

  test('redeem, redeem again, replace, remove: each answer and each refusal', async () => {
    await open('shop');
    const vendor = apiClient(app.url, await app.token({ sub: 'shop-owner', role: 'vendor', accountId: 'shop' }));
    const shop = { params: { path: { id: 'shop' } } };
    ok(await createCoupon({ code: 'FIVER', amountOff: { amount: 500, currency: 'GBP' }, duration: 'forever' }));
    const first = await redeem('shop', 'FIVER', vendor);
    assert.equal(first.response.status, 201, JSON.stringify(first.error));
    assert.deepEqual(ok(first).account.discount?.amountOff, { amount: 500, currency: 'GBP' });
    assert.deepEqual(refusal(await redeem('shop', 'FIVER', vendor)), [422, 'COUPON_ALREADY_APPLIED']);
    assert.equal((await redeem('lonely', 'FIVER', vendor)).response.status, 403, 'a vendor redeems for itself only');
    assert.equal(ok(await redeem('shop', 'UNIQUE')).account.discount?.code, 'UNIQUE', 'finance may redeem for any account');
    assert.equal((await vendor.DELETE('/v1/accounts/{id}/discount', shop)).response.status, 403, 'only finance removes');
    const removed = await finance.DELETE('/v1/accounts/{id}/discount', shop);
    assert.deepEqual([removed.response.status, ok(removed).account.discount], [200, null]);
    assert.deepEqual(refusal(await finance.DELETE('/v1/accounts/{id}/discount', shop)), [404, 'DISCOUNT_NOT_FOUND']);
    const fiver = ok(await coupon('FIVER', { after: ok(removed).position }));
    assert.deepEqual(fiver.redemptions.items.map((r) => [r.status, r.endReason]), [['ended', 'replaced']]);
  });

  test('an archived coupon and one past its redeemBy take no redemption; an archived one keeps working where applied', async () => {
    await open('early');
    await open('late');
    ok(await createCoupon({ code: 'SHORT', percentOff: '5', duration: 'forever', redeemBy: '2026-03-02T00:00:00Z' }));
    ok(await redeem('early', 'SHORT'));
    const archived = await finance.POST('/v1/coupons/{code}/archive', { params: { path: { code: 'SHORT' } } });
    assert.deepEqual([archived.response.status, ok(archived).coupon.status], [200, 'archived']);
    const refused = await redeem('late', 'SHORT');
    assert.deepEqual(refusal(refused), [422, 'COUPON_NOT_REDEEMABLE']);
    assert.match(refused.error?.detail ?? '', /^The coupon takes no new redemptions \(SHORT is archived\)\. /);
    ok(await createCoupon({ code: 'BRIEF', percentOff: '5', duration: 'forever', redeemBy: '2026-03-01T12:00:00Z' }));
    ok(await admin.POST('/v1/admin/clock', { body: { now: '2026-03-01T12:00:01Z' } }));
    assert.deepEqual(refusal(await redeem('late', 'BRIEF')), [422, 'COUPON_NOT_REDEEMABLE']);
    assert.equal(ok(await finance.GET('/v1/accounts/{id}', { params: { path: { id: 'early' } } })).discount?.code, 'SHORT');
  });

  test('the list pages through coupons by code, each with its redemption count', async () => {
    const first = ok(await finance.GET('/v1/coupons', { params: { query: { limit: 2 } } }));
    assert.deepEqual(first.items.map((c) => c.code), ['BRIEF', 'FIVER']);
    assert.ok(first.nextCursor);
    const second = ok(await finance.GET('/v1/coupons', { params: { query: { limit: 2, cursor: first.nextCursor } } }));
    assert.deepEqual(second.items.map((c) => [c.code, c.timesRedeemed]), [['SHORT', 1], ['UNIQUE', 1]]);
    assert.equal(second.nextCursor, null);
    const bogus = await finance.GET('/v1/coupons', { params: { query: { cursor: 'bogus' } } });
    assert.deepEqual([...refusal(bogus), fields(bogus.error)], [400, 'VALIDATION_FAILED', ['cursor']]);
    const crossed = await finance.GET('/v1/coupons/{code}', { params: { path: { code: 'SHORT' }, query: { cursor: first.nextCursor } } });
    assert.deepEqual(refusal(crossed), [400, 'VALIDATION_FAILED'], "a cursor of the coupons list is not one of a coupon's redemptions");
  });

  test('twenty accounts racing for the last three units: exactly three win', async () => {
    ok(await createCoupon({ code: 'LAST-THREE', percentOff: '50', duration: 'once', maxRedemptions: 3 }));
    const ids = Array.from({ length: 20 }, (_, index) => `racer-${index}`);
    for (const accountId of ids) await open(accountId);
    const answers = await Promise.all(ids.map((accountId) => redeem(accountId, 'LAST-THREE')));
    const statuses = answers.map((answer) => `${answer.response.status} ${answer.error?.code ?? ''}`.trim()).sort();
    assert.deepEqual(statuses, [...Array(3).fill('201'), ...Array(17).fill('422 COUPON_NOT_REDEEMABLE')]);
    const redeemed = (await app.runtime.store.readStream(couponStreamId('LAST-THREE'))).filter((event) => event.type === 'CouponRedeemed');
    assert.equal(redeemed.length, 3);
    await app.worker.dueWork.settle();
    const lastThree = ok(await coupon('LAST-THREE'));
    assert.equal(lastThree.timesRedeemed, 3);
    assert.deepEqual(lastThree.redemptions.items.map((r) => r.status), ['active', 'active', 'active']);
    const winners = answers.flatMap((answer) => (answer.data ? [answer.data.account.accountId] : [])).sort();
    assert.deepEqual(lastThree.redemptions.items.map((r) => r.accountId).sort(), winners);
  });

  test('one account sending the same code ten times at once gets it once and takes one unit', async () => {
    await open('clicker');
    ok(await createCoupon({ code: 'DOUBLE-CLICK', percentOff: '10', duration: 'forever', maxRedemptions: 5 }));
    const answers = await Promise.all(Array.from({ length: 10 }, () => redeem('clicker', 'DOUBLE-CLICK')));
    const statuses = answers.map((answer) => `${answer.response.status} ${answer.error?.code ?? ''}`.trim()).sort();
    assert.deepEqual(statuses, ['201', ...Array(9).fill('422 COUPON_ALREADY_APPLIED')]);
    await app.worker.dueWork.settle();
    const clicked = ok(await coupon('DOUBLE-CLICK', { limit: 100 }));
    assert.equal(clicked.timesRedeemed, 1);
    assert.deepEqual(clicked.redemptions.items.map((r) => r.status), ['active']);
  });

  test('a redemption its account refuses after the unit was taken gives the unit back', async () => {
    // Another process (its own store object) completes a redemption of the same code for the same
    // account between this one's two appends: the account refuses the second, which is released.
    await open('raced');
    ok(await createCoupon({ code: 'RACED', amountOff: { amount: 100, currency: 'GBP' }, duration: 'forever', maxRedemptions: 2 }));
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
    const racedCoupon = ok(await coupon('RACED'));
    assert.equal(racedCoupon.timesRedeemed, 1);
    assert.deepEqual(racedCoupon.redemptions.items.map((r) => [r.status, r.endReason]), [['active', null], ['released', 'released']]);
  });

  test('a redemption sent again with its Idempotency-Key is the same redemption', async () => {
    await open('keyed');
    ok(await createCoupon({ code: 'KEYED', percentOff: '10', duration: 'forever', maxRedemptions: 1 }));
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
    ok(await createCoupon({ code: 'CRASHED', percentOff: '20', duration: 'forever' }));
    class CrashingCommands extends BillingCommands {
      override async execute(...args: Parameters<BillingCommands['execute']>): ReturnType<BillingCommands['execute']> {
        if (args[1].type === 'ApplyDiscount') throw new Error('the process died here');
        return super.execute(...args);
      }
    }
    const coupons = new CouponCommands(app.runtime.store, app.clock, new CrashingCommands(app.runtime.store, app.clock));
    await assert.rejects(coupons.redeem('crashed', 'CRASHED', { actor: 'crashed-owner' }), /the process died here/);
    await app.worker.dueWork.settle();
    const pending = ok(await coupon('CRASHED'));
    assert.deepEqual([pending.timesRedeemed, pending.redemptions.items[0].status], [1, 'pending']);
    assert.equal(await app.worker.redemptions.sweep(), 0, 'a redemption seen pending for the first time may still be in flight');
    assert.equal(await app.worker.redemptions.sweep(), 1);
    await app.worker.dueWork.settle();
    assert.equal(ok(await finance.GET('/v1/accounts/{id}', { params: { path: { id: 'crashed' } } })).discount?.code, 'CRASHED');
    assert.equal(ok(await coupon('CRASHED')).redemptions.items[0].status, 'active');
    assert.equal(await app.worker.redemptions.sweep(), 0);
  });
});
