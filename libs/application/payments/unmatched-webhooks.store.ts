import type { Pool, PoolClient } from 'pg';
import type { StripeIntention } from '../../payments/stripe/stripe-webhook';
import { inClientTransaction, withSessionLock } from '../../infra/database/session-lock';

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

/** Unresolved entries, oldest first: finance's list and the retry loop's work. */
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
