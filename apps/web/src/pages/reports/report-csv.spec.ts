import assert from 'node:assert/strict';
import { test } from 'node:test';
import { taxReportCsv, trialBalanceCsv } from './report-csv';

// Reports go to spreadsheets as numbers in the currency's unit, with the currency beside them.
test('the tax report as CSV', () => {
  const csv = taxReportCsv([
    { region: 'GB', currency: 'GBP', taxableAmount: { amount: 49700, currency: 'GBP' }, tax: { amount: 9940, currency: 'GBP' }, invoices: 12, creditNotes: 1, taxRates: ['0.20'] },
    { region: 'JP', currency: 'JPY', taxableAmount: { amount: -1915, currency: 'JPY' }, tax: { amount: 0, currency: 'JPY' }, invoices: 0, creditNotes: 1, taxRates: ['0'] },
  ]);
  assert.equal(csv, 'region,currency,taxable_amount,tax,invoices,credit_notes,tax_rates\r\nGB,GBP,497.00,99.40,12,1,0.20\r\nJP,JPY,-1915,0,0,1,0\r\n');
});

test('the trial balance as CSV', () => {
  const line = (account: string, debit: number, credit: number) => ({ account, debit: { amount: debit, currency: 'EUR' }, credit: { amount: credit, currency: 'EUR' }, balance: { amount: debit - credit, currency: 'EUR' } });
  assert.equal(
    trialBalanceCsv('EUR', [line('Receivable', 288, 0), line('Revenue', 0, 234), line('TaxPayable', 0, 54)]),
    'ledger_account,currency,debit,credit,balance\r\nReceivable,EUR,2.88,0.00,2.88\r\nRevenue,EUR,0.00,2.34,-2.34\r\nTaxPayable,EUR,0.00,0.54,-0.54\r\n',
  );
});
