// Subscribing starts period 0 on the subscription date and bills it in advance at once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { accountSpec, historyOf, open, reportCount, subscribe } from './billing-account.fixtures';

const spec = accountSpec();
const opened = historyOf([open('2026-02-20T09:00:00Z')]);

test('subscribing issues the first period invoice: tier plus extra branches, tax on top, due in 7 days', () => {
  spec.given(opened).when(subscribe('pro', 3, '2026-03-17T10:30:00Z')).thenMatch([
    { type: 'Subscribed', data: { tier: 'pro', branches: 3, anchorDate: '2026-03-17', periodStart: '2026-03-17', periodEnd: '2026-04-17', tierPriceGbp: 300, extraBranchPriceGbp: 100, hibernationFeeGbp: 50 } },
    {
      type: 'InvoiceIssued',
      data: {
        invoiceId: 'id-1', kind: 'invoice', reason: 'subscription', issuedAt: '2026-03-17T10:30:00.000Z', periodStart: '2026-03-17', periodEnd: '2026-04-17',
        lines: [{ kind: 'tier', quantity: 1, unitAmountGbp: 300, amount: 300 }, { kind: 'branches', quantity: 2, unitAmountGbp: 100, amount: 200 }],
        subtotal: 500, taxRate: '0.20', tax: 100, total: 600, creditApplied: 0, amountDue: 600, dueAt: '2026-03-24T10:30:00.000Z', exchangeRate: '1',
      },
    },
  ]);
});

test('one branch means no branch line', () => {
  const [, invoice] = spec.given(opened).when(subscribe('starter', 1, '2026-03-01T00:00:00Z')).events();
  assert.equal(invoice.type === 'InvoiceIssued' && invoice.data.lines.length, 1);
});

test('subscribing twice is refused', () => {
  spec.given(historyOf([open('2026-02-20T09:00:00Z'), subscribe('starter', 1, '2026-03-01T00:00:00Z')])).when(subscribe('pro', 1, '2026-03-02T00:00:00Z')).thenRejects('ALREADY_SUBSCRIBED');
});

test('an unknown tier or fewer than one branch is a validation failure', () => {
  spec.given(opened).when(subscribe('platinum', 1, '2026-03-01T00:00:00Z')).thenRejects('VALIDATION_FAILED');
  spec.given(opened).when(subscribe('starter', 0, '2026-03-01T00:00:00Z')).thenRejects('VALIDATION_FAILED');
  spec.given(opened).when(subscribe('starter', 1.5, '2026-03-01T00:00:00Z')).thenRejects('VALIDATION_FAILED');
});

test('subscribing to a tier below the reported product count is refused', () => {
  spec.given(historyOf([open('2026-02-20T09:00:00Z'), reportCount(11, '2026-02-21T00:00:00Z')])).when(subscribe('starter', 1, '2026-03-01T00:00:00Z')).thenRejects('PRODUCT_LIMIT_EXCEEDED');
});

test('the state after subscribing is active, visible, on period 0', () => {
  spec.given(opened).when(subscribe('starter', 2, '2027-01-31T12:00:00Z')).thenState((state) => {
    assert.equal(state.status, 'active');
    assert.deepEqual(state.subscription?.period, { start: '2027-01-31', end: '2027-02-28' });
    assert.equal(state.pending.length, 0);
  });
});

test('a command stamped before the account\'s latest instant happens at that instant', () => {
  spec.given(opened).when(subscribe('starter', 1, '2026-02-19T00:00:00Z')).thenMatch([
    { type: 'Subscribed', data: { subscribedAt: '2026-02-20T09:00:00.000Z', anchorDate: '2026-02-20' } },
    { type: 'InvoiceIssued' },
  ]);
});
