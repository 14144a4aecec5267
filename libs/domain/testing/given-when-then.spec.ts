// The given/when/then helper must fail when the decider's answer differs from the expectation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rejected, type Decider, type DomainEvent } from '../decider';
import { deciderSpecification } from './given-when-then';

type Counted = DomainEvent<'Counted', { by: number; note?: string }>;
const counter: Decider<{ by: number }, Counted, number, void> = {
  initialState: () => 0,
  decide: (command, state) => {
    if (command.by === 0) throw new Rejected('INVALID_STATE');
    return [{ type: 'Counted', data: { by: command.by, note: `from ${state}` } }];
  },
  evolve: (state, event) => state + event.data.by,
};
const spec = deciderSpecification(counter, () => undefined);

test('given events, when a command, then its events pass and wrong ones fail', () => {
  spec.given([{ type: 'Counted', data: { by: 2 } }]).when({ by: 3 }).then([{ type: 'Counted', data: { by: 3, note: 'from 2' } }]);
  assert.throws(() => spec.given([]).when({ by: 3 }).then([{ type: 'Counted', data: { by: 4, note: 'from 0' } }]));
});

test('thenMatch checks only the named fields but all event types', () => {
  spec.given([]).when({ by: 3 }).thenMatch([{ type: 'Counted', data: { by: 3 } }]);
  assert.throws(() => spec.given([]).when({ by: 3 }).thenMatch([{ type: 'Counted', data: { by: 2 } }]));
  assert.throws(() => spec.given([]).when({ by: 3 }).thenMatch([]));
});

test('thenRejects passes on the right code only', () => {
  spec.given([]).when({ by: 0 }).thenRejects('INVALID_STATE');
  assert.throws(() => spec.given([]).when({ by: 0 }).thenRejects('TIER_UNCHANGED'));
  assert.throws(() => spec.given([]).when({ by: 1 }).thenRejects('INVALID_STATE'));
});

test('thenState sees the state after the new events', () => {
  spec.given([{ type: 'Counted', data: { by: 2 } }]).when({ by: 3 }).thenState((state) => assert.equal(state, 5));
});
