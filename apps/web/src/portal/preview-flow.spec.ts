import assert from 'node:assert/strict';
import { test } from 'node:test';
import { canConfirm, IDLE, nextFlow, sameAction, type FlowEvent, type FlowState } from './preview-flow';

// A change is previewed before it can be confirmed; a refusal changes nothing and is shown where it was asked.
type State = FlowState<string, string>;
const run = (events: ReadonlyArray<FlowEvent<string, string>>, from: State = IDLE): State => events.reduce(nextFlow, from);
const upgrade = { kind: 'changeTier', tier: 'pro' } as const;
const refusal = { detail: 'Tier unchanged.', code: 'TIER_UNCHANGED', errors: [] };

test('preview, then confirm, then done', () => {
  const previewed = run([{ type: 'start', action: upgrade }, { type: 'previewLoaded', preview: 'INV £0.97' }]);
  assert.deepEqual(previewed, { step: 'previewed', action: upgrade, preview: 'INV £0.97' });
  assert.equal(canConfirm(previewed), true);
  assert.deepEqual(run([{ type: 'confirm' }, { type: 'confirmed', result: 'INV-000002' }], previewed), { step: 'done', action: upgrade, result: 'INV-000002' });
});

test('nothing can be confirmed before its preview is on screen', () => {
  assert.equal(canConfirm(IDLE), false);
  const previewing = run([{ type: 'start', action: upgrade }]);
  assert.equal(canConfirm(previewing), false);
  assert.deepEqual(run([{ type: 'confirm' }], previewing), previewing);
  assert.deepEqual(run([{ type: 'confirm' }]), IDLE);
});

test('a refused preview ends the flow with the refusal, at the preview stage', () => {
  const refused = run([{ type: 'start', action: upgrade }, { type: 'previewRefused', refusal }]);
  assert.deepEqual(refused, { step: 'refused', action: upgrade, refusal, stage: 'preview' });
  assert.equal(canConfirm(refused), false);
  assert.deepEqual(run([{ type: 'dismiss' }], refused), IDLE);
});

test('a refused confirmation keeps the action and says why', () => {
  const refused = run([{ type: 'start', action: upgrade }, { type: 'previewLoaded', preview: 'p' }, { type: 'confirm' }, { type: 'confirmRefused', refusal }]);
  assert.deepEqual(refused, { step: 'refused', action: upgrade, refusal, stage: 'confirm' });
});

test('while a request is in flight the flow cannot be restarted or dismissed', () => {
  const confirming = run([{ type: 'start', action: upgrade }, { type: 'previewLoaded', preview: 'p' }, { type: 'confirm' }]);
  assert.deepEqual(run([{ type: 'start', action: { kind: 'cancel' } }, { type: 'dismiss' }], confirming), confirming);
});

test('answers that arrive late for another stage are ignored', () => {
  const previewed = run([{ type: 'start', action: upgrade }, { type: 'previewLoaded', preview: 'p' }]);
  assert.deepEqual(run([{ type: 'previewLoaded', preview: 'stale' }, { type: 'confirmed', result: 'r' }], previewed), previewed);
  assert.ok(sameAction(upgrade, { kind: 'changeTier', tier: 'pro' }));
  assert.ok(!sameAction(upgrade, { kind: 'changeTier', tier: 'enterprise' }));
});
