// The same command sent several times at once with one Idempotency-Key (a client retrying on a
// timeout while the first attempt still runs) takes effect once, and every copy gets its answer.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../support/test-app';

const KEYS = 40;
const COPIES = 5;

describe('concurrent duplicates of one Idempotency-Key', () => {
  let app: TestApp;
  let admin: string;
  const appendsPerKey = async (prefix: string) =>
    (
      await app.runtime.pool.query<{ key: string; transactions: string }>(
        `SELECT metadata->>'idempotencyKey' AS key, count(DISTINCT transaction_id::text) AS transactions FROM events WHERE metadata->>'idempotencyKey' LIKE $1 || '%' GROUP BY 1`,
        [prefix],
      )
    ).rows;

  before(async () => {
    app = await startTestApp();
    admin = await app.token({ sub: 'race-admin', role: 'admin' });
  });
  after(async () => app?.close());

  test('given 5 simultaneous copies of each of 40 opens, then each account is opened once and every copy answers 201 with the same body', async () => {
    const answers = await Promise.all(
      Array.from({ length: KEYS }, (_, i) =>
        Promise.all(
          Array.from({ length: COPIES }, () =>
            app.request('POST', '/v1/accounts', {
              token: admin,
              headers: { 'idempotency-key': `race-open-${i}` },
              body: { accountId: `race-${i}`, businessName: `Race ${i}`, email: `r${i}@example.com`, currency: 'GBP', taxRegion: 'GB' },
            }),
          ),
        ),
      ),
    );
    for (const copies of answers) {
      assert.deepEqual(copies.map((answer) => answer.status), Array(COPIES).fill(201), JSON.stringify(copies.map((answer) => answer.body)));
      for (const copy of copies) assert.deepEqual(copy.body, copies[0].body);
    }
    const appends = await appendsPerKey('race-open-');
    assert.equal(appends.length, KEYS);
    assert.deepEqual(appends.filter((row) => row.transactions !== '1'), []);
  });

  test('given simultaneous subscribes under one key, then one subscription and one first invoice per account', async () => {
    const answers = await Promise.all(
      Array.from({ length: KEYS }, (_, i) =>
        Promise.all(Array.from({ length: COPIES }, () => app.request('POST', `/v1/accounts/race-${i}/subscription`, { token: admin, headers: { 'idempotency-key': `race-sub-${i}` }, body: { tier: 'pro', branches: 2 } }))),
      ),
    );
    for (const copies of answers) {
      assert.deepEqual(copies.map((answer) => answer.status), Array(COPIES).fill(201), JSON.stringify(copies.map((answer) => answer.body)));
      // The invoice ids in every copy's answer are those recorded, not ones a losing copy made up.
      for (const copy of copies) assert.deepEqual(copy.body, copies[0].body);
    }
    const { rows } = await app.runtime.pool.query<{ stream_id: string; n: string }>(`SELECT stream_id, count(*) AS n FROM events WHERE event_type = 'InvoiceIssued' AND stream_id LIKE 'account-race-%' GROUP BY 1`);
    assert.equal(rows.length, KEYS);
    assert.deepEqual(rows.filter((row) => row.n !== '1'), []);
  });

  test('given one key sent at once with different bodies, then one body wins and the others are 422 IDEMPOTENCY_KEY_REUSED', async () => {
    const answers = await Promise.all(
      [1, 2, 3, 4].map((delta) => app.request('POST', '/v1/accounts/race-0/subscription/branches', { token: admin, headers: { 'idempotency-key': 'race-branches' }, body: { delta } })),
    );
    const statuses = answers.map((answer) => answer.status).sort();
    assert.deepEqual(statuses, [200, 422, 422, 422], JSON.stringify(answers.map((answer) => answer.body)));
    for (const refused of answers.filter((answer) => answer.status === 422)) assert.equal(refused.body.code, 'IDEMPOTENCY_KEY_REUSED');
    const appends = await appendsPerKey('race-branches');
    assert.equal(appends.length, 1);
    assert.equal(appends[0].transactions, '1');
  });
});
