import type { Pool, PoolClient } from 'pg';
import type { StripeIntention } from '../../payments/stripe/stripe-webhook';
import { inClientTransaction, withSessionLock } from '../../infra/database/session-lock';
import { decodeCursor, pageOfRows, type Page } from '../../infra/http/pagination';

/**
 * The Stripe events the ledger has decided on (its idempotency record) and the ones it could not
 * place yet (api.md: kept for finance, retried when the counterpart appears, never dropped).
 */
export type WebhookOutcome = 'applied' | 'already_recorded' | 'unmatched' | 'no_effect';

export interface UnmatchedWebhook {
  readonly stripeEventId: string;
  readonly type: string;
  readonly reason: string;
  readonly intention: StripeIntention;
  readonly attempt: number | null;
  readonly receivedAt: string;
  readonly attempts: number;
  readonly lastTriedAt: string;
}

/** Runs `work` holding a lock on one Stripe event id, so that two deliveries of it take turns. */
export async function withStripeEventLock<T>(pool: Pool, eventId: string, work: (client: PoolClient) => Promise<T>): Promise<T> {
  return withSessionLock(pool, `stripe-event:${eventId}`, work);
}

export async function decidedOutcome(client: PoolClient, eventId: string): Promise<WebhookOutcome | undefined> {
  const { rows } = await client.query<{ outcome: WebhookOutcome }>('SELECT outcome FROM stripe_events WHERE event_id = $1', [eventId]);
  return rows[0]?.outcome;
}

export async function recordDecision(client: PoolClient, eventId: string, type: string, outcome: WebhookOutcome, receivedAt: Date): Promise<void> {
  await client.query(
    `INSERT INTO stripe_events (event_id, event_type, outcome, received_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (event_id) DO UPDATE SET outcome = EXCLUDED.outcome, decided_at = now()`,
    [eventId, type, outcome, receivedAt],
  );
}

export async function keepUnmatched(
  client: PoolClient,
  entry: { eventId: string; type: string; reason: string; intention: StripeIntention; attempt: number | null; receivedAt: Date },
): Promise<void> {
  await inClientTransaction(client, async () => {
    await recordDecision(client, entry.eventId, entry.type, 'unmatched', entry.receivedAt);
    await client.query(
    `INSERT INTO stripe_unmatched (event_id, event_type, reason, intention, attempt, received_at) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (event_id) DO UPDATE SET reason = EXCLUDED.reason, attempts = stripe_unmatched.attempts + 1, last_tried_at = now()`,
      [entry.eventId, entry.type, entry.reason, JSON.stringify(entry.intention), entry.attempt, entry.receivedAt],
    );
  });
}

export async function resolveUnmatched(client: PoolClient, eventId: string, type: string, outcome: WebhookOutcome, receivedAt: Date): Promise<void> {
  await inClientTransaction(client, async () => {
    await recordDecision(client, eventId, type, outcome, receivedAt);
    await client.query(`UPDATE stripe_unmatched SET resolved_at = now(), resolution = $2, last_tried_at = now() WHERE event_id = $1`, [eventId, outcome]);
  });
}

interface UnmatchedRow {
  event_id: string;
  event_type: string;
  reason: string;
  intention: StripeIntention;
  attempt: number | null;
  received_at: Date;
  attempts: number;
  last_tried_at: Date;
}

function toUnmatched(row: UnmatchedRow): UnmatchedWebhook {
  return {
    stripeEventId: row.event_id, type: row.event_type, reason: row.reason, intention: row.intention, attempt: row.attempt,
    receivedAt: row.received_at.toISOString(), attempts: row.attempts, lastTriedAt: row.last_tried_at.toISOString(),
  };
}

const UNMATCHED_LIST = 'stripe-unmatched';

/** Unresolved entries, oldest first, a page at a time: finance's list (GET /v1/admin/stripe/unmatched). */
export async function pageOfUnmatched(pool: Pool, limit: number, cursor?: string): Promise<Page<UnmatchedWebhook>> {
  const after = cursor === undefined ? undefined : decodeCursor(cursor, UNMATCHED_LIST, (key) => key.length === 2 && !Number.isNaN(Date.parse(key[0])));
  const { rows } = await pool.query<UnmatchedRow & { received_key: string }>(
    `SELECT event_id, event_type, reason, intention, attempt, received_at, received_at::text AS received_key, attempts, last_tried_at
       FROM stripe_unmatched WHERE resolved_at IS NULL AND ($1::timestamptz IS NULL OR (received_at, event_id) > ($1::timestamptz, $2::text))
       ORDER BY received_at, event_id LIMIT $3`,
    [after?.[0] ?? null, after?.[1] ?? '', limit + 1],
  );
  return pageOfRows(rows, limit, UNMATCHED_LIST, (row) => [row.received_key, row.event_id], toUnmatched);
}

/** Unresolved entries, oldest first: the retry loop's work. */
export async function openUnmatched(pool: Pool, limit = 500): Promise<UnmatchedWebhook[]> {
  const { rows } = await pool.query<UnmatchedRow>(
    `SELECT event_id, event_type, reason, intention, attempt, received_at, attempts, last_tried_at
       FROM stripe_unmatched WHERE resolved_at IS NULL ORDER BY received_at, event_id LIMIT $1`,
    [limit],
  );
  return rows.map(toUnmatched);
}

export async function hasOpenUnmatched(pool: Pool): Promise<boolean> {
  const { rows } = await pool.query('SELECT 1 FROM stripe_unmatched WHERE resolved_at IS NULL LIMIT 1');
  return rows.length > 0;
}
