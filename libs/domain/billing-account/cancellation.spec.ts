// Cancellation takes effect at the period end, without refund, billing leftover pending items on a final invoice.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { accountSpec, advanceTime, cancel, changeBranches, changeTier, hibernate, historyOf, openWithCard, starterFromFirstOfMarch, stateOf, subscribe } from './billing-account.fixtures';
import { nextDueAt } from './due-work';
import { mrrOf } from './mrr';

const spec = accountSpec();
const cancelling = starterFromFirstOfMarch([cancel('2026-03-10T00:00:00Z')]);

test('cancelling is requested for the period end; until then the account stays active and counts in MRR', () => {
  spec.given(starterFromFirstOfMarch()).when(cancel('2026-03-10T00:00:00Z')).thenState((state, events) => {
    assert.deepEqual(events, [{ type: 'CancellationRequested', data: { requestedAt: '2026-03-10T00:00:00.000Z', effectiveAt: '2026-04-01T00:00:00.000Z' } }]);
    assert.equal(state.status, 'active');
    assert.equal(mrrOf(state), 100);
  });
});

test('at the period end the subscription is cancelled and no renewal is issued', () => {
  spec.given(cancelling).when(advanceTime('2026-04-01T00:00:00Z')).then([{ type: 'SubscriptionCancelled', data: { cancelledAt: '2026-04-01T00:00:00.000Z' } }]);
});

test('pending items left at that moment go on a final invoice', () => {
  const history = starterFromFirstOfMarch([changeBranches(1, '2026-03-17T00:00:00Z'), cancel('2026-03-18T00:00:00Z')]);
  spec.given(history).when(advanceTime('2026-04-01T00:00:00Z')).thenMatch([
    { type: 'InvoiceIssued', data: { reason: 'final', periodStart: null, lines: [{ kind: 'branches', amount: 48 }], subtotal: 48 } },
    { type: 'SubscriptionCancelled' },
  ]);
});

test('a cancelled account is hidden, out of MRR, and has no due work', () => {
  const state = stateOf(starterFromFirstOfMarch([cancel('2026-03-10T00:00:00Z'), advanceTime('2026-04-01T00:00:00Z')]));
  assert.equal(state.status, 'cancelled');
  assert.equal(mrrOf(state), 0);
  assert.equal(nextDueAt(state), undefined);
});

test('cancelling replaces a scheduled hibernation', () => {
  spec.given(starterFromFirstOfMarch([hibernate('2026-03-05T00:00:00Z')])).when(cancel('2026-03-10T00:00:00Z')).thenMatch([
    { type: 'HibernationRequestCancelled' }, { type: 'CancellationRequested' },
  ]);
});

test('cancelling twice is an invalid state; changes after cancellation need a new subscription', () => {
  spec.given(cancelling).when(cancel('2026-03-11T00:00:00Z')).thenRejects('INVALID_STATE');
  spec.given(cancelling).when(changeTier('pro', '2026-04-02T00:00:00Z')).thenRejects('NOT_SUBSCRIBED');
});

test('a cancelled account may subscribe again, anchored on the new date', () => {
  spec.given(cancelling).when(subscribe('pro', 1, '2026-05-10T00:00:00Z')).thenMatch([
    { type: 'SubscriptionCancelled' }, { type: 'Subscribed', data: { anchorDate: '2026-05-10' } }, { type: 'InvoiceIssued', data: { reason: 'subscription' } },
  ]);
});

test('cancelling needs a subscription', () => {
  spec.given(historyOf(openWithCard('2026-01-01T00:00:00Z'))).when(cancel('2026-03-10T00:00:00Z')).thenRejects('NOT_SUBSCRIBED');
});
