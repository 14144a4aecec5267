import { fold, invariant, Rejected } from '../../domain/decider';
import { COUPON_CODE_ACCEPTED, isCouponCode } from '../../domain/coupons/coupon-terms';
import { couponDecider, type CouponCommand, type CouponState } from '../../domain/coupons/coupon.decider';
import { couponStreamId, type CouponEvent } from '../../domain/coupons/coupon.events';
import type { BillingAccountState } from '../../domain/billing-account/billing-account.state';
import type { EventStore } from '../../event-store/event-store.port';
import type { Clock } from '../../infra/clock/clock';
import { commandMetadata } from '../commands/command-metadata';
import { handleCommand, deterministicEventId, type CommandOutcome } from '../commands/handle-command';
import type { BillingCommands, CommandCaller } from '../commands/billing-commands';
import { StreamSnapshots } from '../commands/stream-snapshots';
import { perStore } from '../commands/per-store';
import { uuidV7 } from '../commands/uuid-v7';
import { hasIdempotencyKey, readAccount } from '../payments/account-history';
import { OneAtATime } from './one-at-a-time';

/**
 * Coupons and their redemption (billing-rules.md, Discounts). A coupon is a stream of its own,
 * `coupon-<CODE>`, which holds the redemption count: a redemption is first appended there, with
 * the revision the coupon was read at, so of many redemptions racing for the last unit exactly one
 * is appended and the others, retried by the command loop, find the coupon used up. Only then is
 * the discount applied to the account's stream; should the account refuse it after all (another
 * redemption of the same code by the same account got there first), the unit is released again.
 *
 * The two appends are not one transaction. What the account decides is checked before the unit
 * is taken, so that the common refusals leave nothing behind, and a retry with the same
 * Idempotency-Key finds its redemption and completes it. A redemption a crash left between the
 * two appends shows as `pending` among the coupon's redemptions until the redemption completer
 * (redemption-completer.ts) applies or releases it.
 */
export type CouponInput = Omit<Extract<CouponCommand, { type: 'CreateCoupon' }>, 'type' | 'now'>;

interface StoreState {
  readonly snapshots: StreamSnapshots<CouponState>;
  readonly accounts: OneAtATime;
}

/** Per event store, like the account snapshots (billing-commands.ts): one process may hold several CouponCommands. */
const stateOf = perStore<StoreState>(() => ({ snapshots: new StreamSnapshots<CouponState>(), accounts: new OneAtATime() }));

export function requireCouponCode(code: unknown): string {
  if (!isCouponCode(code)) throw new Rejected('VALIDATION_FAILED', `code must be ${COUPON_CODE_ACCEPTED}`, 'code');
  return code as string;
}

export class CouponCommands {
  private readonly snapshots: StreamSnapshots<CouponState>;
  private readonly accountQueue: OneAtATime;

  constructor(
    readonly store: EventStore,
    private readonly clock: Clock,
    private readonly accounts: BillingCommands,
  ) {
    ({ snapshots: this.snapshots, accounts: this.accountQueue } = stateOf(store));
  }

  create(input: CouponInput, caller: CommandCaller): Promise<CommandOutcome<CouponState>> {
    return this.onCoupon(typeof input.code === 'string' ? input.code : '', { type: 'CreateCoupon', ...input }, caller);
  }

  archive(code: string, caller: CommandCaller): Promise<CommandOutcome<CouponState>> {
    return this.onCoupon(requireCouponCode(code), { type: 'ArchiveCoupon' }, caller);
  }

  /** Redeems `code` for `accountId` and answers with the account as the discount left it. */
  redeem(accountId: string, code: string, caller: CommandCaller): Promise<CommandOutcome<BillingAccountState>> {
    requireCouponCode(code);
    return this.accountQueue.run(accountId, () => this.redeemNow(accountId, code, caller));
  }

  private async redeemNow(accountId: string, code: string, caller: CommandCaller): Promise<CommandOutcome<BillingAccountState>> {
    const { events, state: account } = await readAccount(this.store, accountId);
    if (!account.exists) throw new Rejected('ACCOUNT_NOT_FOUND');
    // A request already completed under this key is answered by the account's own replay.
    const completed = caller.idempotencyKey !== undefined && hasIdempotencyKey(events, caller.idempotencyKey);
    if (!completed && account.discount?.code === code) throw new Rejected('COUPON_ALREADY_APPLIED', code);
    const redemptionId = caller.idempotencyKey === undefined ? uuidV7() : deterministicEventId(`redemption-${accountId}`, caller.actor, caller.idempotencyKey, 0);
    const taken = await this.onCoupon(code, { type: 'RedeemCoupon', redemptionId, accountId }, caller, accountId);
    const coupon = taken.replayed ? await this.current(code) : taken.state;
    const redemption = coupon.redemptions[redemptionId];
    invariant(redemption !== undefined && coupon.terms !== null, `redemption ${redemptionId} is missing from coupon ${code}`);
    // A retried request whose redemption was refused and released the first time is refused again.
    if (redemption.releasedAt !== null) throw new Rejected('COUPON_NOT_REDEEMABLE', `this redemption of ${code} was refused and given back`);
    return this.complete(accountId, code, redemptionId, coupon, caller);
  }

  /**
   * Applies a redemption the coupon has counted to its account, or releases the unit when the
   * account refuses it. Applying the same redemption twice changes nothing, so the request and the
   * completer may both get here.
   */
  async complete(accountId: string, code: string, redemptionId: string, coupon: CouponState, caller: CommandCaller): Promise<CommandOutcome<BillingAccountState>> {
    const redemption = coupon.redemptions[redemptionId];
    invariant(redemption !== undefined && coupon.terms !== null, `redemption ${redemptionId} is missing from coupon ${code}`);
    try {
      return await this.accounts.execute(accountId, { type: 'ApplyDiscount', redemptionId, terms: coupon.terms, redeemedAt: redemption.redeemedAt }, caller);
    } catch (error) {
      if (error instanceof Rejected) await this.onCoupon(code, { type: 'ReleaseRedemption', redemptionId, reason: error.code }, { actor: caller.actor, role: caller.role });
      throw error;
    }
  }

  /** The coupon's state as its stream has it now. */
  async current(code: string): Promise<CouponState> {
    return fold(couponDecider, (await this.store.readStream(couponStreamId(code))) as unknown as CouponEvent[]);
  }

  private onCoupon(code: string, input: DistributiveOmit<CouponCommand, 'now'>, caller: CommandCaller, accountId = ''): Promise<CommandOutcome<CouponState>> {
    const now = this.clock.now().toISOString();
    // Idempotency keys belong to one caller (and, for a redemption, one account); the coupon's
    // stream is shared by every account that redeems it, so the key is scoped before it is stored.
    const idempotencyKey = caller.idempotencyKey === undefined ? undefined : `${caller.actor}\n${accountId}\n${caller.idempotencyKey}`;
    return handleCommand(
      this.store,
      couponDecider,
      {
        streamId: couponStreamId(code),
        command: { ...input, now } as CouponCommand,
        metadata: { ...commandMetadata(caller.actor, caller.role, input.type, now), ...(accountId ? { accountId } : {}) },
        idempotencyKey,
        requestHash: caller.requestHash,
      },
      () => undefined,
      this.snapshots,
    );
  }
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
