// GET /v1/accounts/{id}/state?asOf= answers for every instant and never with a 500: before the
// account existed (404), exactly on an event, between events, far in the past and the future, and
// on a stream whose history runs backwards (written before the command loop refused that). A table
// of the edges, then a property over arbitrary instants.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { BillingCommands } from '../../libs/application/commands/billing-commands';
import { ManualClock } from '../../libs/infra/clock/clock';
import type { StoredEvent } from '../../libs/event-store/event-store.port';
import { startTestApp, type TestApp } from '../support/test-app';

const OPENED = '2026-03-01T00:00:00.000Z';
const RENEWED = '2026-04-01T00:00:00.000Z';
const FUTURE = '2027-01-10T09:00:00.000Z';
const BACKWARDS = '2026-06-01T09:00:00.000Z';

describe('state as of any instant', () => {
  let app: TestApp;
  let finance: string;
  before(async () => {
    app = await startTestApp({}, OPENED);
    const admin = await app.token({ sub: 'admin-1', role: 'admin' });
    finance = await app.token({ sub: 'fin-1', role: 'finance' });
    const open = (accountId: string) => ({ accountId, businessName: accountId, email: `${accountId}@example.com`, currency: 'GBP', taxRegion: 'GB' });
    assert.equal((await app.request('POST', '/v1/accounts', { token: admin, body: open('steady') })).status, 201);
    // Paid by the sandbox gateway, so the account is still active at its renewal.
    assert.equal((await app.request('PUT', '/v1/accounts/steady/payment-method', { token: admin, body: { gateway: 'sandbox', token: 'tok_ok' } })).status, 200);
    assert.equal((await app.request('POST', '/v1/accounts/steady/subscription', { token: admin, body: { tier: 'pro', branches: 1 } })).status, 201);
    assert.equal((await app.request('POST', '/v1/admin/clock', { token: admin, body: { now: '2026-03-05T12:00:00Z' } })).status, 200);
    const branches = await app.request('POST', '/v1/accounts/steady/subscription/branches', { token: admin, body: { delta: 1 } });
    assert.equal(branches.status, 200, JSON.stringify(branches.body));
    assert.equal((await app.request('POST', '/v1/admin/clock', { token: admin, body: { now: RENEWED } })).status, 200);

    // A stream as the old bug left one: events of 2027, then one stamped 2026 (a valid hash chain).
    const future = new BillingCommands(app.runtime.store, new ManualClock(FUTURE));
    await future.execute('backwards', { type: 'OpenAccount', ...open('backwards') }, { actor: 'admin-1' });
    await future.execute('backwards', { type: 'Subscribe', tier: 'starter', branches: 1 }, { actor: 'admin-1' });
    const last = (await app.runtime.store.readStream('account-backwards')).at(-1) as StoredEvent;
    await app.runtime.store.append('account-backwards', [{
      id: '018f0000-0000-7000-8000-000000000001', type: 'ProductCountReported', data: { count: 3, reportedAt: FUTURE },
      metadata: { correlationId: 'c', causationId: 'c', actor: 'admin-1', command: 'ReportProductCount', occurredAt: BACKWARDS },
    }], { expectedRevision: last.revision });
  });
  after(async () => app?.close());

  const stateAt = (accountId: string, asOf: string) => app.request('GET', `/v1/accounts/${accountId}/state?asOf=${encodeURIComponent(asOf)}`, { token: finance });

  /** The revision a fold as of `asOf` must reach: the last of the events up to the first later one. */
  async function expectedRevision(accountId: string, asOf: string): Promise<number> {
    const events = await app.runtime.store.readStream(`account-${accountId}`);
    const limit = Date.parse(asOf);
    const later = events.findIndex((event) => Date.parse(event.metadata.occurredAt) > limit);
    return (later < 0 ? events.length : later) - 1;
  }

  const table: Array<[string, string, number]> = [
    ['steady', '2026-02-28T23:59:59.999Z', 404],
    ['steady', '1900-01-01T00:00:00Z', 404],
    ['steady', OPENED, 200],
    ['steady', '2026-03-15', 200],
    ['steady', '2026-03-31T23:59:59.999Z', 200],
    ['steady', RENEWED, 200],
    ['steady', '9999-12-31T23:59:59Z', 200],
    ['steady', '2026-04-01T02:00:00+02:00', 200],
    ['backwards', BACKWARDS, 404],
    ['backwards', FUTURE, 200],
    ['backwards', '9999-12-31T23:59:59Z', 200],
  ];
  for (const [accountId, asOf, status] of table) {
    test(`${accountId} as of ${asOf}: ${status}`, async () => {
      const answer = await stateAt(accountId, asOf);
      assert.equal(answer.status, status, JSON.stringify(answer.body));
      if (status === 404) {
        assert.equal(answer.body.code, 'ACCOUNT_NOT_FOUND');
        assert.match(answer.body.detail, /did not exist yet/);
      } else {
        assert.equal(answer.body.revision, await expectedRevision(accountId, asOf));
      }
    });
  }

  test('exactly on an event, the event is included', async () => {
    const renewal = await stateAt('steady', RENEWED);
    assert.deepEqual(renewal.body.account.period, { start: '2026-04-01', end: '2026-05-01' });
    const justBefore = await stateAt('steady', '2026-03-31T23:59:59.999Z');
    assert.deepEqual(justBefore.body.account.period, { start: '2026-03-01', end: '2026-04-01' });
  });

  test('a stream whose history runs backwards is read as a prefix: never its late event without the ones before', async () => {
    assert.equal((await stateAt('backwards', FUTURE)).body.account.productCount, 3, 'as of 2027 the whole stream folds');
    const recorded = await app.request('GET', `/v1/accounts/backwards/events?asOf=${encodeURIComponent(BACKWARDS)}`, { token: finance });
    assert.equal(recorded.status, 200);
    assert.deepEqual(recorded.body.items, [], 'as of its own stamp the 2026 event stands after 2027 ones, so nothing was known yet');
  });

  test('an ISO 8601 form that names no instant is a 400 on asOf', async () => {
    const answer = await stateAt('steady', '2026-W10');
    assert.equal(answer.status, 400, JSON.stringify(answer.body));
    assert.equal(answer.body.code, 'VALIDATION_FAILED');
    assert.equal(answer.body.errors?.[0]?.field, 'asOf');
  });

  test('property: any instant answers 200 with the right prefix or 404, never a 500', async () => {
    const events = [...(await app.runtime.store.readStream('account-steady')), ...(await app.runtime.store.readStream('account-backwards'))];
    const onEvents = events.flatMap((event) => [-1, 0, 1].map((delta) => Date.parse(event.metadata.occurredAt) + delta));
    const instant = fc.oneof(fc.integer({ min: Date.parse('1970-01-01T00:00:00Z'), max: Date.parse('2100-01-01T00:00:00Z') }), fc.constantFrom(...onEvents));
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('steady', 'backwards'), instant, async (accountId, ms) => {
        const asOf = new Date(ms).toISOString();
        const answer = await stateAt(accountId, asOf);
        const revision = await expectedRevision(accountId, asOf);
        assert.equal(answer.status, revision < 0 ? 404 : 200, `${accountId} as of ${asOf}: ${JSON.stringify(answer.body)}`);
        if (revision >= 0) assert.equal(answer.body.revision, revision);
      }),
      { numRuns: 150 },
    );
  });
});
