import type { Pool } from 'pg';
import type { ClaimRequest, DueDelivery } from './webhook-claims';
import { settleAndClaim } from './webhook-round-trip';

/**
 * Writes attempts' outcomes, many in one statement: the delivery row (status, attempt count,
 * next attempt, the claim cleared) and, for an attempt that did not succeed, a row in its attempt
 * log, together, so a crash leaves both or neither. A successful attempt is logged by the
 * delivery row alone. Outcomes that arrive while a write is under way wait for it and go in the
 * next one, as group commit does: under load one commit serves many deliveries, and alone a
 * delivery waits for nothing.
 *
 * When the dispatcher wants more deliveries, the same statement claims them (ClaimSource), so
 * that settling and claiming cost one round trip.
 *
 * Only the dispatcher still holding a delivery's claim may record it: if its lease ran out and
 * another dispatcher claimed the delivery, this outcome is dropped (the other's attempt is the
 * one that counts) and `record` answers false.
 */
export interface AttemptOutcome {
  readonly deliveryId: string;
  readonly status: 'pending' | 'succeeded' | 'failed';
  /** The attempt's number, counting from 1. */
  readonly attempt: number;
  readonly attemptedAt: Date;
  readonly nextAttemptAt: Date | null;
  readonly succeeded: boolean;
  readonly responseStatus: number | null;
  readonly durationMs: number;
  readonly error: string | null;
}

/**
 * The dispatcher's side of a write: a claim of the next due deliveries to make in the same
 * statement, when it wants one (webhook-round-trip.ts), and where what it claimed goes.
 */
export interface ClaimSource {
  /** The claim to make with this write, if any; the dispatcher counts it as under way. */
  take(): ClaimRequest | undefined;
  /** What that claim took, or undefined if the statement failed. */
  claimed(request: ClaimRequest, deliveries: DueDelivery[] | undefined): void;
}

interface Waiting {
  readonly outcome: AttemptOutcome;
  resolve(recorded: boolean): void;
  reject(error: unknown): void;
}

/** Outcomes per statement at most; more wait for the next one. */
const BATCH_MAX = 256;
/** How long the first outcome waits for others to join its write. */
const GATHER_MS = 5;

export class OutcomeRecorder {
  private queue: Waiting[] = [];
  private writing = false;

  constructor(
    private readonly pool: Pool,
    /** The dispatcher whose claims these outcomes settle. */
    private readonly claimant: string,
    private readonly claims?: ClaimSource,
  ) {}

  /** Outcomes wait for a write that has not started yet: it can carry a claim too. */
  get waiting(): boolean {
    return this.queue.length > 0;
  }

  record(outcome: AttemptOutcome): Promise<boolean> {
    return new Promise((resolve, reject) => {
      this.queue.push({ outcome, resolve, reject });
      // Started a moment later, so that the answers of that moment go in the same write.
      if (!this.writing) {
        this.writing = true;
        setTimeout(() => void this.drain(), GATHER_MS);
      }
    });
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, BATCH_MAX);
      try {
        const recorded = await this.write(batch.map((waiting) => waiting.outcome));
        for (const waiting of batch) waiting.resolve(recorded.has(waiting.outcome.deliveryId));
      } catch (error) {
        for (const waiting of batch) waiting.reject(error);
      }
    }
    this.writing = false;
  }

  private async write(outcomes: readonly AttemptOutcome[]): Promise<ReadonlySet<string>> {
    const claim = this.claims?.take();
    let claimed: DueDelivery[] | undefined;
    try {
      const result = await settleAndClaim(this.pool, this.claimant, outcomes, claim);
      claimed = result.claimed;
      return result.recorded;
    } finally {
      if (claim) this.claims?.claimed(claim, claimed);
    }
  }
}
