import type { Pool } from 'pg';

/**
 * The claims that keep two dispatchers from sending the same delivery (migration 0043). A
 * dispatcher claims due rows with FOR UPDATE SKIP LOCKED and stamps its id and a lease on the
 * database's clock, the one clock every worker shares; the others pass over a row until its lease
 * runs out. Recording the outcome clears the claim (webhook-outcomes.ts).
 */
export interface DueDelivery {
  readonly id: string;
  readonly endpoint_id: string;
  readonly event_id: string;
  readonly event_type: string;
  readonly payload: string;
  readonly attempt: number;
  readonly url: string;
  readonly secret: string;
}

export interface ClaimRequest {
  readonly claimant: string;
  /** Due means `next_attempt_at` at or before this instant of the retry clock. */
  readonly dueBy: Date;
  /** At most this many in all. */
  readonly limit: number;
  /** At most this many for an endpoint this dispatcher holds nothing of… */
  readonly perEndpoint: number;
  /** …and at most this many for those it does. */
  readonly room: ReadonlyMap<string, number>;
  readonly leaseMs: number;
}

/**
 * The claim itself is made by settleAndClaim (webhook-round-trip.ts), alone or in the statement
 * that settles answered deliveries: per enabled endpoint, its earliest due deliveries that nobody
 * holds, up to what its lane may still take; the first of every lane before anyone's second, up
 * to `limit` in all. Rows another dispatcher is claiming at this moment are skipped, not waited for.
 */

/** Gives back claims not acted on (a dispatcher stopping), so that others need not wait out the lease. */
export async function releaseClaims(pool: Pool, claimant: string, deliveryIds: readonly string[]): Promise<void> {
  if (deliveryIds.length === 0) return;
  await pool.query('UPDATE webhook_deliveries SET claimed_by = NULL, claimed_until = NULL WHERE claimed_by = $1 AND id = ANY($2::uuid[])', [claimant, deliveryIds]);
}
