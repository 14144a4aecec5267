import type { Pool } from 'pg';

/**
 * Writes attempts' outcomes, many in one statement: the delivery row (status, attempt count,
 * next attempt, the claim cleared) and a row in its attempt log, together, so a crash leaves
 * both or neither. Outcomes that arrive while a write is under way wait for it and go in the
 * next one, as group commit does: under load one commit serves many deliveries, and alone a
 * delivery waits for nothing.
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

interface Waiting {
  readonly outcome: AttemptOutcome;
  resolve(recorded: boolean): void;
  reject(error: unknown): void;
}

/** Outcomes per statement at most; more wait for the next one. */
const BATCH_MAX = 256;

export class OutcomeRecorder {
  private queue: Waiting[] = [];
  private writing = false;

  constructor(
    private readonly pool: Pool,
    /** The dispatcher whose claims these outcomes settle. */
    private readonly claimant: string,
  ) {}

  record(outcome: AttemptOutcome): Promise<boolean> {
    return new Promise((resolve, reject) => {
      this.queue.push({ outcome, resolve, reject });
      // Started on the next turn, so that the answers read in this one go in the same write.
      if (!this.writing) {
        this.writing = true;
        setImmediate(() => void this.drain());
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

  private async write(outcomes: readonly AttemptOutcome[]): Promise<Set<string>> {
    const column = <T>(pick: (outcome: AttemptOutcome) => T): T[] => outcomes.map(pick);
    const { rows } = await this.pool.query<{ id: string }>({
      name: 'webhook-record-outcomes',
      text: `WITH outcome AS (
         SELECT o.*, $10::uuid AS claimant
         FROM unnest($1::uuid[], $2::text[], $3::int[], $4::timestamptz[], $5::timestamptz[], $6::boolean[], $7::int[], $8::int[], $9::text[])
           AS o(id, status, attempt, attempted_at, next_attempt_at, succeeded, response_status, duration_ms, error)
       ), updated AS (
         -- Found by id; the claim is checked as a join condition, since a constant there would be
         -- estimated from the column's statistics (almost all null) and lead to a table scan.
         UPDATE webhook_deliveries d SET status = o.status, attempt = o.attempt, next_attempt_at = o.next_attempt_at, last_attempt_at = o.attempted_at,
           response_status = o.response_status, duration_ms = o.duration_ms, error = o.error, claimed_by = NULL, claimed_until = NULL
         FROM outcome o WHERE d.id = ANY($1::uuid[]) AND d.id = o.id AND d.claimed_by = o.claimant
         RETURNING d.id
       ), logged AS (
         INSERT INTO webhook_attempts (delivery_id, attempt, attempted_at, succeeded, response_status, duration_ms, error)
         SELECT o.id, o.attempt, o.attempted_at, o.succeeded, o.response_status, o.duration_ms, o.error FROM outcome o JOIN updated u ON u.id = o.id
         ON CONFLICT (delivery_id, attempt) DO NOTHING
       )
       SELECT id FROM updated`,
      values: [
        column((o) => o.deliveryId), column((o) => o.status), column((o) => o.attempt), column((o) => o.attemptedAt), column((o) => o.nextAttemptAt),
        column((o) => o.succeeded), column((o) => o.responseStatus), column((o) => o.durationMs), column((o) => o.error), this.claimant,
      ],
    });
    return new Set(rows.map((row) => row.id));
  }
}
