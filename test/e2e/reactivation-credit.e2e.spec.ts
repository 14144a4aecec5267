// A suspended vendor who pays is not billed twice for the same days (issue 15, item 14), over HTTP
// on the manual clock, worked out by hand from billing-rules.md (GBP, GB 20 % tax):
//
//  1 Mar 09:00  Pro with 2 branches, period [1 Mar, 1 Apr) = 31 days: 300 + 100 = 400 → tax 80 → 480.
//               The card declines; retries on 2, 4, 8 and 16 Mar decline too: suspended on 16 Mar.
// 20 Mar 10:00  A working card: the collector takes the 480, the account is reactivated on a new
//               anchor, and its invoice first credits what [1 Mar, 1 Apr) still had to run,
//               20 Mar – 1 Apr = 12 of 31 days, each charge on its own line as a tier change does:
//                 −300 × 12/31 = −116.129… → −116     (Unused time on Pro)
//                 −100 × 12/31 =  −38.709… →  −39     (Unused time on additional branches)
//               then the new period [20 Mar, 20 Apr): Pro 300 + 1 additional branch 100.
//               245 → tax 49 → 294, collected at once.
// 20 Apr        The next renewal bills the full period again: 400 → tax 80 → 480.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../support/test-app';
import { settle } from './payments-support';

describe('reactivation credits the unused part of the last billed period', () => {
  let app: TestApp;
  let admin: string;
  let vendor: string;
  const id = 'comeback-cafe';

  const documents = async () => {
    const listed = await app.request('GET', `/v1/accounts/${id}/invoices?limit=100`, { token: admin });
    assert.equal(listed.status, 200, JSON.stringify(listed.body));
    return [...listed.body.items].reverse() as Array<{ reason: string; status: string; period: { start: string; end: string } | null; lines: Array<{ kind: string; description: string; days: number; periodDays: number; exact: string; amount: { amount: number } }>; subtotal: { amount: number }; tax: { amount: number }; total: { amount: number } }>;
  };

  before(async () => {
    app = await startTestApp({}, '2026-03-01T09:00:00.000Z');
    admin = await app.token({ sub: 'admin', role: 'admin' });
    vendor = await app.token({ sub: 'cafe-owner', role: 'vendor', accountId: id });
  });
  after(async () => app?.close());

  test('a declining card leads to suspension on 16 Mar with the March period billed', async () => {
    const send = async (method: string, path: string, body?: unknown) => {
      const answer = await app.request(method, `/v1/accounts/${id}${path}`, { token: vendor, body });
      assert.ok(answer.status < 300, `${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
    };
    assert.equal((await app.request('POST', '/v1/accounts', { token: vendor, body: { accountId: id, businessName: 'Comeback Cafe', email: 'cafe@example.com', currency: 'GBP', taxRegion: 'GB' } })).status, 201);
    await send('PUT', '/payment-method', { gateway: 'sandbox', token: 'tok_decline' });
    await send('POST', '/subscription', { tier: 'pro', branches: 2 });
    await settle(app, admin, '2026-03-16T09:00:00.000Z');
    const account = await app.request('GET', `/v1/accounts/${id}`, { token: vendor });
    assert.equal(account.body.status, 'suspended');
    assert.deepEqual((await documents()).map((document) => [document.total.amount, document.status]), [[480, 'open']]);
  });

  test('paying on 20 Mar reactivates it with the 12 unused days credited before the new period', async () => {
    await settle(app, admin, '2026-03-20T10:00:00.000Z');
    const set = await app.request('PUT', `/v1/accounts/${id}/payment-method`, { token: vendor, body: { gateway: 'sandbox', token: 'tok_ok' } });
    assert.equal(set.status, 200, JSON.stringify(set.body));
    await settle(app, admin);
    const account = await app.request('GET', `/v1/accounts/${id}`, { token: vendor });
    assert.equal(account.body.status, 'active');
    assert.deepEqual(account.body.period, { start: '2026-03-20', end: '2026-04-20' });
    const [first, reactivation] = await documents();
    assert.equal(first.status, 'paid');
    assert.equal(reactivation.reason, 'reactivation');
    assert.deepEqual(reactivation.period, { start: '2026-03-20', end: '2026-04-20' });
    assert.deepEqual(reactivation.lines.map((line) => [line.kind, line.description, line.days, line.periodDays, line.amount.amount]), [
      ['tier_credit', 'Unused time on Pro', 12, 31, -116],
      ['branches_credit', 'Unused time on additional branches', 12, 31, -39],
      ['tier', 'Pro tier', 31, 31, 300],
      ['branches', 'Additional branches', 31, 31, 100],
    ]);
    assert.ok(reactivation.lines[0].exact.startsWith('-116.129032258064516'));
    assert.deepEqual([reactivation.subtotal.amount, reactivation.tax.amount, reactivation.total.amount, reactivation.status], [245, 49, 294, 'paid']);
  });

  test('the next renewal on 20 Apr bills the full period', async () => {
    await settle(app, admin, '2026-04-20T00:00:00.000Z');
    const renewal = (await documents()).at(-1);
    assert.deepEqual([renewal?.reason, renewal?.total.amount], ['renewal', 480]);
  });
});
