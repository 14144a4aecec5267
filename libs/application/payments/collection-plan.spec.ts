// Which charges an account event calls for, and that attempt numbers follow from the stream alone.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { BillingAccountCommand } from '../../domain/billing-account/billing-account.commands';
import { advanceTime, failPayment, historyOf, open, setPaymentMethod, subscribe } from '../../domain/billing-account/billing-account.fixtures';
import type { StoredEvent } from '../../event-store/event-store.port';
import { collectionKey, collectionTasksAt } from './collection-plan';

function storedHistory(commands: readonly BillingAccountCommand[]): StoredEvent[] {
  return historyOf(commands).map((event, revision) => ({
    id: `e-${revision}`, type: event.type, streamId: 'account-acc-1', revision, position: String(revision).padStart(8, '0'),
    data: event.data as unknown as Record<string, unknown>,
    metadata: { correlationId: 'c', causationId: 'c', actor: 'test', command: 'x', occurredAt: '2026-03-01T00:00:00.000Z', prevHash: '', hash: '' },
  }));
}

const revisionOf = (stream: StoredEvent[], type: string, nth = 1) => stream.filter((e) => e.type === type)[nth - 1].revision;

describe('collection plan', () => {
  test('given a payment method on file, when an invoice is issued, then it is collected as attempt 1', () => {
    const stream = storedHistory([open('2026-02-20T00:00:00Z'), setPaymentMethod('2026-02-20T00:00:00Z'), subscribe('starter', 1, '2026-03-01T00:00:00Z')]);
    const issued = stream.find((e) => e.type === 'InvoiceIssued') as StoredEvent;
    assert.deepEqual(collectionTasksAt(stream, issued.revision), [{ invoiceId: issued.data.invoiceId, attempt: 1, trigger: 'issued' }]);
  });

  test('given a declined charge, when the vendor pays now, then that invoice is collected as the next attempt', () => {
    const base = storedHistory([open('2026-02-20T00:00:00Z'), setPaymentMethod('2026-02-20T00:00:00Z'), subscribe('starter', 1, '2026-03-01T00:00:00Z')]);
    const invoiceId = String(base.find((e) => e.type === 'InvoiceIssued')?.data.invoiceId);
    const stream = storedHistory([
      open('2026-02-20T00:00:00Z'), setPaymentMethod('2026-02-20T00:00:00Z'), subscribe('starter', 1, '2026-03-01T00:00:00Z'),
      failPayment(invoiceId, '2026-03-01T00:00:00Z'), { type: 'RequestPayment', invoiceId, now: '2026-03-01T12:00:00Z' },
    ]);
    assert.deepEqual(collectionTasksAt(stream, revisionOf(stream, 'PaymentRequested')), [{ invoiceId, attempt: 2, trigger: 'requested' }]);
  });

  test('given no payment method, when an invoice is issued, then nothing is collected until a method is set', () => {
    const stream = storedHistory([open('2026-02-20T00:00:00Z'), subscribe('starter', 1, '2026-03-01T00:00:00Z'), setPaymentMethod('2026-03-02T00:00:00Z')]);
    const invoiceId = stream.find((e) => e.type === 'InvoiceIssued')?.data.invoiceId;
    assert.deepEqual(collectionTasksAt(stream, revisionOf(stream, 'InvoiceIssued')), []);
    assert.deepEqual(collectionTasksAt(stream, revisionOf(stream, 'PaymentMethodSet')), [{ invoiceId, attempt: 1, trigger: 'method_set' }]);
  });

  test('given a declined first charge, then each dunning retry is the next attempt and a new method the one after', () => {
    const base = storedHistory([open('2026-02-20T00:00:00Z'), setPaymentMethod('2026-02-20T00:00:00Z'), subscribe('starter', 1, '2026-03-01T00:00:00Z')]);
    const invoiceId = String(base.find((e) => e.type === 'InvoiceIssued')?.data.invoiceId);
    const stream = storedHistory([
      open('2026-02-20T00:00:00Z'), setPaymentMethod('2026-02-20T00:00:00Z'), subscribe('starter', 1, '2026-03-01T00:00:00Z'),
      failPayment(invoiceId, '2026-03-01T00:00:00Z'), advanceTime('2026-03-02T00:00:00Z'), failPayment(invoiceId, '2026-03-02T00:00:00Z'),
      advanceTime('2026-03-04T00:00:00Z'), setPaymentMethod('2026-03-05T00:00:00Z'),
    ]);
    assert.deepEqual(collectionTasksAt(stream, revisionOf(stream, 'DunningStepReached', 1)), [{ invoiceId, attempt: 2, trigger: 'retry' }]);
    assert.deepEqual(collectionTasksAt(stream, revisionOf(stream, 'DunningStepReached', 2)), [{ invoiceId, attempt: 3, trigger: 'retry' }]);
    assert.deepEqual(collectionTasksAt(stream, revisionOf(stream, 'PaymentMethodSet', 2)), [{ invoiceId, attempt: 4, trigger: 'method_set' }]);
  });

  test('events that call for no charge give no tasks', () => {
    const stream = storedHistory([open('2026-02-20T00:00:00Z'), setPaymentMethod('2026-02-20T00:00:00Z'), subscribe('starter', 1, '2026-03-01T00:00:00Z')]);
    assert.deepEqual(collectionTasksAt(stream, revisionOf(stream, 'AccountOpened')), []);
    assert.deepEqual(collectionTasksAt(stream, revisionOf(stream, 'Subscribed')), []);
  });

  test('the key of an attempt names the invoice and the attempt', () => {
    assert.equal(collectionKey('inv-1', 3), 'collect-inv-1-3');
  });
});
