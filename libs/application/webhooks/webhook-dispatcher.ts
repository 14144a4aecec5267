import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Pool } from 'pg';
import type { Clock } from '../../infra/clock/clock';
import { OutcomeRecorder, type AttemptOutcome } from './webhook-outcomes';
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
 * Several workers may run a dispatcher over one database. Each claims what it sends: the due
 * rows are locked with SKIP LOCKED and stamped with the dispatcher's id and a lease, so no other
 * dispatcher takes them while the lease runs; recording the outcome clears the claim. A claim
 * left by a worker that died runs out after `leaseMs`, and the delivery is sent again then. The
 * lease is on the database's clock, the one clock every worker shares.
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
  /** How long a claim keeps other dispatchers away; longer than the sender's timeout. */
  readonly leaseMs?: number;
  /** How often due retries are looked for when nothing wakes the dispatcher. */
  readonly pollMs?: number;
  /** After a 2xx and before it is recorded: the moment a crash causes a duplicate (tests crash here). */
  readonly onAnswered?: (delivery: DueDelivery) => void | Promise<void>;
}

/** The sender's 15 s timeout, the outcome's write and room for a stalled event loop. */
export const CLAIM_LEASE_MS = 60_000;

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
  /** This dispatcher's id in the claims it holds. */
  readonly id = randomUUID();
  private readonly perEndpointCount = new Map<string, number>();
  private readonly perEndpoint: number;
  private readonly maxInFlight: number;
  private readonly recorder: OutcomeRecorder;
  private inFlight = 0;
  private running = false;
  private loop: Promise<void> | undefined;
  private wakeUp: (() => void) | undefined;
  private woken = false;

  constructor(private readonly options: DispatcherOptions) {
    this.perEndpoint = options.perEndpoint ?? 4;
    this.maxInFlight = options.maxInFlight ?? 64;
    this.recorder = new OutcomeRecorder(options.pool, this.id);
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
    while (this.inFlight > 0) await new Promise((resolve) => setTimeout(resolve, 20));
  }

  private async run(): Promise<void> {
    while (this.running) {
      this.woken = false;
      try {
        await this.dispatchDue();
      } catch (error) {
        this.options.logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'webhook dispatcher could not claim due deliveries; will look again');
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

  /** Claims as many due deliveries as there are free slots, and sends each. */
  private async dispatchDue(): Promise<void> {
    const free = this.maxInFlight - this.inFlight;
    if (!this.running || free <= 0) return;
    for (const delivery of await this.claim(free)) {
      this.inFlight++;
      this.perEndpointCount.set(delivery.endpoint_id, (this.perEndpointCount.get(delivery.endpoint_id) ?? 0) + 1);
      void this.attempt(delivery).finally(() => {
        this.inFlight--;
        const left = (this.perEndpointCount.get(delivery.endpoint_id) ?? 1) - 1;
        if (left > 0) this.perEndpointCount.set(delivery.endpoint_id, left);
        else this.perEndpointCount.delete(delivery.endpoint_id);
        this.wake();
      });
    }
  }

  /**
   * Per enabled endpoint, its earliest due deliveries that nobody holds, up to the lane's free
   * slots here; the first of every lane before anyone's second, up to `free` in all. Rows another
   * dispatcher is claiming at this moment are skipped, not waited for.
   */
  private async claim(free: number): Promise<DueDelivery[]> {
    const busy = [...this.perEndpointCount];
    const { rows } = await this.options.pool.query<DueDelivery>(
      `WITH lanes AS (
         SELECT e.id, $3::int - coalesce(b.busy, 0) AS free
         FROM webhook_endpoints e LEFT JOIN unnest($4::uuid[], $5::int[]) AS b(endpoint_id, busy) ON b.endpoint_id = e.id
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
       FROM chosen c, webhook_endpoints e
       WHERE w.id = c.id AND e.id = w.endpoint_id
       RETURNING w.id, w.endpoint_id, w.event_id, w.event_type, w.payload, w.attempt, e.url, e.secret`,
      [this.options.retryClock.now(), free, this.perEndpoint, busy.map(([id]) => id), busy.map(([, count]) => count), this.id, this.options.leaseMs ?? CLAIM_LEASE_MS],
    );
    return rows;
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
    const status: AttemptOutcome['status'] = outcome.ok ? 'succeeded' : next ? 'pending' : 'failed';
    const log = { deliveryId: delivery.id, endpointId: delivery.endpoint_id, eventId: delivery.event_id, attempt, status, responseStatus: outcome.responseStatus, durationMs: outcome.durationMs };
    const recorded = await this.recorder.record({
      deliveryId: delivery.id, status, attempt, attemptedAt: now, nextAttemptAt: next ?? null, succeeded: outcome.ok,
      responseStatus: outcome.responseStatus, durationMs: outcome.durationMs, error: outcome.error,
    });
    if (!recorded) {
      this.options.logger.warn(log, 'webhook outcome not recorded: the claim ran out and another dispatcher holds the delivery');
      return;
    }
    webhookAttempts.inc({ outcome: outcome.ok ? 'succeeded' : status === 'pending' ? 'retrying' : 'failed' });
    if (outcome.ok) this.options.logger.debug(log, 'webhook delivered');
    else this.options.logger.info({ ...log, error: outcome.error, nextAttemptAt: next?.toISOString() ?? null }, 'webhook attempt failed');
  }
}
