import type { Pool } from 'pg';
import type { Money } from '../../libs/domain/money/money';
import { wholeList, type Page } from '../../libs/infra/http/pagination';

/** The daily MRR report (GBP pence, list prices, tax excluded) and each account's MRR history. */
export const MRR_CURRENCY = 'GBP';

export interface MrrReportDay {
  readonly date: string;
  /** MRR at the end of the day. */
  readonly mrr: Money;
  readonly arr: Money;
  readonly new: Money;
  readonly expansion: Money;
  /** Negative: MRR lost by accounts that stayed above 0. */
  readonly contraction: Money;
  /** Negative: MRR lost by accounts that fell to 0. */
  readonly churn: Money;
  readonly reactivation: Money;
}

/** One row per day, as every list answers (`nextCursor` always null: the range bounds the report). */
export interface MrrReport extends Page<MrrReportDay> {
  readonly from: string;
  readonly to: string;
  readonly currency: string;
}

interface DayTotals {
  delta: number;
  new: number;
  expansion: number;
  contraction: number;
  churn: number;
  reactivation: number;
}

const gbp = (amount: number): Money => ({ amount: amount === 0 ? 0 : amount, currency: MRR_CURRENCY });

function amountOf(value: string | null): number {
  const amount = Number(value ?? 0);
  if (!Number.isSafeInteger(amount)) throw new RangeError(`MRR sum ${String(value)} is out of the safe integer range`);
  return amount;
}

/** One row per date from `from` to `to` inclusive (UTC dates, `YYYY-MM-DD`). */
export async function mrrReport(pool: Pool, from: string, to: string): Promise<MrrReport> {
  const opening = await pool.query<{ mrr: string | null }>('SELECT sum(mrr_end - mrr_start) AS mrr FROM mrr_account_days WHERE day < $1::date', [from]);
  const { rows } = await pool.query<{ day: string; delta: string; new: string; expansion: string; contraction: string; churn: string; reactivation: string }>(
    `SELECT to_char(day, 'YYYY-MM-DD') AS day, sum(mrr_end - mrr_start) AS delta, sum(new) AS new, sum(expansion) AS expansion,
       sum(contraction) AS contraction, sum(churn) AS churn, sum(reactivation) AS reactivation
     FROM mrr_account_days WHERE day BETWEEN $1::date AND $2::date GROUP BY day`,
    [from, to],
  );
  const byDay = new Map<string, DayTotals>(rows.map((row) => [row.day, {
    delta: amountOf(row.delta), new: amountOf(row.new), expansion: amountOf(row.expansion), contraction: amountOf(row.contraction),
    churn: amountOf(row.churn), reactivation: amountOf(row.reactivation),
  }]));
  let mrr = amountOf(opening.rows[0]?.mrr ?? null);
  const days: MrrReportDay[] = [];
  for (const date of datesBetween(from, to)) {
    const totals = byDay.get(date);
    mrr += totals?.delta ?? 0;
    days.push({
      date, mrr: gbp(mrr), arr: gbp(12 * mrr), new: gbp(totals?.new ?? 0), expansion: gbp(totals?.expansion ?? 0),
      contraction: gbp(totals?.contraction ?? 0), churn: gbp(totals?.churn ?? 0), reactivation: gbp(totals?.reactivation ?? 0),
    });
  }
  return { from, to, currency: MRR_CURRENCY, ...wholeList(days) };
}

/** Every UTC date from `from` to `to`, both included. */
export function datesBetween(from: string, to: string): string[] {
  const dates: string[] = [];
  const day = new Date(`${from}T00:00:00.000Z`);
  const last = new Date(`${to}T00:00:00.000Z`);
  while (day <= last) {
    dates.push(day.toISOString().slice(0, 10));
    day.setUTCDate(day.getUTCDate() + 1);
  }
  return dates;
}

export interface MrrHistoryPoint {
  readonly at: string;
  readonly before: Money;
  readonly after: Money;
}

/** One account's MRR at each change, oldest first. */
export async function accountMrrHistory(pool: Pool, accountId: string): Promise<MrrHistoryPoint[]> {
  const { rows } = await pool.query<{ occurred_at: Date; mrr_before: string; mrr_after: string }>(
    'SELECT occurred_at, mrr_before, mrr_after FROM mrr_changes WHERE account_id = $1 ORDER BY position',
    [accountId],
  );
  return rows.map((row) => ({ at: row.occurred_at.toISOString(), before: gbp(amountOf(row.mrr_before)), after: gbp(amountOf(row.mrr_after)) }));
}
