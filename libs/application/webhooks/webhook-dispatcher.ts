import type { Logger } from 'pino';
import type { Pool } from 'pg';
import type { Clock } from '../../infra/clock/clock';
import { inTransaction } from '../../infra/projections/projection-batch';
import { nextAttemptAt } from './webhook-schedule';
import type { SendOutcome, WebhookSender } from './webhook-sender';
import { signWebhook } from './webhook-signature';
import { webhookAttempts, webhookAttemptSeconds } from './webhooks.metrics';

/**
 * Sends the recorded deliveries that are due, each endpoint in a lane of its own: at most
 * `perEndpoint` requests in flight per endpoint and `maxInFlight` in all, so a slow or dead
 * endpoint fills only its own lane while the others go on, and memory stays bounded however many
 * deliveries wait (they wait in the table, not here). Each attempt's outcome is written before
 * its slot is freed; a crash between an endpoint's answer and that write sends the delivery
 * again after the restart (receivers dedupe on `webhook-id`), and nothing already recorded as
 * succeeded is ever sent again.
 *
 * Due means `next_attempt_at` at or before the retry clock, which is the wall clock in production
 * and a clock the tests move: retries are operational time, never the billing clock, which under
 * BILLING_CLOCK=manual jumps months at once.
 */
export interface DispatcherOptions {
  readonly pool: Pool;
  readonly sender: WebhookSender;
  readonly retryClock: Clock;
  readonly logger: Logger;
  readonly perEndpoint?: number;
  readonly maxInFlight?: number;
  /** How often due retries are looked for when nothing wakes the dispatcher. */
  readonly pollMs?: number;
  /** After a 2xx and before it is recorded: the moment a crash causes a duplicate (tests crash here). */
  readonly onAnswered?: (delivery: DueDelivery) => void | Promise<void>;
}

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

export class WebhookDispatcher {
  private readonly inFlight = new Map<string, string>();
  private readonly perEndpointCount = new Map<string, number>();
  private readonly perEndpoint: number;
  private readonly maxInFlight: number;
  private running = false;
  private loop: Promise<void> | undefined;
  private wakeUp: (() => void) | undefined;
  private woken = false;

  constructor(private readonly options: DispatcherOptions) {
    this.perEndpoint = options.perEndpoint ?? 4;
    this.maxInFlight = options.maxInFlight ?? 64;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Looks for due deliveries now (new ones were recorded, or one was retried by hand). */
  wake(): void {
    this.woken = true;
    this.wakeUp?.();
  }

  /** Stops taking deliveries and waits for those in flight (each ends within the sender's timeout). */
  async stop(): Promise<void> {
    this.running = false;
    this.wake();
    await this.loop;
    while (this.inFlight.size > 0) await new Promise((resolve) => setTimeout(resolve, 20));
  }

  private async run(): Promise<void> {
    while (this.running) {
      this.woken = false;
      try {
        await this.dispatchDue();
      } catch (error) {
        this.options.logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'webhook dispatcher could not read due deliveries; will look again');
      }
      if (this.woken) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.options.pollMs ?? 250);
        this.wakeUp = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wakeUp = undefined;
    }
  }

  /** One look at the table: per enabled endpoint, its earliest due deliveries not in flight. */
  private async dispatchDue(): Promise<void> {
    if (!this.running || this.inFlight.size >= this.maxInFlight) return;
    const { rows } = await this.options.pool.query<DueDelivery>(
      `SELECT d.id, d.endpoint_id, d.event_id, d.event_type, d.payload, d.attempt, e.url, e.secret
       FROM webhook_endpoints e
       CROSS JOIN LATERAL (
         SELECT id, endpoint_id, event_id, event_type, payload, attempt FROM webhook_deliveries
         WHERE endpoint_id = e.id AND status = 'pending' AND next_attempt_at <= $1 AND NOT (id = ANY($2::uuid[]))
         ORDER BY next_attempt_at, event_position LIMIT $3
       ) d
       WHERE e.status = 'enabled'`,
      [this.options.retryClock.now(), [...this.inFlight.keys()], this.perEndpoint],
    );
    for (const delivery of rows) {
      if (this.inFlight.size >= this.maxInFlight) break;
      const count = this.perEndpointCount.get(delivery.endpoint_id) ?? 0;
      if (count >= this.perEndpoint) continue;
      this.inFlight.set(delivery.id, delivery.endpoint_id);
      this.perEndpointCount.set(delivery.endpoint_id, count + 1);
      void this.attempt(delivery).finally(() => {
        this.inFlight.delete(delivery.id);
        this.perEndpointCount.set(delivery.endpoint_id, (this.perEndpointCount.get(delivery.endpoint_id) ?? 1) - 1);
        this.wake();
      });
    }
  }

  private async attempt(delivery: DueDelivery): Promise<void> {
    // Signed with the wall clock whatever the retry clock says: receivers judge freshness by it.
    const headers = signWebhook(delivery.secret, delivery.event_id, Date.now() / 1000, delivery.payload);
    const outcome = await this.options.sender.post(delivery.url, { ...headers }, delivery.payload);
    webhookAttemptSeconds.observe(outcome.durationMs / 1000);
    try {
      if (outcome.ok) await this.options.onAnswered?.(delivery);
      await this.record(delivery, outcome);
    } catch (error) {
      // The outcome is lost, not the delivery: it is still pending and will be sent again.
      this.options.logger.warn({ deliveryId: delivery.id, err: error instanceof Error ? error.message : String(error) }, 'webhook outcome not recorded; it will be sent again');
    }
  }

  private async record(delivery: DueDelivery, outcome: SendOutcome): Promise<void> {
    const now = this.options.retryClock.now();
    const attempt = delivery.attempt + 1;
    const next = outcome.ok ? undefined : nextAttemptAt(attempt, now);
    const status = outcome.ok ? 'succeeded' : next ? 'pending' : 'failed';
    await inTransaction(this.options.pool, async (client) => {
      await client.query(
        `UPDATE webhook_deliveries SET status = $2, attempt = $3, next_attempt_at = $4, last_attempt_at = $5, response_status = $6, duration_ms = $7, error = $8
         WHERE id = $1`,
        [delivery.id, status, attempt, next ?? null, now, outcome.responseStatus, outcome.durationMs, outcome.error],
      );
      await client.query(
        `INSERT INTO webhook_attempts (delivery_id, attempt, attempted_at, succeeded, response_status, duration_ms, error) VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (delivery_id, attempt) DO NOTHING`,
        [delivery.id, attempt, now, outcome.ok, outcome.responseStatus, outcome.durationMs, outcome.error],
      );
    });
    const label = outcome.ok ? 'succeeded' : status === 'pending' ? 'retrying' : 'failed';
    webhookAttempts.inc({ outcome: label });
    const log = { deliveryId: delivery.id, endpointId: delivery.endpoint_id, eventId: delivery.event_id, attempt, status, responseStatus: outcome.responseStatus, durationMs: outcome.durationMs };
    if (outcome.ok) this.options.logger.debug(log, 'webhook delivered');
    else this.options.logger.info({ ...log, error: outcome.error, nextAttemptAt: next?.toISOString() ?? null }, 'webhook attempt failed');
  }
}
