// The manual clock across a restart (issue 15, item 4), told over HTTP the way a support engineer
// met it: the clock moved to 2027, an account opened and subscribed, the service restarted. The
// clock must come back at the ledger's latest instant, refuse a move back with a code of its own,
// stamp nothing earlier than what its stream already holds, and the state as of any instant must
// answer without a 500; `ledger verify` must still find the ledger sound.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../support/test-app';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { runLedgerCli } from '../support/ledger-cli';

const AHEAD = '2027-01-10T09:00:00.000Z';
const BACK = '2026-06-01T09:00:00Z';

describe('the manual clock across a restart', () => {
  let db: TestDatabase;
  let app: TestApp | undefined;
  let admin: string;
  before(async () => {
    db = await createTestDatabase('clock_restart');
    app = await startTestApp({}, undefined, { databaseUrl: db.url });
    admin = await app.token({ sub: 'admin-1', role: 'admin' });
  });
  after(async () => {
    await app?.close();
    await db?.drop();
  });

  test('after a restart the clock resumes at the ledger, refuses to go back, and history stays in order', async () => {
    let current = app as TestApp;
    const moved = await current.request('POST', '/v1/admin/clock', { token: admin, body: { now: AHEAD } });
    assert.equal(moved.status, 200, JSON.stringify(moved.body));
    const open = { accountId: 'ahead', businessName: 'Ahead Ltd', email: 'ahead@example.com', currency: 'GBP', taxRegion: 'GB' };
    assert.equal((await current.request('POST', '/v1/accounts', { token: admin, body: open })).status, 201);
    const subscribed = await current.request('POST', '/v1/accounts/ahead/subscription', { token: admin, body: { tier: 'starter', branches: 1 } });
    assert.equal(subscribed.status, 201, JSON.stringify(subscribed.body));

    await current.close();
    app = undefined;
    current = app = await startTestApp({}, undefined, { databaseUrl: db.url });
    assert.equal(current.clock.now().toISOString(), AHEAD, 'the clock resumes at the newest event, not at its default');

    const back = await current.request('POST', '/v1/admin/clock', { token: admin, body: { now: BACK } });
    assert.equal(back.status, 422, JSON.stringify(back.body));
    assert.equal(back.body.code, 'CLOCK_CANNOT_MOVE_BACK');
    assert.match(back.body.detail, new RegExp(AHEAD.replace(/\./g, '\\.')), 'the refusal says where the clock is');
    assert.equal(current.clock.now().toISOString(), AHEAD, 'a refused move changes nothing');

    const changed = await current.request('POST', '/v1/accounts/ahead/subscription/branches', { token: admin, body: { delta: 1 } });
    assert.equal(changed.status, 200, JSON.stringify(changed.body));
    const events = await current.runtime.store.readStream('account-ahead');
    const stamps = events.map((event) => Date.parse(event.metadata.occurredAt));
    for (let i = 1; i < stamps.length; i++) assert.ok(stamps[i] >= stamps[i - 1], `event ${i} (${events[i].type}) is stamped before event ${i - 1}`);
    const branches = events.find((event) => event.type === 'BranchesChanged');
    assert.equal(branches?.metadata.occurredAt, AHEAD, 'stamped at the stream\'s instant, not at the clock\'s old default');

    const before = await current.request('GET', `/v1/accounts/ahead/state?asOf=${encodeURIComponent('2026-07-01T00:00:00Z')}`, { token: admin });
    assert.equal(before.status, 404, JSON.stringify(before.body));
    assert.equal(before.body.code, 'ACCOUNT_NOT_FOUND');
    const then = await current.request('GET', `/v1/accounts/ahead/state?asOf=${encodeURIComponent(AHEAD)}`, { token: admin });
    assert.equal(then.status, 200, JSON.stringify(then.body));
    assert.equal(then.body.account.branches, 2);

    await current.worker.dueWork.settle();
    const verified = await runLedgerCli(db.url, 'verify');
    assert.equal(verified.code, 0, verified.stdout + verified.stderr);
    assert.match(verified.stdout, /verify: OK/);
  });
});
