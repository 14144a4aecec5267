import assert from 'node:assert/strict';
import { test } from 'node:test';
import { chartPoints, summarise, type MrrDay } from './mrr-series';

// The MRR chart's figures: the range's start, end and movements, in integer pence.
const gbp = (amount: number) => ({ amount, currency: 'GBP' });
const day = (date: string, mrr: number, moves: Partial<Record<'new' | 'expansion' | 'contraction' | 'churn' | 'reactivation', number>> = {}): MrrDay => ({
  date, mrr: gbp(mrr), new: gbp(moves.new ?? 0), expansion: gbp(moves.expansion ?? 0), contraction: gbp(moves.contraction ?? 0), churn: gbp(moves.churn ?? 0), reactivation: gbp(moves.reactivation ?? 0),
});

test('the range starts before its first day moved and sums every movement', () => {
  const days = [day('2026-03-01', 600, { new: 100 }), day('2026-03-02', 800, { expansion: 200 }), day('2026-03-03', 700, { churn: -100 })];
  const summary = summarise(days);
  assert.deepEqual(summary?.start, gbp(500));
  assert.deepEqual(summary?.end, gbp(700));
  assert.deepEqual(summary?.change, gbp(200));
  assert.deepEqual(summary?.totals.new, gbp(100));
  assert.deepEqual(summary?.totals.churn, gbp(-100));
  assert.equal(summarise([]), undefined);
});

test('chart points are in the currency unit', () => {
  assert.deepEqual(chartPoints([day('2026-03-01', 12345, { contraction: -50 })])[0], { date: '2026-03-01', mrr: 123.45, new: 0, expansion: 0, reactivation: 0, contraction: -0.5, churn: 0 });
});
