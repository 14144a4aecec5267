import type { Pool } from 'pg';
import type { ClaimRequest, DueDelivery } from './webhook-claims';
import type { AttemptOutcome } from './webhook-outcomes';

export interface RoundTripResult {
  /** The outcomes written: those whose claim this dispatcher still held. */
  readonly recorded: ReadonlySet<string>;
  readonly claimed: DueDelivery[];
}

interface Row extends DueDelivery {
  readonly settled: boolean;
  readonly next_attempt_at: Date | null;
  readonly event_position: string | null;
}

/**
 * One statement that settles the answered deliveries (webhook-outcomes.ts) and claims the next
 * due ones (webhook-claims.ts), so that under load a dispatcher makes one round trip to the
 * database per batch instead of two, and the database runs one statement and commits once.
 * Either half may be empty: no outcomes, or no claim (nothing wanted: every lane's room is 0).
 *
 * The claim reads the snapshot from before the settling, in which the settled rows are still
 * held by this dispatcher and so never claimable; they are also named as excluded, for the case
 * of a lease that ran out while this dispatcher held it, since one statement must not update a
 * row twice.
 */
export async function settleAndClaim(pool: Pool, claimant: string, outcomes: readonly AttemptOutcome[], claim: ClaimRequest | undefined): Promise<RoundTripResult> {
  const room = claim ? [...claim.room] : [];
  // One JSON document rather than an array per column: JSON.stringify is native, while the
  // driver quotes array elements one by one in JavaScript.
  const document = JSON.stringify(outcomes.map((o) => ({
    id: o.deliveryId, status: o.status, attempt: o.attempt, attempted_at: o.attemptedAt, next_attempt_at: o.nextAttemptAt, succeeded: o.succeeded,
    response_status: o.responseStatus, duration_ms: o.durationMs, error: o.error,
  })));
  const { rows } = await pool.query<Row>({
    // Prepared once per connection: the dispatcher runs it many times a second under load.
    name: 'webhook-settle-and-claim',
    text: `WITH outcome AS (
       SELECT o.* FROM json_to_recordset($8::json)
         AS o(id uuid, status text, attempt int, attempted_at timestamptz, next_attempt_at timestamptz, succeeded boolean, response_status int, duration_ms int, error text)
     ), settled AS (
       -- Found by id; the claim is checked as a join condition, since a constant there would be
       -- estimated from the column's statistics (almost all null) and lead to a table scan.
       UPDATE webhook_deliveries d SET status = o.status, attempt = o.attempt, next_attempt_at = o.next_attempt_at, last_attempt_at = o.attempted_at,
         response_status = o.response_status, duration_ms = o.duration_ms, error = o.error, claimed_by = NULL, claimed_until = NULL
       FROM outcome o WHERE d.id = ANY($9::uuid[]) AND d.id = o.id AND d.claimed_by = $6::uuid
       RETURNING d.id
     ), logged AS (
       -- A successful attempt is the delivery's last, and its row already says everything about
       -- it: only the attempts that did not succeed are logged apart (webhook-endpoints.ts puts
       -- the two together), which spares the common case an insert and an index entry.
       INSERT INTO webhook_attempts (delivery_id, attempt, attempted_at, succeeded, response_status, duration_ms, error)
       SELECT o.id, o.attempt, o.attempted_at, o.succeeded, o.response_status, o.duration_ms, o.error FROM outcome o JOIN settled u ON u.id = o.id
       WHERE NOT o.succeeded
       ON CONFLICT (delivery_id, attempt) DO NOTHING
     ), lanes AS (
       SELECT e.id, coalesce(r.free, $3::int) AS free
       FROM webhook_endpoints e LEFT JOIN unnest($4::uuid[], $5::int[]) AS r(endpoint_id, free) ON r.endpoint_id = e.id
       WHERE e.status = 'enabled'
     ), candidates AS (
       SELECT d.id, d.next_attempt_at, row_number() OVER (PARTITION BY l.id ORDER BY d.next_attempt_at, d.event_position) AS lane_rank
       FROM lanes l CROSS JOIN LATERAL (
         SELECT w.id, w.next_attempt_at, w.event_position FROM webhook_deliveries w
         WHERE w.endpoint_id = l.id AND w.status = 'pending' AND w.next_attempt_at <= $1
           AND (w.claimed_until IS NULL OR w.claimed_until < clock_timestamp()) AND w.id <> ALL($9::uuid[])
         ORDER BY w.next_attempt_at, w.event_position
         LIMIT l.free
         FOR UPDATE SKIP LOCKED
       ) d
       WHERE l.free > 0
     ), chosen AS (
       SELECT id FROM candidates ORDER BY lane_rank, next_attempt_at LIMIT $2
     ), claimed AS (
       UPDATE webhook_deliveries w SET claimed_by = $6::uuid, claimed_until = clock_timestamp() + make_interval(secs => $7::double precision / 1000)
       FROM chosen c, webhook_endpoints e, webhook_payloads p
       WHERE w.id = c.id AND e.id = w.endpoint_id AND p.event_id = w.event_id
       RETURNING w.id, w.endpoint_id, w.event_id, w.event_type, p.payload, w.attempt, e.url, e.secret, w.next_attempt_at, w.event_position
     )
     SELECT false AS settled, c.* FROM claimed c
     UNION ALL
     SELECT true, s.id, NULL::uuid, NULL::text, NULL::text, NULL::text, NULL::int, NULL::text, NULL::text, NULL::timestamptz, NULL::text FROM settled s`,
    values: [
      claim?.dueBy ?? new Date(0), claim?.limit ?? 0, claim?.perEndpoint ?? 0, room.map(([id]) => id), room.map(([, free]) => (claim ? free : 0)),
      claimant, claim?.leaseMs ?? 0, document, outcomes.map((o) => o.deliveryId),
    ],
  });
  const recorded = new Set<string>();
  const claimed: Row[] = [];
  for (const row of rows) {
    if (row.settled) recorded.add(row.id);
    else claimed.push(row);
  }
  // A lane sends in the order it holds: each endpoint's deliveries in the order they fell due,
  // then in feed order, which RETURNING does not promise.
  claimed.sort((a, b) => (a.next_attempt_at?.getTime() ?? 0) - (b.next_attempt_at?.getTime() ?? 0) || compareText(a.event_position ?? '', b.event_position ?? ''));
  return { recorded, claimed: claimed.map(({ settled: _settled, next_attempt_at: _due, event_position: _position, ...delivery }) => delivery) };
}

/** Code-unit order, as COLLATE "C" compares feed positions. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
