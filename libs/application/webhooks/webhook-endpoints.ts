import type { Pool } from 'pg';
import { BILLING_ACCOUNT_EVENT_TYPES } from '../../domain/billing-account/billing-account.events';
import { COUPON_EVENT_TYPES } from '../../domain/coupons/coupon.events';
import type { EventStore } from '../../event-store/event-store.port';
import type { Clock } from '../../infra/clock/clock';
import { isPosition } from '../../event-store/position';
import { decodeCursor, pageOfRows, type Page } from '../../infra/http/pagination';
import { inTransaction } from '../../infra/projections/projection-batch';
import { uuidV7 } from '../commands/uuid-v7';
import { checkWebhookUrl } from './webhook-url';
import { newWebhookSecret } from './webhook-signature';

/**
 * Registering and looking after webhook endpoints, and reading their delivery logs (api.md,
 * "Outgoing webhooks"). The secret leaves this module once, in what `create` answers.
 */
export const KNOWN_EVENT_TYPES: readonly string[] = [...BILLING_ACCOUNT_EVENT_TYPES, ...COUPON_EVENT_TYPES, 'ExchangeRateSet', 'TaxRateSet'];

export type EndpointStatus = 'enabled' | 'disabled';
export type DeliveryStatus = 'pending' | 'succeeded' | 'failed';

export interface WebhookEndpoint {
  readonly endpointId: string;
  /** api.md's name for endpointId, kept beside it. */
  readonly id: string;
  readonly url: string;
  readonly eventTypes: string[];
  readonly description: string | null;
  readonly status: EndpointStatus;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface WebhookAttempt {
  readonly attempt: number;
  readonly attemptedAt: string;
  readonly succeeded: boolean;
  readonly responseStatus: number | null;
  readonly durationMs: number;
  readonly error: string | null;
}

export interface WebhookDelivery {
  readonly deliveryId: string;
  /** api.md's name for deliveryId, kept beside it. */
  readonly id: string;
  readonly eventId: string;
  readonly eventType: string;
  readonly attempt: number;
  readonly status: DeliveryStatus;
  readonly responseStatus: number | null;
  readonly durationMs: number | null;
  readonly nextAttemptAt: string | null;
  readonly lastAttemptAt: string | null;
  readonly error: string | null;
  readonly createdAt: string;
  readonly attempts: WebhookAttempt[];
}

export interface EndpointChanges {
  readonly url?: string;
  readonly eventTypes?: string[];
  readonly description?: string | null;
  readonly status?: EndpointStatus;
}

/** The event types are `["*"]` or known types; answers a sentence saying what is wrong, or undefined. */
export function eventTypesProblem(eventTypes: readonly string[]): string | undefined {
  if (eventTypes.length === 0) return 'eventTypes must list at least one event type, or be ["*"] for all';
  if (eventTypes.includes('*')) return eventTypes.length === 1 ? undefined : 'eventTypes is either ["*"] alone or a list of event types';
  const unknown = eventTypes.filter((type) => !KNOWN_EVENT_TYPES.includes(type));
  return unknown.length === 0 ? undefined : `unknown event types ${unknown.join(', ')}; docs/events.md lists the types`;
}

const ENDPOINT_COLUMNS = 'id, url, event_types, description, status, created_at, updated_at';
const ENDPOINT_LIST = 'webhook-endpoints';
const DELIVERY_LIST = 'webhook-deliveries';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface EndpointRow {
  id: string; url: string; event_types: string[]; description: string | null; status: EndpointStatus; created_at: Date; updated_at: Date;
}

export class WebhookEndpoints {
  constructor(
    private readonly pool: Pool,
    private readonly store: EventStore,
    private readonly clock: Clock,
    private readonly allowPrivate: boolean,
  ) {}

  /** Registers an endpoint that receives the events committed from now on; answers it with its secret. */
  async create(input: { url: string; eventTypes: string[]; description?: string | null }): Promise<WebhookEndpoint & { secret: string }> {
    await checkWebhookUrl(input.url, this.allowPrivate);
    const id = uuidV7();
    const secret = newWebhookSecret();
    const head = (await this.store.headPosition()) ?? '';
    const now = this.clock.now();
    const { rows } = await this.pool.query<EndpointRow>(
      `INSERT INTO webhook_endpoints (id, url, event_types, description, status, secret, position, created_at, updated_at)
       VALUES ($1, $2, $3, $4, 'enabled', $5, $6, $7, $7) RETURNING ${ENDPOINT_COLUMNS}`,
      [id, input.url, input.eventTypes, input.description ?? null, secret, head, now],
    );
    return { ...toEndpoint(rows[0]), secret };
  }

  async list(limit: number, cursor: string | undefined): Promise<Page<WebhookEndpoint>> {
    const after = cursor === undefined ? undefined : decodeCursor(cursor, ENDPOINT_LIST, (key) => key.length === 1 && UUID.test(key[0]))[0];
    const { rows } = await this.pool.query<EndpointRow>(
      `SELECT ${ENDPOINT_COLUMNS} FROM webhook_endpoints WHERE ($1::uuid IS NULL OR id < $1::uuid) ORDER BY id DESC LIMIT $2`,
      [after ?? null, limit + 1],
    );
    return pageOfRows(rows, limit, ENDPOINT_LIST, (row) => [row.id], toEndpoint);
  }

  async get(id: string): Promise<WebhookEndpoint | undefined> {
    const { rows } = await this.pool.query<EndpointRow>(`SELECT ${ENDPOINT_COLUMNS} FROM webhook_endpoints WHERE id = $1`, [id]);
    return rows[0] && toEndpoint(rows[0]);
  }

  async update(id: string, changes: EndpointChanges): Promise<WebhookEndpoint | undefined> {
    if (changes.url !== undefined) await checkWebhookUrl(changes.url, this.allowPrivate);
    const { rows } = await this.pool.query<EndpointRow>(
      `UPDATE webhook_endpoints SET url = coalesce($2, url), event_types = coalesce($3, event_types),
         description = CASE WHEN $4 THEN $5 ELSE description END, status = coalesce($6, status), updated_at = $7
       WHERE id = $1 RETURNING ${ENDPOINT_COLUMNS}`,
      [id, changes.url ?? null, changes.eventTypes ?? null, changes.description !== undefined, changes.description ?? null, changes.status ?? null, this.clock.now()],
    );
    return rows[0] && toEndpoint(rows[0]);
  }

  /** Removes the endpoint with its delivery log; answers whether it existed. */
  async remove(id: string): Promise<boolean> {
    const { rowCount } = await this.pool.query('DELETE FROM webhook_endpoints WHERE id = $1', [id]);
    return (rowCount ?? 0) > 0;
  }

  /** The endpoint's deliveries, newest event first, each with its attempts. */
  async deliveries(endpointId: string, options: { status?: DeliveryStatus; limit: number; cursor?: string }): Promise<Page<WebhookDelivery>> {
    const after = options.cursor === undefined ? undefined : decodeCursor(options.cursor, DELIVERY_LIST, (key) => key.length === 1 && isPosition(key[0]))[0];
    const { rows } = await this.pool.query<DeliveryRow>(
      `SELECT ${DELIVERY_COLUMNS} FROM webhook_deliveries d
       WHERE d.endpoint_id = $1 AND ($2::text IS NULL OR d.status = $2) AND ($3::text IS NULL OR d.event_position COLLATE "C" < $3 COLLATE "C")
       ORDER BY d.event_position COLLATE "C" DESC LIMIT $4`,
      [endpointId, options.status ?? null, after ?? null, options.limit + 1],
    );
    return pageOfRows(rows, options.limit, DELIVERY_LIST, (row) => [row.event_position], toDelivery);
  }

  /**
   * Makes a delivery due now, whatever its state; the dispatcher sends it at its next look. A
   * failed one gets this one attempt; a pending one keeps its place in the schedule.
   */
  async retry(endpointId: string, deliveryId: string): Promise<WebhookDelivery | undefined> {
    return inTransaction(this.pool, async (client) => {
      // A succeeded delivery's successful attempt is recorded by its row only: logged apart
      // first, so that the next attempt does not overwrite it.
      await client.query(
        `INSERT INTO webhook_attempts (delivery_id, attempt, attempted_at, succeeded, response_status, duration_ms, error)
         SELECT d.id, d.attempt, d.last_attempt_at, true, d.response_status, coalesce(d.duration_ms, 0), NULL FROM webhook_deliveries d
         WHERE d.endpoint_id = $1 AND d.id = $2 AND d.status = 'succeeded' AND d.last_attempt_at IS NOT NULL
         ON CONFLICT (delivery_id, attempt) DO NOTHING`,
        [endpointId, deliveryId],
      );
      const { rows } = await client.query<DeliveryRow>(
        `UPDATE webhook_deliveries d SET status = 'pending', next_attempt_at = $3 WHERE d.endpoint_id = $1 AND d.id = $2 RETURNING ${DELIVERY_COLUMNS}`,
        [endpointId, deliveryId, this.clock.now()],
      );
      return rows[0] && toDelivery(rows[0]);
    });
  }
}

/**
 * A delivery's attempts: those logged in webhook_attempts (every attempt that did not succeed,
 * and successful ones recorded before the outcome writer stopped logging them apart) and its
 * successful attempt, which only the delivery row records once it has succeeded.
 */
const DELIVERY_COLUMNS = `d.id, d.event_id, d.event_type, d.event_position, d.attempt, d.status, d.response_status, d.duration_ms, d.next_attempt_at, d.last_attempt_at, d.error, d.created_at,
  (SELECT coalesce(json_agg(json_build_object('attempt', a.attempt, 'attemptedAt', a.attempted_at, 'succeeded', a.succeeded, 'responseStatus', a.response_status,
     'durationMs', a.duration_ms, 'error', a.error) ORDER BY a.attempt), '[]') FROM (
       SELECT l.attempt, l.attempted_at, l.succeeded, l.response_status, l.duration_ms, l.error FROM webhook_attempts l WHERE l.delivery_id = d.id
       UNION ALL
       SELECT d.attempt, d.last_attempt_at, true, d.response_status, d.duration_ms, NULL
       WHERE d.status = 'succeeded' AND NOT EXISTS (SELECT 1 FROM webhook_attempts s WHERE s.delivery_id = d.id AND s.attempt = d.attempt)
     ) a) AS attempts`;

interface DeliveryRow {
  id: string; event_id: string; event_type: string; event_position: string; attempt: number; status: DeliveryStatus; response_status: number | null;
  duration_ms: number | null; next_attempt_at: Date | null; last_attempt_at: Date | null; error: string | null; created_at: Date;
  attempts: Array<Omit<WebhookAttempt, 'attemptedAt'> & { attemptedAt: string }>;
}

function toEndpoint(row: EndpointRow): WebhookEndpoint {
  return {
    endpointId: row.id, id: row.id, url: row.url, eventTypes: row.event_types, description: row.description, status: row.status,
    createdAt: row.created_at.toISOString(), updatedAt: row.updated_at.toISOString(),
  };
}

function toDelivery(row: DeliveryRow): WebhookDelivery {
  return {
    deliveryId: row.id, id: row.id, eventId: row.event_id, eventType: row.event_type, attempt: row.attempt, status: row.status, responseStatus: row.response_status,
    durationMs: row.duration_ms, nextAttemptAt: row.next_attempt_at?.toISOString() ?? null, lastAttemptAt: row.last_attempt_at?.toISOString() ?? null,
    error: row.error, createdAt: row.created_at.toISOString(),
    attempts: row.attempts.map((attempt) => ({ ...attempt, attemptedAt: new Date(attempt.attemptedAt).toISOString() })),
  };
}

