import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import type { Pool } from 'pg';
import { Rejected } from '../../domain/decider';
import { runWithContext } from '../../infra/logging/request-context';
import { readAccount } from '../payments/account-history';
import { pendingRedemptions } from '../../../projections/coupons/coupons.query';
import type { CouponCommands } from './coupon-commands';

/**
 * Finishes redemptions a crash left half done: the coupon's stream took the unit, the account never
 * got the discount (coupon-commands.ts). Every sweep looks at the redemptions the coupons read model
 * shows as `pending`; one still pending a sweep later is past any request that could still be
 * completing it, and is applied to its account now, or released if the account refuses it. Both
 * steps are no-ops when already done, so two workers, or a request that finishes at the same
 * moment, do no harm.
 */
const SWEEP_BATCH = 100;
export const SWEEP_INTERVAL_MS_DEFAULT = 30_000;

export class RedemptionCompleter {
  /** Pending redemptions seen by the previous sweep. */
  private seen = new Set<string>();
  private stopping: AbortController | undefined;
  private loop: Promise<void> | undefined;

  constructor(
    private readonly pool: Pool,
    private readonly coupons: CouponCommands,
    private readonly logger: Logger,
  ) {}

  /** One sweep; answers how many redemptions it completed or released. */
  async sweep(): Promise<number> {
    const pending = await pendingRedemptions(this.pool, SWEEP_BATCH);
    const stale = pending.filter((redemption) => this.seen.has(redemption.redemptionId));
    this.seen = new Set(pending.map((redemption) => redemption.redemptionId));
    let finished = 0;
    for (const { redemptionId, code, accountId } of stale) {
      await runWithContext({ correlationId: `redemption-${redemptionId}`, requestId: `completer-${process.pid}` }, () => this.finish(accountId, code, redemptionId));
      finished++;
    }
    return finished;
  }

  private async finish(accountId: string, code: string, redemptionId: string): Promise<void> {
    const coupon = await this.coupons.current(code);
    const redemption = coupon.redemptions[redemptionId];
    if (redemption === undefined || redemption.releasedAt !== null) return;
    if ((await readAccount(this.coupons.store, accountId)).state.redemptionIds.includes(redemptionId)) return;
    try {
      await this.coupons.complete(accountId, code, redemptionId, coupon, { actor: 'redemption-completer', role: 'system' });
      this.logger.warn({ accountId, code, redemptionId }, 'a redemption left half done was applied to its account');
    } catch (error) {
      if (!(error instanceof Rejected)) throw error;
      this.logger.warn({ accountId, code, redemptionId, refusal: error.code }, 'a redemption left half done was refused by its account and released');
    }
  }

  start(intervalMs = SWEEP_INTERVAL_MS_DEFAULT): void {
    const stopping = new AbortController();
    this.stopping = stopping;
    this.loop = (async () => {
      while (!stopping.signal.aborted) {
        await this.sweep().catch((error: unknown) => this.logger.error({ err: error }, 'redemption sweep failed; will retry'));
        await sleep(intervalMs, undefined, { signal: stopping.signal }).catch(() => undefined);
      }
    })();
  }

  /** Stops after the sweep in hand (a sleeping loop wakes at once). */
  async stop(): Promise<void> {
    this.stopping?.abort();
    await this.loop;
  }
}
