import type { Pool } from 'pg';

/**
 * Writes attempts' outcomes, many in one statement: the delivery row (status, attempt count,
 * next attempt, the claim cleared) and, for an attempt that did not succeed, a row in its attempt
 * log, together, so a crash leaves both or neither. A successful attempt is logged by the
 * delivery row alone. Outcomes that arrive while a write is under way wait for it and go in the
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
/** How long the first outcome waits for others to join its write. */
const GATHER_MS = 5;

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

  private async write(outcomes: readonly AttemptOutcome[]): Promise<Set<string>> {
    // One JSON document rather than an array per column: JSON.stringify is native, while the
    // driver quotes array elements one by one in JavaScript.
    const document = JSON.stringify(outcomes.map((o) => ({
      id: o.deliveryId, status: o.status, attempt: o.attempt, attempted_at: o.attemptedAt, next_attempt_at: o.nextAttemptAt, succeeded: o.succeeded,
      response_status: o.responseStatus, duration_ms: o.durationMs, error: o.error,
    })));
    const { rows } = await this.pool.query<{ id: string }>({
      name: 'webhook-record-outcomes',
      text: `WITH outcome AS (
         SELECT o.*, $2::uuid AS claimant
         FROM json_to_recordset($1::json)
           AS o(id uuid, status text, attempt int, attempted_at timestamptz, next_attempt_at timestamptz, succeeded boolean, response_status int, duration_ms int, error text)
       ), updated AS (
         -- Found by id; the claim is checked as a join condition, since a constant there would be
         -- estimated from the column's statistics (almost all null) and lead to a table scan.
         UPDATE webhook_deliveries d SET status = o.status, attempt = o.attempt, next_attempt_at = o.next_attempt_at, last_attempt_at = o.attempted_at,
           response_status = o.response_status, duration_ms = o.duration_ms, error = o.error, claimed_by = NULL, claimed_until = NULL
         FROM outcome o WHERE d.id = ANY($3::uuid[]) AND d.id = o.id AND d.claimed_by = o.claimant
         RETURNING d.id
       ), logged AS (
         -- A successful attempt is the delivery's last, and its row already says everything about
         -- it: only the attempts that did not succeed are logged apart (webhook-endpoints.ts puts
         -- the two together), which spares the common case an insert and an index entry.
         INSERT INTO webhook_attempts (delivery_id, attempt, attempted_at, succeeded, response_status, duration_ms, error)
         SELECT o.id, o.attempt, o.attempted_at, o.succeeded, o.response_status, o.duration_ms, o.error FROM outcome o JOIN updated u ON u.id = o.id
         WHERE NOT o.succeeded
         ON CONFLICT (delivery_id, attempt) DO NOTHING
       )
       SELECT id FROM updated`,
      values: [document, this.claimant, outcomes.map((o) => o.deliveryId)],
    });
    return new Set(rows.map((row) => row.id));
  }
}
