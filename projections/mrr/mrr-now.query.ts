import type { Pool } from 'pg';
import type { Money } from '../../libs/domain/money/money';
import type { AccountStatus } from '../../libs/domain/billing-account/billing-account.state';
import { MRR_CURRENCY } from './mrr.query';

/** MRR as it stands now (GBP pence, list prices before discounts), in all and per account status. */
export interface MrrNow {
  readonly mrr: Money;
  readonly byStatus: ReadonlyMap<AccountStatus, Money>;
}

export async function mrrNow(pool: Pool): Promise<MrrNow> {
  const { rows } = await pool.query<{ status: AccountStatus; mrr: string }>(
    `SELECT state->>'status' AS status, sum(mrr) AS mrr FROM mrr_accounts GROUP BY 1`,
  );
  let total = 0;
  const byStatus = new Map<AccountStatus, Money>();
  for (const row of rows) {
    const amount = Number(row.mrr);
    if (!Number.isSafeInteger(amount)) throw new RangeError(`MRR sum ${row.mrr} is out of the safe integer range`);
    total += amount;
    byStatus.set(row.status, { amount, currency: MRR_CURRENCY });
  }
  return { mrr: { amount: total, currency: MRR_CURRENCY }, byStatus };
}
