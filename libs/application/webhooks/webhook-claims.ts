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
 * Per enabled endpoint, its earliest due deliveries that nobody holds, up to what its lane may
 * still take; the first of every lane before anyone's second, up to `limit` in all. Rows another
 * dispatcher is claiming at this moment are skipped, not waited for.
 */
export async function claimDue(pool: Pool, request: ClaimRequest): Promise<DueDelivery[]> {
  const room = [...request.room];
  const { rows } = await pool.query<DueDelivery>({
    // Prepared once per connection: the dispatcher runs it many times a second under load.
    name: 'webhook-claim-due',
    text: `WITH lanes AS (
       SELECT e.id, coalesce(r.free, $3::int) AS free
       FROM webhook_endpoints e LEFT JOIN unnest($4::uuid[], $5::int[]) AS r(endpoint_id, free) ON r.endpoint_id = e.id
       WHERE e.status = 'enabled'
     ), candidates AS (
       SELECT d.id, d.next_attempt_at, row_number() OVER (PARTITION BY l.id ORDER BY d.next_attempt_at, d.event_position) AS lane_rank
       FROM lanes l CROSS JOIN LATERAL (
         SELECT w.id, w.next_attempt_at, w.event_position FROM webhook_deliveries w
         WHERE w.endpoint_id = l.id AND w.status = 'pending' AND w.next_attempt_at <= $1
           AND (w.claimed_until IS NULL OR w.claimed_until < clock_timestamp())
         ORDER BY w.next_attempt_at, w.event_position
         LIMIT l.free
         FOR UPDATE SKIP LOCKED
       ) d
       WHERE l.free > 0
     ), chosen AS (
       SELECT id FROM candidates ORDER BY lane_rank, next_attempt_at LIMIT $2
     )
     UPDATE webhook_deliveries w SET claimed_by = $6, claimed_until = clock_timestamp() + make_interval(secs => $7::double precision / 1000)
     FROM chosen c, webhook_endpoints e, webhook_payloads p
     WHERE w.id = c.id AND e.id = w.endpoint_id AND p.event_id = w.event_id
     RETURNING w.id, w.endpoint_id, w.event_id, w.event_type, p.payload, w.attempt, e.url, e.secret`,
    values: [request.dueBy, request.limit, request.perEndpoint, room.map(([id]) => id), room.map(([, free]) => free), request.claimant, request.leaseMs],
  });
  return rows;
}

/** Gives back claims not acted on (a dispatcher stopping), so that others need not wait out the lease. */
export async function releaseClaims(pool: Pool, claimant: string, deliveryIds: readonly string[]): Promise<void> {
  if (deliveryIds.length === 0) return;
  await pool.query('UPDATE webhook_deliveries SET claimed_by = NULL, claimed_until = NULL WHERE claimed_by = $1 AND id = ANY($2::uuid[])', [claimant, deliveryIds]);
}
