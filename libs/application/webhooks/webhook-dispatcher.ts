import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Pool } from 'pg';
import type { Clock } from '../../infra/clock/clock';
import { releaseClaims, type ClaimRequest, type DueDelivery } from './webhook-claims';
import { OutcomeRecorder, type AttemptOutcome } from './webhook-outcomes';
import { settleAndClaim } from './webhook-round-trip';
import { nextAttemptAt } from './webhook-schedule';
import type { SendOutcome, WebhookSender } from './webhook-sender';
import { signWebhook } from './webhook-signature';
import { webhookAttempts, webhookAttemptSeconds } from './webhooks.metrics';

export type { DueDelivery } from './webhook-claims';

/**
 * Sends the recorded deliveries that are due, each endpoint in a lane of its own: at most
 * `perEndpoint` requests in flight per endpoint, so a slow or dead endpoint fills only its own
 * lane while the others go on. A lane keeps claimed deliveries waiting behind its requests (as
 * many as its endpoint answers in QUEUE_MS), so that the next request starts as soon as one is
 * answered instead of after a trip to the database. At most `maxInFlight` deliveries are held
 * at once (waiting, in flight, or answered and not yet recorded), so memory stays bounded however
 * many deliveries wait: they wait in the table, not here.
 *
 * Several workers may run a dispatcher over one database: each claims what it holds
 * (webhook-claims.ts), so no delivery is sent by two at once. An outcome is recorded, and the
 * claim cleared, in a group with others (webhook-outcomes.ts). A crash before that sends the
 * delivery again once the claim's lease runs out (receivers dedupe on `webhook-id`), and a
 * delivery recorded as succeeded is never sent again: what comes back is at most what this
 * dispatcher held.
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
  /** How long a claim keeps other dispatchers away (tests shorten it). */
  readonly leaseMs?: number;
  /** How often due retries are looked for when nothing wakes the dispatcher. */
  readonly pollMs?: number;
  /** After a 2xx and before it is recorded: the moment a crash causes a duplicate (tests crash here). */
  readonly onAnswered?: (delivery: DueDelivery) => void | Promise<void>;
}

/**
 * How deep a lane is: besides its requests in flight, it keeps about QUEUE_MS of work waiting at
 * the pace its endpoint answers, so that a fast endpoint's lane never runs dry while the next
 * claim is on its way (and claims come in batches), while a slow one holds few. Between 2 and
 * DEPTH_MAX times the lane's width.
 */
const QUEUE_MS = 250;
const DEPTH_MAX = 16;
/** What an endpoint not heard from yet is assumed to take. */
const FIRST_GUESS_MS = 50;
const PACES_MAX = 10_000;

/** The counter's children, looked up once rather than by label on every delivery. */
const attemptsSucceeded = webhookAttempts.labels({ outcome: 'succeeded' });
const attemptsRetrying = webhookAttempts.labels({ outcome: 'retrying' });
const attemptsFailed = webhookAttempts.labels({ outcome: 'failed' });

/**
 * A claim's lease. A waiting delivery not started within half of it (an endpoint that turned
 * slow, a stalled process) is dropped unsent rather than risk the lease running out while it is
 * in flight; it goes out again once the lease has run out.
 */
export const CLAIM_LEASE_MS = 120_000;

interface Held extends DueDelivery {
  /** performance.now() when it was claimed. */
  readonly claimedAt: number;
}

interface Lane {
  sending: number;
  readonly waiting: Held[];
  /** The last claim found fewer due deliveries than this lane had room for. */
  drained: boolean;
}

export class WebhookDispatcher {
  /** This dispatcher's id in the claims it holds. */
  readonly id = randomUUID();
  private readonly lanes = new Map<string, Lane>();
  /** Each endpoint's recent answer time in ms, a moving average. */
  private readonly paceMs = new Map<string, number>();
  private readonly perEndpoint: number;
  private readonly maxInFlight: number;
  private readonly recorder: OutcomeRecorder;
  /** Claimed and not yet recorded. */
  private held = 0;
  /** The last look was cut short by `maxInFlight`. */
  private full = false;
  private running = false;
  private loop: Promise<void> | undefined;
  private wakeUp: (() => void) | undefined;
  private woken = false;
  /** A claim is on its way to the database (alone, or with outcomes). */
  private claiming = false;
  /** More deliveries are wanted once the claim on its way, or the outcomes' write, is done. */
  private claimWanted = false;
  /** Claims given back after stop() began, which it waits for. */
  private givenBack: Promise<void> = Promise.resolve();

  constructor(private readonly options: DispatcherOptions) {
    this.perEndpoint = options.perEndpoint ?? 4;
    this.maxInFlight = options.maxInFlight ?? 256;
    this.recorder = new OutcomeRecorder(options.pool, this.id, {
      take: () => (this.claimWanted ? this.claimRequest() : undefined),
      claimed: (request, deliveries) => this.took(request, deliveries),
    });
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

  /** Stops taking deliveries, gives back those not yet sent, and waits for those in flight. */
  async stop(): Promise<void> {
    this.running = false;
    this.wake();
    await this.loop;
    const unsent = [...this.lanes.values()].flatMap((lane) => lane.waiting.splice(0));
    this.held -= unsent.length;
    await releaseClaims(this.options.pool, this.id, unsent.map((delivery) => delivery.id)).catch(() => undefined);
    while (this.held > 0) await new Promise((resolve) => setTimeout(resolve, 20));
    await this.givenBack;
  }

  private async run(): Promise<void> {
    while (this.running) {
      this.woken = false;
      try {
        await this.claim();
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

  /**
   * Fills the lanes from the table, each to its depth, all up to `maxInFlight`. When answered
   * deliveries wait to be recorded, their write (a few milliseconds away) carries the claim, so
   * that one round trip does both; otherwise the claim goes alone.
   */
  private async claim(): Promise<void> {
    if (this.recorder.waiting) {
      this.claimWanted = true;
      return;
    }
    const request = this.claimRequest();
    if (!request) return;
    let claimed: DueDelivery[] | undefined;
    try {
      claimed = (await settleAndClaim(this.options.pool, this.id, [], request)).claimed;
    } finally {
      this.took(request, claimed);
    }
  }

  /** The claim to make now; none when stopping, held to the limit, or while another is on its way (then it is wanted after that one). */
  private claimRequest(): ClaimRequest | undefined {
    if (this.claiming) {
      this.claimWanted = true;
      return undefined;
    }
    this.claimWanted = false;
    const free = this.maxInFlight - this.held;
    this.full = free <= 0;
    if (!this.running || this.full) return undefined;
    this.claiming = true;
    const room = new Map([...this.lanes].map(([endpointId, lane]) => [endpointId, this.depthOf(endpointId) - lane.sending - lane.waiting.length]));
    return { claimant: this.id, dueBy: this.options.retryClock.now(), limit: free, perEndpoint: this.depthOf(undefined), room, leaseMs: this.leaseMs };
  }

  /** Puts what a claim took into the lanes and starts their requests; `claimed` is undefined when the claim failed. */
  private took(request: ClaimRequest, claimed: DueDelivery[] | undefined): void {
    this.claiming = false;
    if (claimed === undefined) return;
    if (!this.running) {
      // Taken by an outcomes' write that started before stop(): given back like the unsent.
      this.givenBack = this.givenBack.then(() => releaseClaims(this.options.pool, this.id, claimed.map((delivery) => delivery.id))).catch(() => undefined);
      return;
    }
    const free = request.limit;
    const claimedAt = performance.now();
    this.held += claimed.length;
    // Held to the limit: the next look comes when outcomes are written and free slots.
    this.full = claimed.length >= free;
    const got = new Map<string, number>();
    for (const delivery of claimed) {
      this.lane(delivery.endpoint_id).waiting.push({ ...delivery, claimedAt });
      got.set(delivery.endpoint_id, (got.get(delivery.endpoint_id) ?? 0) + 1);
    }
    // Short of the limit in all, a lane that got less than it asked for had nothing more due:
    // its answers need not look again (new deliveries, a retry by hand and the poll still do).
    for (const [endpointId, lane] of this.lanes) lane.drained = claimed.length < free && (got.get(endpointId) ?? 0) < (request.room.get(endpointId) ?? request.perEndpoint);
    for (const [endpointId, lane] of this.lanes) this.pump(endpointId, lane);
    if (this.claimWanted) this.wake();
  }

  /** How many deliveries an endpoint's lane holds at most, from its pace (a new one: a first guess). */
  private depthOf(endpointId: string | undefined): number {
    const pace = (endpointId !== undefined ? this.paceMs.get(endpointId) : undefined) ?? FIRST_GUESS_MS;
    return this.perEndpoint * (1 + Math.min(DEPTH_MAX - 1, Math.max(1, Math.ceil(QUEUE_MS / Math.max(pace, 1)))));
  }

  private notePace(endpointId: string, durationMs: number): void {
    const before = this.paceMs.get(endpointId);
    if (before === undefined && this.paceMs.size >= PACES_MAX) this.paceMs.clear();
    this.paceMs.set(endpointId, before === undefined ? durationMs : before * 0.8 + durationMs * 0.2);
  }

  private lane(endpointId: string): Lane {
    let lane = this.lanes.get(endpointId);
    if (!lane) this.lanes.set(endpointId, (lane = { sending: 0, waiting: [], drained: false }));
    return lane;
  }

  private pump(endpointId: string, lane: Lane): void {
    while (this.running && lane.sending < this.perEndpoint && lane.waiting.length > 0) {
      const delivery = lane.waiting.shift() as Held;
      if (performance.now() - delivery.claimedAt > this.leaseMs / 2) {
        this.held--;
        this.options.logger.warn({ deliveryId: delivery.id, endpointId }, 'webhook delivery waited too long for its lane; left for when its claim runs out');
        continue;
      }
      lane.sending++;
      void this.attempt(lane, delivery);
    }
    if (lane.sending === 0 && lane.waiting.length === 0) this.lanes.delete(endpointId);
  }

  private get leaseMs(): number {
    return this.options.leaseMs ?? CLAIM_LEASE_MS;
  }

  private async attempt(lane: Lane, delivery: DueDelivery): Promise<void> {
    // Signed with the wall clock whatever the retry clock says: receivers judge freshness by it.
    const headers = signWebhook(delivery.secret, delivery.event_id, Date.now() / 1000, delivery.payload);
    const outcome = await this.options.sender.post(delivery.url, headers, delivery.payload);
    webhookAttemptSeconds.observe(outcome.durationMs / 1000);
    lane.sending--;
    this.notePace(delivery.endpoint_id, outcome.durationMs);
    this.pump(delivery.endpoint_id, lane);
    // Claims come in batches: a lane asks for more once half of what waits in it has gone. It
    // asks once its outcome is queued, so that the outcomes' write can carry the claim.
    const wantMore = !lane.drained && lane.waiting.length <= (this.depthOf(delivery.endpoint_id) - this.perEndpoint) / 2;
    try {
      if (outcome.ok) await this.options.onAnswered?.(delivery);
      const recording = this.record(delivery, outcome);
      if (wantMore) this.wake();
      await recording;
    } catch (error) {
      if (wantMore) this.wake();
      // The outcome is lost, not the delivery: it is still pending and will be sent again.
      this.options.logger.warn({ deliveryId: delivery.id, err: error instanceof Error ? error.message : String(error) }, 'webhook outcome not recorded; it will be sent again');
    } finally {
      this.held--;
      if (this.full) this.wake();
    }
  }

  private async record(delivery: DueDelivery, outcome: SendOutcome): Promise<void> {
    const now = this.options.retryClock.now();
    const attempt = delivery.attempt + 1;
    const next = outcome.ok ? undefined : nextAttemptAt(attempt, now);
    const status: AttemptOutcome['status'] = outcome.ok ? 'succeeded' : next ? 'pending' : 'failed';
    const recorded = await this.recorder.record({
      deliveryId: delivery.id, status, attempt, attemptedAt: now, nextAttemptAt: next ?? null, succeeded: outcome.ok,
      responseStatus: outcome.responseStatus, durationMs: outcome.durationMs, error: outcome.error,
    });
    // The log line is built only when it is written: a delivered webhook is logged at debug level.
    const log = () => ({ deliveryId: delivery.id, endpointId: delivery.endpoint_id, eventId: delivery.event_id, attempt, status, responseStatus: outcome.responseStatus, durationMs: outcome.durationMs });
    if (!recorded) {
      this.options.logger.warn(log(), 'webhook outcome not recorded: the claim ran out and another dispatcher holds the delivery');
      return;
    }
    (outcome.ok ? attemptsSucceeded : status === 'pending' ? attemptsRetrying : attemptsFailed).inc();
    if (outcome.ok) {
      if (this.options.logger.isLevelEnabled('debug')) this.options.logger.debug(log(), 'webhook delivered');
    } else this.options.logger.info({ ...log(), error: outcome.error, nextAttemptAt: next?.toISOString() ?? null }, 'webhook attempt failed');
  }
}
