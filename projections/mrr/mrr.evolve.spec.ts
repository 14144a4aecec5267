// MRR is the domain's mrrOf after each event, and each UTC day's net change per account is classified
// as new, expansion, contraction, churn or reactivation.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { evolveMrr, movementsOf, newTracker, type MrrChange, type MrrDay, type MrrTracker } from './mrr.evolve';
import { TestFeed } from '../invoices/finance-events.fixtures';
import { advanceTime, cancel, changeBranches, changeTier, hibernate, historyOf, open, resume, setPaymentMethod, subscribe } from '../../libs/domain/billing-account/billing-account.fixtures';
import type { BillingAccountCommand } from '../../libs/domain/billing-account/billing-account.commands';

/** Runs the pure evolve the way the projection does, keeping every day row. */
function mrrOfHistory(commands: readonly BillingAccountCommand[]): { tracker: MrrTracker; days: Map<string, MrrDay>; changes: MrrChange[] } {
  let tracker = newTracker('a');
  const days = new Map<string, MrrDay>();
  const changes: MrrChange[] = [];
  for (const event of new TestFeed().events('a', historyOf(commands))) {
    const step = evolveMrr(tracker, tracker.lastDay === null ? undefined : days.get(tracker.lastDay), event);
    tracker = step.tracker;
    if (step.day) days.set(step.day.day, step.day);
    if (step.change) changes.push(step.change);
  }
  return { tracker, days, changes };
}

const movement = (days: Map<string, MrrDay>, day: string) => {
  const row = days.get(day);
  assert.ok(row, `a row for ${day}`);
  return movementsOf(row);
};
const none = { new: 0, expansion: 0, contraction: 0, churn: 0, reactivation: 0 };
// With a card on file invoices are due at issue and, in these histories, never fall into dunning.
const opened = [open('2026-03-01T00:00:00Z'), setPaymentMethod('2026-03-01T00:00:00Z')];

describe('MRR evolve', () => {
  test('an opened account without a subscription has no MRR and no day row', () => {
    const { tracker, days } = mrrOfHistory([...opened]);
    assert.equal(tracker.mrr, 0);
    assert.equal(days.size, 0);
  });

  test('a first subscription is new MRR on its day: Starter with 2 branches is 100p + 100p', () => {
    const { tracker, days } = mrrOfHistory([...opened, subscribe('starter', 2, '2026-03-01T08:00:00Z')]);
    assert.equal(tracker.mrr, 200);
    assert.deepEqual(movement(days, '2026-03-01'), { ...none, new: 200 });
  });

  test('two increases on one day are one expansion of their net', () => {
    const { days, changes } = mrrOfHistory([
      ...opened, subscribe('starter', 1, '2026-03-01T08:00:00Z'), changeBranches(2, '2026-03-05T09:00:00Z'), changeTier('pro', '2026-03-05T10:00:00Z'),
    ]);
    // 100p → 300p (two extra branches) → 500p (Pro 300p + 200p).
    assert.deepEqual(changes.map((c) => [c.before, c.after]), [[0, 100], [100, 300], [300, 500]]);
    assert.deepEqual(movement(days, '2026-03-05'), { ...none, expansion: 400 });
  });

  test('changes that cancel out within a day move nothing', () => {
    const { days } = mrrOfHistory([...opened, subscribe('starter', 1, '2026-03-01T08:00:00Z'), changeBranches(1, '2026-03-05T09:00:00Z'), changeBranches(-1, '2026-03-05T15:00:00Z')]);
    assert.deepEqual(movement(days, '2026-03-05'), none);
  });

  test('fewer branches is a contraction, negative', () => {
    const { days } = mrrOfHistory([...opened, subscribe('starter', 3, '2026-03-01T08:00:00Z'), changeBranches(-2, '2026-03-10T09:00:00Z')]);
    assert.deepEqual(movement(days, '2026-03-10'), { ...none, contraction: -200 });
  });

  test('hibernation counts in full until it starts, then contracts to the 50p fee; resuming expands back', () => {
    const { days } = mrrOfHistory([
      ...opened, subscribe('pro', 1, '2026-03-01T08:00:00Z'), hibernate('2026-03-20T09:00:00Z'), advanceTime('2026-04-01T00:00:00Z'), resume('2026-04-10T09:00:00Z'),
    ]);
    assert.equal(days.has('2026-03-20'), false);
    assert.deepEqual(movement(days, '2026-04-01'), { ...none, contraction: -250 });
    assert.deepEqual(movement(days, '2026-04-10'), { ...none, expansion: 250 });
  });

  test('a cancellation churns when it takes effect, and a later subscription is a reactivation, not new', () => {
    const { days, tracker } = mrrOfHistory([
      ...opened, subscribe('starter', 1, '2026-03-01T08:00:00Z'), cancel('2026-03-20T09:00:00Z'), advanceTime('2026-04-01T00:00:00Z'),
      subscribe('enterprise', 1, '2026-04-03T09:00:00Z'),
    ]);
    assert.equal(days.has('2026-03-20'), false);
    assert.deepEqual(movement(days, '2026-04-01'), { ...none, churn: -100 });
    assert.deepEqual(movement(days, '2026-04-03'), { ...none, reactivation: 500 });
    assert.equal(tracker.mrr, 500);
  });
});

describe('movementsOf', () => {
  test('each classification adds up to end − start', () => {
    const cases: Array<[number, number, boolean, keyof typeof none]> = [
      [0, 300, false, 'new'], [0, 300, true, 'reactivation'], [300, 0, true, 'churn'], [100, 300, true, 'expansion'], [300, 100, true, 'contraction'],
    ];
    for (const [start, end, positiveBefore, kind] of cases) {
      const moved = movementsOf({ start, end, positiveBefore });
      assert.equal(moved[kind], end - start, kind);
      assert.equal(Object.values(moved).reduce((a, b) => a + b, 0), end - start, `${kind} sums`);
    }
  });
});
