import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dueNowOf, previewBodyOf, type PreviewedDocument } from './preview-answer';

// The dialog asks the preview endpoint with the command's own body, and sums what the change issues now.
test('each change is previewed with its command body and its action', () => {
  assert.deepEqual(previewBodyOf({ kind: 'changeTier', tier: 'pro' }), { action: 'changeTier', tier: 'pro' });
  assert.deepEqual(previewBodyOf({ kind: 'changeBranches', delta: -2 }), { action: 'changeBranches', delta: -2 });
  for (const kind of ['hibernate', 'resume', 'cancel'] as const) assert.deepEqual(previewBodyOf({ kind }), { action: kind });
});

const document = (kind: 'invoice' | 'credit_note', amount: number, currency = 'EUR') => ({ kind, amountDue: { amount, currency } }) as unknown as PreviewedDocument;

test('what is paid now: the invoices’ amounts due, credit notes owing nothing', () => {
  assert.deepEqual(dueNowOf({ documents: [] }, 'EUR'), { amount: 0, currency: 'EUR' });
  assert.deepEqual(dueNowOf({ documents: [document('invoice', 117), document('credit_note', 50), document('invoice', 3)] }, 'EUR'), { amount: 120, currency: 'EUR' });
  assert.throws(() => dueNowOf({ documents: [document('invoice', 117, 'GBP')] }, 'EUR'), RangeError);
});
