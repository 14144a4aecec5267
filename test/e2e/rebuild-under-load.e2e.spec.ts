// Rebuilding every read model (blue/green, over HTTP) while vendors keep reading and writing loses
// no request, leaves each model equal to a fresh replay, and keeps reads-your-writes working.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { compareWithRebuild } from '../../libs/infra/projections/projection-rebuild';
import { ALL_PROJECTIONS } from '../../projections/all-projections';
import { startTestApp, type TestApp, type TestResponse } from '../support/test-app';

const ACCOUNTS = 20;
const CLIENTS = 4;
const MAX_ROUNDS_PER_CLIENT = 400;

describe('rebuilding the read models under load', () => {
  let app: TestApp;
  let admin: string;
  const vendors = new Map<string, string>();
  const ids = Array.from({ length: ACCOUNTS }, (_, index) => `load-${index}`);

  before(async () => {
    app = await startTestApp({}, '2026-03-01T09:00:00.000Z');
    admin = await app.token({ sub: 'admin', role: 'admin' });
    const finance = await app.token({ sub: 'finance', role: 'finance' });
    assert.equal((await app.request('PUT', '/v1/admin/tax-rates/GB', { token: finance, body: { rate: '0.20' } })).status, 200);
    for (const id of ids) {
      const token = await app.token({ sub: `owner-${id}`, role: 'vendor', accountId: id });
      vendors.set(id, token);
      expectStatus(await app.request('POST', '/v1/accounts', { token, body: { accountId: id, businessName: id, email: `${id}@example.com`, currency: 'GBP', taxRegion: 'GB' } }), [201]);
      expectStatus(await app.request('PUT', `/v1/accounts/${id}/payment-method`, { token, body: { gateway: 'sandbox', token: 'tok_ok' } }), [200]);
      expectStatus(await app.request('POST', `/v1/accounts/${id}/subscription`, { token, body: { tier: 'pro', branches: 2 } }), [200, 201]);
    }
    // A year of renewals gives every model (invoices, payments, journal, MRR, tax) rows to rebuild.
    await app.worker.dueWork.advanceClockTo(new Date('2027-03-02T00:00:00.000Z'));
  });
  after(async () => app?.close());

  test('no request fails while every projection is rebuilt, and each then equals a fresh replay', async () => {
    let rebuilding = true;
    const tiers = new Map(ids.map((id) => [id, 'pro']));
    const statuses = new Map<string, number>();
    const record = (label: string, response: TestResponse, expected: number[]) => {
      statuses.set(`${label} ${response.status}`, (statuses.get(`${label} ${response.status}`) ?? 0) + 1);
      expectStatus(response, expected, label);
    };
    let failed = false;
    const client = async (clientIndex: number) => {
      try {
        await clientRounds(clientIndex);
      } catch (error) {
        // Stop the others and the rebuilds at once, so that a failure is reported without waiting for them.
        failed = true;
        rebuilding = false;
        throw error;
      }
    };
    const clientRounds = async (clientIndex: number) => {
      for (let round = 0; rebuilding && round < MAX_ROUNDS_PER_CLIENT; round++) {
        const id = ids[(clientIndex + round * CLIENTS) % ids.length];
        const token = vendors.get(id) as string;
        const count = clientIndex * 1000 + round;
        const written = await app.request('PUT', `/v1/accounts/${id}/product-count`, { token, body: { count: count % 90 } });
        record('report count', written, [200]);
        const read = await app.request('GET', `/v1/accounts/${id}?after=${written.body.position}`, { token });
        record('read account after write', read, [200]);
        assert.equal(read.body.productCount, count % 90, `reads-your-writes: ${id} after ${written.body.position}`);
        const tier = tiers.get(id) === 'pro' ? 'enterprise' : 'pro';
        const changed = await app.request('POST', `/v1/accounts/${id}/subscription/tier`, { token, body: { tier } });
        record('change tier', changed, [200]);
        tiers.set(id, tier);
        const listed = await app.request('GET', `/v1/accounts/${id}/invoices?limit=1&after=${changed.body.position}`, { token });
        record('list invoices after write', listed, [200]);
        assert.equal(listed.body.items[0]?.invoiceId, await lastInvoiceIdUpTo(id, changed.body.position), `reads-your-writes: ${id}'s invoices after ${changed.body.position}`);
        record('refused tier change', await app.request('POST', `/v1/accounts/${id}/subscription/tier`, { token, body: { tier } }), [422]);
      }
    };
    const rebuilder = async () => {
      try {
        // Twice round: the second rebuild replaces tables that were themselves swapped in.
        for (const projection of [...ALL_PROJECTIONS, ...ALL_PROJECTIONS]) {
          if (failed) return;
          const response = await app.request('POST', `/v1/admin/projections/${projection.name}/rebuild`, { token: admin });
          record('rebuild', response, [200]);
          assert.ok(response.body.events > 0, `${projection.name} rebuilt from no events`);
        }
      } finally {
        rebuilding = false;
      }
    };
    const outcomes = await Promise.allSettled([rebuilder(), ...Array.from({ length: CLIENTS }, (_, index) => client(index))]);
    for (const outcome of outcomes) if (outcome.status === 'rejected') throw outcome.reason;
    const writes = statuses.get('report count 200') ?? 0;
    console.log(`rebuild under load: ${JSON.stringify(Object.fromEntries(statuses))}`);
    assert.ok(writes >= CLIENTS, `only ${writes} writes ran during the rebuilds: the load did not overlap them`);

    for (const projection of ALL_PROJECTIONS) {
      const differences = await compareWithRebuild(app.runtime.pool, app.runtime.store, [projection]);
      for (const [table, differing] of Object.entries(differences)) assert.equal(differing, 0, `${projection.name}: ${table}`);
    }
  });

  /** The newest document the account's own events had issued by `position`. */
  async function lastInvoiceIdUpTo(accountId: string, position: string): Promise<string | undefined> {
    const events = await app.runtime.store.readStream(`account-${accountId}`);
    const issued = events.filter((event) => event.type === 'InvoiceIssued' && event.position <= position);
    return (issued[issued.length - 1]?.data as { invoiceId?: string } | undefined)?.invoiceId;
  }

  test('after the rebuilds a write is read back at its position', async () => {
    const id = ids[0];
    const token = vendors.get(id) as string;
    const written = await app.request('POST', `/v1/accounts/${id}/subscription/branches`, { token, body: { delta: 1 } });
    expectStatus(written, [200, 201]);
    const read = await app.request('GET', `/v1/accounts/${id}?after=${written.body.position}`, { token });
    expectStatus(read, [200]);
    assert.equal(read.body.branches, 3);
  });
});

function expectStatus(response: TestResponse, expected: number[], label = 'request'): void {
  assert.ok(expected.includes(response.status), `${label}: ${response.status} ${JSON.stringify(response.body)}`);
}
