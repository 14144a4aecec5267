// The demo's plan: one seed gives one story, in time order, inside the window it was asked for,
// with every kind of move the console should have something to show for.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { planDemo } from './demo-plan';

const end = new Date('2026-12-04T10:00:00Z');

test('the same seed gives the same plan, another seed another', () => {
  const one = planDemo({ accounts: 30, months: 12, end, seed: 7 });
  assert.deepEqual(planDemo({ accounts: 30, months: 12, end, seed: 7 }), one);
  assert.notDeepEqual(planDemo({ accounts: 30, months: 12, end, seed: 8 }).steps, one.steps);
});

test('steps are in time order, between the start M months back and the end', () => {
  const plan = planDemo({ accounts: 80, months: 6, end });
  assert.equal(plan.start.toISOString(), '2026-06-04T00:00:00.000Z');
  for (let index = 1; index < plan.steps.length; index++) assert.ok(plan.steps[index - 1].at <= plan.steps[index].at);
  for (const step of plan.steps) assert.ok(step.at >= plan.start && step.at < end, `${step.at.toISOString()} is outside the window`);
});

test('every vendor opens before it does anything else, once, with a unique id', () => {
  const plan = planDemo({ accounts: 120, months: 12, end });
  const opened = new Set<string>();
  for (const step of plan.steps) {
    if (step.action.kind === 'open') {
      assert.ok(!opened.has(step.accountId));
      opened.add(step.accountId);
    } else {
      assert.ok(opened.has(step.accountId), `${step.accountId} acts before it opens`);
    }
  }
  assert.equal(opened.size, 120);
});

test('the story has every kind of move in it', () => {
  const plan = planDemo({ accounts: 150, months: 12, end });
  const kinds = new Set(plan.steps.map((step) => step.action.kind));
  for (const kind of ['open', 'changeTier', 'branches', 'productCount', 'hibernate', 'resume', 'cancel', 'replaceCard', 'settleByTransfer']) assert.ok(kinds.has(kind as never), `no ${kind}`);
  assert.ok(new Set(plan.vendors.map((vendor) => vendor.currency)).size >= 4);
  assert.ok(plan.vendors.some((vendor) => vendor.payment === 'declining-card'));
});
