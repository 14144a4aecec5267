// Refunds and disputes in the books, over HTTP: a payment with excess, a refund, a won and a lost
// dispute leave balanced books, Cash and Disputed where billing-rules.md puts them, the credit notes
// numbered, and the tax report net of them. Amounts are worked out by hand.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { AccountCommandInput } from '../../libs/application/commands/billing-commands';
import { BillingCommands } from '../../libs/application/commands/billing-commands';
import { startTestApp, type TestApp, type TestResponse } from '../support/test-app';

describe('refunds and disputes in the finance read models', () => {
  let app: TestApp;
  let admin: string;
  let finance: string;
  let lastPosition = '';

  const ok = (response: TestResponse, status = 200): TestResponse => {
    assert.equal(response.status, status, JSON.stringify(response.body));
    return response;
  };
  /** A Stripe payment, its refund and disputes come from Stripe's webhooks; the test sends the commands they become, so no Stripe server is needed. */
  const command = async (input: AccountCommandInput) => {
    const outcome = await new BillingCommands(app.runtime.store, app.clock).execute('florist', input, { actor: 'fin-1' });
    lastPosition = outcome.position as string;
    return outcome.state;
  };
  const at = async (now: string) => ok(await app.request('POST', '/v1/admin/clock', { token: admin, body: { now } }));
  const balances = async (asOf?: string) => {
    const query = asOf ? `currency=GBP&asOf=${asOf}` : 'currency=GBP';
    const body = ok(await app.request('GET', `/v1/ledger/trial-balance?${query}&after=${lastPosition}`, { token: finance })).body;
    assert.equal(body.balance.amount, 0, 'the book sums to zero');
    return Object.fromEntries(body.items.map((a: { account: string; balance: { amount: number } }) => [a.account, a.balance.amount]));
  };

  before(async () => {
    app = await startTestApp();
    admin = await app.token({ sub: 'admin-1', role: 'admin' });
    finance = await app.token({ sub: 'fin-1', role: 'finance' });
    const open = { accountId: 'florist', businessName: 'Florist', email: 'florist@example.com', currency: 'GBP', taxRegion: 'GB' };
    ok(await app.request('POST', '/v1/accounts', { token: admin, body: open }), 201);
    // Starter, one branch: 100p + 20p tax, paid with 150p through Stripe (30p excess to credit).
    const subscribed = ok(await app.request('POST', '/v1/accounts/florist/subscription', { token: admin, body: { tier: 'starter', branches: 1 } }), 201);
    const invoiceId = subscribed.body.account.openInvoices[0].invoiceId;
    await at('2026-03-02T00:00:00.000Z');
    const paid = await command({ type: 'RecordPayment', invoiceId, amount: { amount: 150, currency: 'GBP' }, reference: 'pi_1', gateway: 'stripe' });
    const paymentId = Object.keys(paid.payments)[0];
    // A 60p refund: a credit note of 50p + 10p tax, then a 60p payout.
    await at('2026-03-05T00:00:00.000Z');
    await command({ type: 'RefundPayment', paymentId, amount: { amount: 60, currency: 'GBP' }, reason: 'goodwill' });
    await at('2026-03-06T00:00:00.000Z');
    await command({ type: 'OpenDispute', paymentId, disputeId: 'dp_1', amount: { amount: 50, currency: 'GBP' } });
    await at('2026-03-10T00:00:00.000Z');
    await command({ type: 'CloseDispute', disputeId: 'dp_1', outcome: 'won' });
    await at('2026-03-12T00:00:00.000Z');
    await command({ type: 'OpenDispute', paymentId, disputeId: 'dp_2', amount: { amount: 40, currency: 'GBP' } });
    // Lost: a credit note of 40p ÷ 1.2 = 33.3…p → 33p + 7p tax, paid out of Disputed.
    await at('2026-03-20T00:00:00.000Z');
    await command({ type: 'CloseDispute', disputeId: 'dp_2', outcome: 'lost' });
  });
  after(async () => app?.close());

  test('while a dispute is open its amount sits in Disputed, out of Cash', async () => {
    assert.deepEqual(await balances('2026-03-07T00:00:00Z'), { 'Cash:stripe': 40, CustomerCredit: -30, Disputed: 50, Receivable: 0, Revenue: -50, TaxPayable: -10 });
  });

  test('after a won and a lost dispute Disputed is empty and Cash holds what was kept', async () => {
    // Cash 150 − 60 refund − 40 lost = 50; Revenue −100 + 50 + 33; TaxPayable −20 + 10 + 7; the 30p excess is still credit.
    assert.deepEqual(await balances(), { 'Cash:stripe': 50, CustomerCredit: -30, Disputed: 0, Receivable: 0, Revenue: -17, TaxPayable: -3 });
  });

  test('the refund and the lost dispute are credit notes CN-000001 and CN-000002', async () => {
    const list = ok(await app.request('GET', `/v1/accounts/florist/invoices?after=${lastPosition}`, { token: finance })).body;
    assert.deepEqual(list.items.map((i: { number: string; subtotal: { amount: number }; tax: { amount: number }; reason: string }) => [i.number, i.reason, i.subtotal.amount, i.tax.amount]), [
      ['CN-000002', 'refund', -33, -7],
      ['CN-000001', 'refund', -50, -10],
      ['INV-000001', 'subscription', 100, 20],
    ]);
    assert.deepEqual(list.items[2].amountPaid, { amount: 120, currency: 'GBP' });
    assert.equal(list.items[0].refundOf.invoiceId, list.items[2].invoiceId);
  });

  test('the account’s payments list has the payment, the refunds and both disputes, newest first', async () => {
    const listed = ok(await app.request('GET', `/v1/accounts/florist/payments?after=${lastPosition}`, { token: finance })).body;
    const rows = listed.items.map((item: { kind: string; status: string; amount: { amount: number }; source: string | null; refunded: { amount: number } | null; closedAt: string | null }) => [
      item.kind, item.status, item.amount.amount, item.source, item.refunded?.amount ?? null, item.closedAt,
    ]);
    assert.deepEqual(rows, [
      ['refund', 'succeeded', 40, 'dispute_lost', null, null],
      ['dispute', 'lost', 40, null, null, '2026-03-20T00:00:00.000Z'],
      ['dispute', 'won', 50, null, null, '2026-03-10T00:00:00.000Z'],
      ['refund', 'succeeded', 60, 'refund', null, null],
      ['payment', 'succeeded', 150, null, 100, null],
    ]);
    const [, , , refund, payment] = listed.items;
    assert.equal(refund.paymentId, payment.paymentId);
    assert.deepEqual([payment.appliedToInvoice.amount, payment.toCredit.amount, payment.reference], [120, 30, 'pi_1']);
    const creditNotes = ok(await app.request('GET', '/v1/accounts/florist/invoices', { token: finance })).body.items;
    assert.equal(refund.creditNoteId, creditNotes[1].invoiceId, 'the refund names the credit note that records it');
    const ofInvoice = ok(await app.request('GET', `/v1/accounts/florist/payments?invoiceId=${payment.invoiceId}&limit=2`, { token: finance })).body;
    assert.equal(ofInvoice.items.length, 2);
    const next = ok(await app.request('GET', `/v1/accounts/florist/payments?invoiceId=${payment.invoiceId}&limit=2&cursor=${ofInvoice.nextCursor}`, { token: finance })).body;
    assert.deepEqual([...ofInvoice.items, ...next.items].map((item: { kind: string }) => item.kind).slice(0, 4), ['refund', 'dispute', 'dispute', 'refund']);
  });

  test('the tax report nets the credit notes out of March', async () => {
    const report = ok(await app.request('GET', `/v1/reports/tax?from=2026-03-01&to=2026-03-31&after=${lastPosition}`, { token: finance })).body;
    assert.deepEqual(report.items, [
      { region: 'GB', currency: 'GBP', taxableAmount: { amount: 17, currency: 'GBP' }, tax: { amount: 3, currency: 'GBP' }, invoices: 1, creditNotes: 2, taxRates: ['0.20'] },
    ]);
  });

  test('the account’s credit equals its CustomerCredit balance', async () => {
    const account = ok(await app.request('GET', `/v1/accounts/florist?after=${lastPosition}`, { token: finance })).body;
    assert.deepEqual(account.credit, { amount: 30, currency: 'GBP' });
  });
});
