import { minorUnitDigits } from '../../format/money';

/**
 * The MRR report's days as chart points. Axes need numbers, so the chart draws pounds (pence ÷
 * 100, a float used for drawing only); every figure a person reads (tooltips, the range's
 * summary, the table) is formatted from the report's integer pence.
 */
export interface MoneyPoint {
  readonly amount: number;
  readonly currency: string;
}

export interface MrrDay {
  readonly date: string;
  readonly mrr: MoneyPoint;
  readonly new: MoneyPoint;
  readonly expansion: MoneyPoint;
  readonly contraction: MoneyPoint;
  readonly churn: MoneyPoint;
  readonly reactivation: MoneyPoint;
}

export interface ChartPoint {
  readonly date: string;
  readonly mrr: number;
  readonly new: number;
  readonly expansion: number;
  readonly reactivation: number;
  readonly contraction: number;
  readonly churn: number;
}

export const MOVEMENTS = ['new', 'expansion', 'reactivation', 'contraction', 'churn'] as const;
export const MOVEMENT_COLOURS = { new: '#2f9e44', expansion: '#74b816', reactivation: '#1c7ed6', contraction: '#f08c00', churn: '#e03131' } as const;
export const MOVEMENT_NAMES = { new: 'New', expansion: 'Expansion', reactivation: 'Reactivation', contraction: 'Contraction', churn: 'Churn' } as const;
export type Movement = (typeof MOVEMENTS)[number];

export function chartPoints(days: readonly MrrDay[]): ChartPoint[] {
  const unit = (money: MoneyPoint) => money.amount / 10 ** minorUnitDigits(money.currency);
  return days.map((day) => ({
    date: day.date, mrr: unit(day.mrr), new: unit(day.new), expansion: unit(day.expansion), reactivation: unit(day.reactivation),
    contraction: unit(day.contraction), churn: unit(day.churn),
  }));
}

export interface RangeSummary {
  readonly start: MoneyPoint;
  readonly end: MoneyPoint;
  readonly change: MoneyPoint;
  readonly totals: Readonly<Record<Movement, MoneyPoint>>;
}

/** MRR at the range's first and last day, the change, and each movement summed, in integer pence. */
export function summarise(days: readonly MrrDay[]): RangeSummary | undefined {
  if (days.length === 0) return undefined;
  const currency = days[0].mrr.currency;
  const first = days[0];
  const last = days[days.length - 1];
  // MRR at the start of the range: the first day's end less that day's own movements.
  const firstMovements = MOVEMENTS.reduce((sum, key) => sum + first[key].amount, 0);
  const start = first.mrr.amount - firstMovements;
  const totals = Object.fromEntries(MOVEMENTS.map((key) => [key, { amount: days.reduce((sum, day) => sum + day[key].amount, 0), currency }])) as Record<Movement, MoneyPoint>;
  return { start: { amount: start, currency }, end: last.mrr, change: { amount: last.mrr.amount - start, currency }, totals };
}
