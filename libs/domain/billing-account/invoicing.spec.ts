// Invoices convert each GBP line at the rate in force at issue, tax half-even at the region's rate, and apply credit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultCatalog, type Catalog } from '../catalog/catalog';
import { accountSpec, advanceTime, changeTier, exchangeRate, historyOf, open, openWithCard, setPaymentMethod, subscribe, taxRate } from './billing-account.fixtures';
import type { InvoiceIssuedData } from './billing-account.events';

const rates = { exchangeRates: [exchangeRate('EUR', '1.125'), exchangeRate('JPY', '190.5'), exchangeRate('EUR', '1.20', '2026-04-01T00:00:00.000Z')] };
const spec = accountSpec(rates);

function issued(events: readonly { type: string; data: unknown }[]): InvoiceIssuedData {
  const event = events.find((candidate) => candidate.type === 'InvoiceIssued');
  assert.ok(event, 'no invoice issued');
  return event.data as InvoiceIssuedData;
}

test('each line is converted on its own, exact value kept, rounded half-even, rate recorded', () => {
  const opened = historyOf([open('2026-02-20T09:00:00Z', { currency: 'EUR', taxRegion: 'FR' })], rates);
  const invoice = issued(spec.given(opened).when(subscribe('pro', 2, '2026-03-01T00:00:00Z')).events());
  // 300p × 1.125 = 337.5c → 338 (even); 100p × 1.125 = 112.5c → 112 (even).
  assert.deepEqual(invoice.lines.map((line) => [line.exactGbp, line.exact, line.amount]), [['300', '337.5', 338], ['100', '112.5', 112]]);
  assert.equal(invoice.exchangeRate, '1.125');
  assert.equal(invoice.currency, 'EUR');
  assert.deepEqual([invoice.subtotal, invoice.taxRate, invoice.tax, invoice.total], [450, '0.20', 90, 540]);
});

test('a currency without minor units converts straight to whole units', () => {
  const opened = historyOf([open('2026-02-20T09:00:00Z', { currency: 'JPY', taxRegion: 'JP' })], rates);
  const invoice = issued(spec.given(opened).when(subscribe('starter', 2, '2026-03-01T00:00:00Z')).events());
  // £1 × 190.5 = ¥190.5 → 190 (even), for both the tier and the extra branch.
  assert.deepEqual(invoice.lines.map((line) => [line.exact, line.amount]), [['190.5', 190], ['190.5', 190]]);
  assert.deepEqual([invoice.subtotal, invoice.tax, invoice.total], [380, 0, 380]);
});

test('each invoice uses the rate in force at its issue', () => {
  const history = historyOf([...openWithCard('2026-02-20T09:00:00Z').map((command) => (command.type === 'OpenAccount' ? { ...command, currency: 'EUR' } : command)), subscribe('starter', 1, '2026-03-01T00:00:00Z')], rates);
  const renewal = issued(spec.given(history).when(advanceTime('2026-04-01T00:00:00Z')).events());
  assert.equal(renewal.exchangeRate, '1.20');
  assert.equal(renewal.lines[0].amount, 120);
});

test('proration is converted with the division last: 15/31 of £3 at 1.125', () => {
  const history = historyOf([open('2026-02-20T09:00:00Z', { currency: 'EUR' }), setPaymentMethod('2026-02-20T09:00:00Z'), subscribe('starter', 1, '2026-03-01T00:00:00Z')], rates);
  const invoice = issued(spec.given(history).when(changeTier('pro', '2026-03-17T00:00:00Z')).events());
  // −100 × 15 × 1.125 / 31 = −54.435… → −54; 300 × 15 × 1.125 / 31 = 163.306… → 163.
  assert.deepEqual(invoice.lines.map((line) => line.amount), [-54, 163]);
});

test('tax is rounded half-even once, on the subtotal', () => {
  const catalog: Catalog = { ...defaultCatalog, tiers: [{ name: 'micro', priceGbp: 25, productLimit: 5 }, { name: 'mini', priceGbp: 35, productLimit: 5 }] };
  const withTax = { catalog, taxRates: [taxRate('GB', '0.10')] };
  const opened = historyOf([open('2026-02-20T09:00:00Z')], withTax);
  assert.equal(issued(accountSpec(withTax).given(opened).when(subscribe('micro', 1, '2026-03-01T00:00:00Z')).events()).tax, 2);
  assert.equal(issued(accountSpec(withTax).given(opened).when(subscribe('mini', 1, '2026-03-01T00:00:00Z')).events()).tax, 4);
});

test('the tax rate in force at issue is written on the invoice', () => {
  const withTax = { taxRates: [taxRate('GB', '0.175', '2026-03-15T00:00:00.000Z')] };
  const history = historyOf([...openWithCard('2026-02-20T09:00:00Z'), subscribe('starter', 1, '2026-03-01T00:00:00Z')], withTax);
  const renewal = issued(accountSpec(withTax).given(history).when(advanceTime('2026-04-01T00:00:00Z')).events());
  assert.deepEqual([renewal.taxRate, renewal.tax], ['0.175', 18]);
});

test('a zero subtotal is still an invoice, total 0, paid at once', () => {
  const catalog: Catalog = { ...defaultCatalog, tiers: [{ name: 'free', priceGbp: 0, productLimit: 5 }, ...defaultCatalog.tiers] };
  const opened = historyOf([open('2026-02-20T09:00:00Z')], { catalog });
  accountSpec({ catalog }).given(opened).when(subscribe('free', 1, '2026-03-01T00:00:00Z')).thenMatch([
    { type: 'Subscribed' },
    { type: 'InvoiceIssued', data: { kind: 'invoice', subtotal: 0, tax: 0, total: 0, amountDue: 0 } },
    { type: 'InvoicePaid', data: { invoiceId: 'id-1', paidAt: '2026-03-01T00:00:00.000Z' } },
  ]);
});

test('credit smaller than the total is used up and the rest is due', () => {
  // The credit note of 456p (see proration.spec) pays the April renewal (360) and 96 of May's.
  const history = historyOf([
    ...openWithCard('2026-02-20T09:00:00Z'), subscribe('enterprise', 1, '2026-03-01T08:00:00Z'), changeTier('starter', '2026-03-02T12:00:00Z'),
    changeTier('pro', '2026-03-31T12:00:00Z'), advanceTime('2026-04-01T00:00:00Z'),
  ]);
  spec.given(history).when(advanceTime('2026-05-01T00:00:00Z')).thenMatch([
    { type: 'PeriodRenewed' }, { type: 'InvoiceIssued', data: { total: 360, creditApplied: 96, amountDue: 264 } },
  ]);
});
