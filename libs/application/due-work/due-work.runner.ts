import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import type { Pool } from 'pg';
import { clockCannotMoveBack, ManualClock, type Clock } from '../../infra/clock/clock';
import type { BillingCommands } from '../commands/billing-commands';
import type { EventStore } from '../../event-store/event-store.port';
import { eachAtMost } from '../../infra/each-at-most';
import { runWithContext } from '../../infra/logging/request-context';
import { waitForPosition } from '../../infra/projections/read-your-writes';
import { unlessWritingHistory } from '../../infra/database/history-writer-lock';
import { accountsDueBy, WHOLE, type AccountShare, type DueCursor } from '../../../projections/accounts/accounts.query';

/**
 * Work that falls due with time alone (renewals, hibernation starts, cancellations, grace
 * expiries, dunning steps). The decider knows what is due; this runner only finds the accounts
 * whose `next_due_at` has passed and sends each an AdvanceTime, several at once (accounts are
 * independent streams, and concurrent appends share a commit in the engine's group commit).
 *
 * Several workers split the accounts by a hash of their id (`share`, WORKER_SHARE), so that on
 * renewal day each takes its own part instead of racing for the same accounts. Overlap stays
 * harmless: two runners, or a runner restarted after a crash, meet at the command loop's expected
 * revision, which lets one of two concurrent AdvanceTimes through; the other then finds nothing
 * left to do.
 */
const DUE_PAGE_SIZE = 500;
const DUE_CONCURRENCY = 32;
const CLOCK_STEPS_MAX = 100_000;
/** A follower that has not moved for this long is stuck, not slow. */
const SETTLE_STALL_MS = 30_000;

export interface DueWorkReport {
  readonly now: string;
  readonly steps: number;
  readonly accountsAdvanced: number;
  readonly position: string | undefined;
}

export interface DueWorkOptions {
  /** This worker's part of the accounts (WORKER_SHARE); all of them when omitted. */
  readonly share?: AccountShare;
  /**
   * The followers whose checkpoints `settle` waits for; every running one when omitted. A process
   * that runs only some followers itself (the demo) names them, so that it never waits on one
   * that only a service it cannot see would move.
   */
  readonly settleOn?: readonly string[];
}

export class DueWorkRunner {
  private polling = false;
  private loop: Promise<void> | undefined;

  constructor(
    private readonly pool: Pool,
    private readonly store: EventStore,
    private readonly commands: BillingCommands,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly options: DueWorkOptions = {},
  ) {}

  /**
   * Sends AdvanceTime to every account of this runner's share due at the clock's current instant.
   * Each round walks the due accounts page by page without waiting for the read models; the next
   * round starts once they have caught up, and finds nothing unless new work fell due meanwhile.
   */
  async runDue(): Promise<number> {
    let advanced = 0;
    const earlier = new Set<string>();
    for (;;) {
      await this.settle();
      const now = this.clock.now();
      const thisRound = new Set<string>();
      let after: DueCursor | undefined;
      for (;;) {
        const page = await accountsDueBy(this.pool, now, DUE_PAGE_SIZE, { after, share: this.options.share ?? WHOLE });
        if (page.length === 0) break;
        // An account still due after its AdvanceTime and the read models caught up means the
        // decider and nextDueAt disagree: a bug. Stop loudly rather than spin or skip it. Within a
        // round the read model may still show a half-applied command, so repeats are only skipped.
        const again = page.find(({ accountId }) => earlier.has(accountId));
        if (again) throw new Error(`account ${again.accountId} is still due at ${now.toISOString()} after AdvanceTime`);
        const fresh = page.map(({ accountId }) => accountId).filter((accountId) => !thisRound.has(accountId));
        await this.advanceAll(fresh, now);
        for (const accountId of fresh) thisRound.add(accountId);
        const last = page[page.length - 1];
        after = { dueAt: last.dueAt, accountId: last.accountId };
      }
      if (thisRound.size === 0) return advanced;
      advanced += thisRound.size;
      for (const accountId of thisRound) earlier.add(accountId);
    }
  }

  private advanceAll(accountIds: readonly string[], now: Date): Promise<void> {
    return eachAtMost(DUE_CONCURRENCY, accountIds, (accountId) =>
      runWithContext({ correlationId: `due-${accountId}-${now.toISOString()}`, requestId: `worker-${process.pid}` }, () =>
        this.commands.execute(accountId, { type: 'AdvanceTime' }, { actor: 'worker', role: 'system' }),
      ).then(() => undefined),
    );
  }

  /**
   * The manual clock's move (POST /v1/admin/clock): steps through every instant at which work
   * falls due, so that what reacts to one step (a payment attempt after a renewal, say) happens
   * before the next, exactly as it would have in real time.
   */
  async advanceClockTo(target: Date): Promise<DueWorkReport> {
    if (!(this.clock instanceof ManualClock)) throw new Error('the clock can only be moved with BILLING_CLOCK=manual');
    const clock = this.clock;
    // Refused before any work runs: a move back changes nothing at all.
    if (target.getTime() < clock.now().getTime()) throw clockCannotMoveBack(clock.now(), target);
    let steps = 0;
    let accountsAdvanced = 0;
    for (; steps < CLOCK_STEPS_MAX; steps++) {
      await this.settle();
      const next = await this.earliestDue();
      if (!next || next.getTime() > target.getTime()) break;
      if (next.getTime() > clock.now().getTime()) clock.advanceTo(next);
      accountsAdvanced += await this.runDue();
    }
    clock.advanceTo(target);
    accountsAdvanced += await this.runDue();
    const position = await this.settle();
    return { now: clock.now().toISOString(), steps, accountsAdvanced, position };
  }

  /**
   * Under the system clock: look for due work every interval until stopped. A round is skipped
   * while a history writer places events in the past (history-writer-lock.ts).
   */
  startPolling(intervalMs = 1_000): void {
    this.polling = true;
    this.loop = (async () => {
      while (this.polling) {
        try {
          await unlessWritingHistory(this.pool, () => this.runDue());
        } catch (error) {
          this.logger.error({ err: error }, 'due work run failed; will retry');
        }
        await sleep(intervalMs);
      }
    })();
  }

  async stop(): Promise<void> {
    this.polling = false;
    await this.loop;
  }

  /** Waits until every subscriber (read models, process managers) has applied the feed's head. */
  async settle(): Promise<string | undefined> {
    for (let round = 0; round < 1_000; round++) {
      // The newest committed event: the feed's own head lags behind any running transaction.
      const head = await this.store.headPosition();
      if (head === undefined) return undefined;
      await this.waitWhileMoving(head);
      if ((await this.store.headPosition()) === head) return head;
    }
    throw new Error('the feed kept moving while settling');
  }

  /**
   * Waits for every running follower to reach `head`. After a renewal day's round the read models
   * and the collector can be minutes behind, so a follower is given up on only when it has not
   * moved for SETTLE_STALL_MS, not when it is merely slow.
   */
  private async waitWhileMoving(head: string): Promise<void> {
    let lowest = await this.slowest();
    for (;;) {
      if (await waitForPosition(this.pool, await this.followers(), head, SETTLE_STALL_MS)) return;
      const now = await this.slowest();
      if (now <= lowest) throw new Error(`read models did not reach ${head}: the slowest did not move in ${SETTLE_STALL_MS / 1000} s`);
      lowest = now;
    }
  }

  private async followers(): Promise<readonly string[]> {
    if (this.options.settleOn) return this.options.settleOn;
    const { rows } = await this.pool.query<{ name: string }>(`SELECT name FROM projection_checkpoints WHERE status = 'running'`);
    return rows.map((row) => row.name);
  }

  private async slowest(): Promise<string> {
    const { rows } = await this.pool.query<{ lowest: string | null }>(`SELECT min(coalesce(position, '')) AS lowest FROM projection_checkpoints WHERE name = ANY($1)`, [await this.followers()]);
    return rows[0].lowest ?? '';
  }

  private async earliestDue(): Promise<Date | undefined> {
    const { rows } = await this.pool.query<{ next: Date | null }>('SELECT min(next_due_at) AS next FROM accounts');
    return rows[0].next ?? undefined;
  }
}
