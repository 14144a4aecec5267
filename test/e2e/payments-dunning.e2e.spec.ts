// A declining card on the manual clock: first failure → past_due, retries at +1, +3, +7 and +15
// days each with a notification, suspension after the last; a working card then pays and
// reactivates the account on a new anchor. Checked event by event in the account's stream.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../support/test-app';
import { openSubscribedAccount, settle, streamOf } from './payments-support';

describe('dunning with the sandbox gateway', () => {
  let app: TestApp;
  let admin: string;
  const accountId = 'dunning-shop';
  let invoiceId: string;
  let seen = 0;

  /** The events appended since the last call, as [type, data] pairs. */
  async function newEvents(): Promise<[string, Record<string, unknown>][]> {
    const events = await streamOf(app, accountId);
    const fresh = events.slice(seen).map((event): [string, Record<string, unknown>] => [event.type, event.data]);
    seen = events.length;
    return fresh;
  }

  const types = (events: [string, Record<string, unknown>][]) => events.map(([type]) => type);

  before(async () => {
    app = await startTestApp();
    admin = await app.token({ sub: 'admin-1', role: 'admin' });
  });
  after(async () => app?.close());

  test('the first declined charge at issue makes the account past_due with four retries scheduled', async () => {
    invoiceId = await openSubscribedAccount(app, admin, accountId, { paymentMethod: { gateway: 'sandbox', token: 'tok_decline' } });
    await settle(app, admin);
    const events = await newEvents();
    assert.deepEqual(types(events), ['AccountOpened', 'PaymentMethodSet', 'Subscribed', 'InvoiceIssued', 'PaymentFailed']);
    const failed = events[4][1];
    assert.equal(failed.invoiceId, invoiceId);
    assert.equal(failed.reason, 'card_declined');
    assert.deepEqual(failed.retryAt, ['2026-03-02T00:00:00.000Z', '2026-03-04T00:00:00.000Z', '2026-03-08T00:00:00.000Z', '2026-03-16T00:00:00.000Z']);
    const account = await app.request('GET', `/v1/accounts/${accountId}`, { token: admin });
    assert.equal(account.body.status, 'past_due');
    assert.equal(account.body.visible, true);
  });

  for (const [step, day] of [[1, '02'], [2, '04'], [3, '08']] as const) {
    test(`retry ${step} on 2026-03-${day} declines again, with a retry notification`, async () => {
      await settle(app, admin, `2026-03-${day}T00:00:00.000Z`);
      const events = await newEvents();
      assert.deepEqual(types(events), ['DunningStepReached', 'NotificationRequested', 'PaymentFailed']);
      assert.deepEqual(events[0][1], { step, steps: 4, mode: 'retry', reachedAt: `2026-03-${day}T00:00:00.000Z`, invoiceIds: [invoiceId] });
      assert.equal(events[1][1].notification, 'payment_retry');
      assert.equal(events[2][1].retryAt, null);
      assert.equal((await app.request('GET', `/v1/accounts/${accountId}`, { token: admin })).body.status, 'past_due');
    });
  }

  test('the last retry on 2026-03-16 declines and suspends the account', async () => {
    await settle(app, admin, '2026-03-16T00:00:00.000Z');
    const events = await newEvents();
    assert.deepEqual(types(events), ['DunningStepReached', 'NotificationRequested', 'PaymentFailed', 'AccountSuspended', 'NotificationRequested']);
    assert.equal(events[0][1].step, 4);
    assert.equal(events[1][1].notification, 'payment_retry');
    assert.equal(events[4][1].notification, 'account_suspended');
    const account = await app.request('GET', `/v1/accounts/${accountId}`, { token: admin });
    assert.equal(account.body.status, 'suspended');
    assert.equal(account.body.visible, false);
  });

  test('nothing more happens while suspended', async () => {
    await settle(app, admin, '2026-03-20T00:00:00.000Z');
    assert.deepEqual(await newEvents(), []);
  });

  test('a working card pays the overdue invoice and reactivates the account on a new anchor, whose invoice is collected too', async () => {
    const set = await app.request('PUT', `/v1/accounts/${accountId}/payment-method`, { token: admin, body: { gateway: 'sandbox', token: 'tok_ok' } });
    assert.equal(set.status, 200, JSON.stringify(set.body));
    await settle(app, admin);
    const events = await newEvents();
    assert.deepEqual(types(events), ['PaymentMethodSet', 'PaymentRecorded', 'InvoicePaid', 'AccountReactivated', 'InvoiceIssued', 'PaymentRecorded', 'InvoicePaid']);
    // Attempts 1–5 declined; the sixth, after the new method, succeeded.
    assert.equal(events[1][1].reference, `sbx_pay_${invoiceId}_6`);
    assert.equal(events[1][1].amount, 120);
    assert.equal(events[2][1].invoiceId, invoiceId);
    assert.deepEqual(
      { anchorDate: events[3][1].anchorDate, periodStart: events[3][1].periodStart, periodEnd: events[3][1].periodEnd },
      { anchorDate: '2026-03-20', periodStart: '2026-03-20', periodEnd: '2026-04-20' },
    );
    assert.equal(events[4][1].reason, 'reactivation');
    assert.equal(events[5][1].reference, `sbx_pay_${String(events[4][1].invoiceId)}_1`);
    const account = await app.request('GET', `/v1/accounts/${accountId}`, { token: admin });
    assert.equal(account.body.status, 'active');
    assert.deepEqual(account.body.period, { start: '2026-03-20', end: '2026-04-20' });
    assert.deepEqual(account.body.openInvoices, []);
  });

  test('the events each collection recorded carry the collector as their actor', async () => {
    const events = await streamOf(app, accountId);
    const collected = events.filter((event) => event.type === 'PaymentFailed' || event.type === 'PaymentRecorded');
    assert.equal(collected.length, 7);
    assert.ok(collected.every((event) => event.metadata.actor === 'collector'));
  });
});
