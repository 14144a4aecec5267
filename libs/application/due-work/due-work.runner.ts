import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import type { Pool } from 'pg';
import { clockCannotMoveBack, ManualClock, type Clock } from '../../infra/clock/clock';
import type { BillingCommands } from '../commands/billing-commands';
import type { EventStore } from '../../event-store/event-store.port';
import { runWithContext } from '../../infra/logging/request-context';
import { waitForPosition } from '../../infra/projections/read-your-writes';
import { accountsDueBy } from '../../../projections/accounts/accounts.query';

/**
 * Work that falls due with time alone (renewals, hibernation starts, cancellations, grace
 * expiries, dunning steps). The decider knows what is due; this runner only finds the accounts
 * whose `next_due_at` has passed and sends each an AdvanceTime. Two runners, or a runner restarted
 * after a crash, are harmless: the command loop's expected revision lets one of two concurrent
 * AdvanceTimes through, and the other then finds nothing left to do.
 */
const DUE_BATCH_SIZE = 100;
const CLOCK_STEPS_MAX = 100_000;

export interface DueWorkReport {
  readonly now: string;
  readonly steps: number;
  readonly accountsAdvanced: number;
  readonly position: string | undefined;
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
  ) {}

  /** Sends AdvanceTime to every account due at the clock's current instant. */
  async runDue(): Promise<number> {
    let advanced = 0;
    const done = new Set<string>();
    for (;;) {
      await this.settle();
      const ids = await accountsDueBy(this.pool, this.clock.now(), DUE_BATCH_SIZE);
      if (ids.length === 0) return advanced;
      // An account still due right after its AdvanceTime means the decider and nextDueAt
      // disagree: a bug. Stop loudly rather than spin or skip it.
      const again = ids.find((id) => done.has(id));
      if (again) throw new Error(`account ${again} is still due at ${this.clock.now().toISOString()} after AdvanceTime`);
      for (const accountId of ids) {
        done.add(accountId);
        await runWithContext({ correlationId: `due-${accountId}-${this.clock.now().toISOString()}`, requestId: `worker-${process.pid}` }, () =>
          this.commands.execute(accountId, { type: 'AdvanceTime' }, { actor: 'worker', role: 'system' }),
        );
        advanced++;
      }
    }
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

  /** Under the system clock: look for due work every interval until stopped. */
  startPolling(intervalMs = 1_000): void {
    this.polling = true;
    this.loop = (async () => {
      while (this.polling) {
        try {
          await this.runDue();
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
      const { rows } = await this.pool.query<{ name: string }>(`SELECT name FROM projection_checkpoints WHERE status = 'running'`);
      if (!(await waitForPosition(this.pool, rows.map((row) => row.name), head, 30_000))) throw new Error(`read models did not reach ${head} in 30 s`);
      if ((await this.store.headPosition()) === head) return head;
    }
    throw new Error('the feed kept moving while settling');
  }

  private async earliestDue(): Promise<Date | undefined> {
    const { rows } = await this.pool.query<{ next: Date | null }>('SELECT min(next_due_at) AS next FROM accounts');
    return rows[0].next ?? undefined;
  }
}
