import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import type { Pool } from 'pg';
import { Rejected } from '../../domain/decider';
import { amountRemaining } from '../../domain/billing-account/billing-account.state';
import type { EventStore, StoredEvent, Subscription } from '../../event-store/event-store.port';
import { PaymentGatewayUnavailable, type CollectResult, type GatewayName, type PaymentMethodOnFile } from '../../payments/payment-gateway.port';
import { gatewayFor, type PaymentGateways } from '../../payments/payment-gateways.factory';
import type { BillingCommands } from '../commands/billing-commands';
import { isDatabaseUnavailable } from '../../infra/database/database-errors';
import { eachAtMost } from '../../infra/each-at-most';
import { afterHistoryWritten } from '../../infra/database/history-writer-lock';
import { runWithContext } from '../../infra/logging/request-context';
import { waitForPosition } from '../../infra/projections/read-your-writes';
import { readAccount, type AccountHistory } from './account-history';
import { collectionKey, collectionTasksAt, COLLECTION_EVENT_TYPES, type CollectionTask } from './collection-plan';
import { PAYMENT_LOOKUP } from '../../../projections/payment-lookup/payment-lookup.projection';
import { paymentCollectionsTotal } from './payments.metrics';
import type { StripeWebhookProcessor } from './stripe-webhook.processor';
import { hasOpenUnmatched } from './unmatched-webhooks.store';

/**
 * The collection process manager. It follows the feed with its checkpoint in
 * projection_checkpoints (so the manual clock waits for it like for any read model) and, for each
 * event that calls for a charge (collection-plan.ts), charges the account's payment method and
 * records the outcome through BillingCommands as the actor `collector`. The checkpoint moves only
 * after the outcome is recorded; a redelivered event finds its outcome in the stream under the
 * attempt's idempotency key and charges nothing.
 *
 * An outage of the gateway is retried with backoff and the same attempt (the gateway's
 * idempotency key replays whatever the first call did); when it persists the collector stops
 * with status `failed` and says why, rather than skip an invoice.
 *
 * After invoices, payments and disputes appear it also retries the Stripe webhooks that were
 * waiting for them.
 */
export const PAYMENT_COLLECTOR = 'payment-collector';
const ACCOUNT_PREFIX = 'account-';
const BATCH_SIZE = 500;
const COLLECT_CONCURRENCY = 32;
const COUNTERPART_TYPES: ReadonlySet<string> = new Set(['InvoiceIssued', 'PaymentRecorded', 'DisputeOpened']);

export interface CollectorOptions {
  /** Retries of a gateway outage before the collector stops. */
  readonly retries?: number;
  /** First backoff; it doubles with each retry. */
  readonly backoffMs?: number;
  /**
   * Wait while a history writer places events in the past (history-writer-lock.ts), so that no
   * charge is stamped "now" inside an account's past. True unless the collector is the writer's own.
   */
  readonly yieldToHistoryWriter?: boolean;
}

type AttemptOutcome = 'paid' | 'declined' | 'pending' | 'nothing_to_do' | 'already_recorded';

export class PaymentCollector {
  private subscription: Subscription | undefined;
  private stopped = false;
  private readonly retries: number;
  private readonly backoffMs: number;
  private readonly yieldToHistoryWriter: boolean;

  constructor(
    private readonly pool: Pool,
    private readonly store: EventStore,
    private readonly commands: BillingCommands,
    private readonly gateways: PaymentGateways,
    private readonly webhooks: StripeWebhookProcessor | undefined,
    private readonly logger: Logger,
    options: CollectorOptions = {},
  ) {
    this.retries = options.retries ?? 5;
    this.backoffMs = options.backoffMs ?? 500;
    this.yieldToHistoryWriter = options.yieldToHistoryWriter ?? true;
  }

  async start(): Promise<void> {
    const { rows } = await this.pool.query<{ position: string | null }>(
      `INSERT INTO projection_checkpoints (name, version, position) VALUES ($1, 1, NULL)
       ON CONFLICT (name) DO UPDATE SET status = 'running', error = NULL, updated_at = now()
       RETURNING position`,
      [PAYMENT_COLLECTOR],
    );
    this.stopped = false;
    this.follow(rows[0].position ?? undefined);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.subscription?.stop();
    this.subscription = undefined;
  }

  /**
   * Subscribes from `after`. A database outage pauses and resumes from the stored checkpoint, as
   * the projection runner does; anything else (a gateway that stays down, a refused request)
   * stops the collector with status `failed`.
   */
  private follow(after: string | undefined, outageMs = 0): void {
    const subscription = this.store.subscribe(after, (events) => this.handle(events), { batchSize: BATCH_SIZE });
    this.subscription = subscription;
    subscription.done.then(
      () => undefined,
      async (error: unknown) => {
        if (this.stopped) return;
        if (!isDatabaseUnavailable(error)) return this.halt(error);
        const pauseMs = Math.min(Math.max(outageMs * 2, 100), 5_000);
        this.logger.warn({ pauseMs, err: error }, 'database unavailable; the payment collector resumes from its checkpoint');
        await sleep(pauseMs);
        if (this.stopped) return;
        const stored = await this.pool.query<{ position: string | null }>('SELECT position FROM projection_checkpoints WHERE name = $1', [PAYMENT_COLLECTOR]).then(
          (result) => ({ position: result.rows[0]?.position ?? undefined }),
          () => undefined,
        );
        this.follow(stored ? stored.position : after, pauseMs);
      },
    );
  }

  /**
   * One batch from the feed; resolves once every reaction and the checkpoint are recorded.
   * Accounts are independent, so their reactions run side by side (COLLECT_CONCURRENCY at a time:
   * a renewal day hands this a batch of invoices to collect), each account's events in order. The
   * checkpoint moves once the whole batch is done; a batch redelivered after a crash finds each
   * outcome it already recorded under the attempt's idempotency key and charges nothing twice.
   */
  async handle(events: readonly StoredEvent[]): Promise<void> {
    if (this.yieldToHistoryWriter) return afterHistoryWritten(this.pool, () => this.handleBatch(events));
    return this.handleBatch(events);
  }

  private async handleBatch(events: readonly StoredEvent[]): Promise<void> {
    const { rows } = await this.pool.query<{ position: string | null }>('SELECT position FROM projection_checkpoints WHERE name = $1', [PAYMENT_COLLECTOR]);
    const stored = rows[0]?.position ?? '';
    const fresh = events.filter((event) => event.position > stored);
    if (fresh.length === 0) return;
    const byAccount = new Map<string, StoredEvent[]>();
    for (const event of fresh) {
      if (!event.streamId.startsWith(ACCOUNT_PREFIX) || !COLLECTION_EVENT_TYPES.has(event.type)) continue;
      const queue = byAccount.get(event.streamId);
      if (queue) queue.push(event);
      else byAccount.set(event.streamId, [event]);
    }
    await eachAtMost(COLLECT_CONCURRENCY, [...byAccount.values()], async (queue) => {
      for (const event of queue) await runWithContext({ correlationId: String(event.metadata.correlationId), requestId: event.id }, () => this.react(event));
    });
    const last = fresh[fresh.length - 1];
    if (this.webhooks && fresh.some((event) => COUNTERPART_TYPES.has(event.type)) && (await hasOpenUnmatched(this.pool))) {
      // The webhook side finds accounts through the lookup read model: let it see these events first.
      await waitForPosition(this.pool, [PAYMENT_LOOKUP], last.position, 10_000);
      await this.webhooks.retryUnmatched();
    }
    await this.checkpoint(last.position);
  }

  private async react(event: StoredEvent): Promise<void> {
    const accountId = event.streamId.slice(ACCOUNT_PREFIX.length);
    // The history read for the tasks serves the first attempt too; an attempt that records an
    // outcome moves the stream, so the next one reads it again.
    let history: AccountHistory | undefined = await readAccount(this.store, accountId);
    for (const task of collectionTasksAt(history.events, event.revision)) {
      const outcome = await this.attempt(accountId, task, history ?? (await readAccount(this.store, accountId)));
      history = undefined;
      // A declined card declines the other invoices too; they are retried at the next step, and
      // one failure per step keeps the dunning schedule one step per retry.
      if (outcome === 'declined') return;
    }
  }

  private async attempt(accountId: string, task: CollectionTask, { events, state }: AccountHistory): Promise<AttemptOutcome> {
    const key = collectionKey(task.invoiceId, task.attempt);
    const recorded = events.filter((event) => event.metadata.idempotencyKey === key);
    if (recorded.length > 0) return recorded.some((event) => event.type === 'PaymentFailed') ? 'declined' : 'already_recorded';
    const document = state.documents[task.invoiceId];
    const method = state.paymentMethod;
    if (!document || document.status !== 'open' || amountRemaining(document) <= 0 || method === null) return 'nothing_to_do';

    const gateway = gatewayFor(this.gateways, method.gateway);
    const customerId = method.customerId;
    const paymentMethod: PaymentMethodOnFile = { gateway: method.gateway as GatewayName, token: method.token, ...(customerId ? { customerId } : {}) };
    const amount = { amount: amountRemaining(document), currency: document.currency };
    const result = await this.withRetries(() => gateway.collect({ invoiceId: task.invoiceId, accountId, amount, paymentMethod, attempt: task.attempt }));
    paymentCollectionsTotal.inc({ gateway: method.gateway, outcome: result.outcome });
    this.logger.info({ accountId, invoiceId: task.invoiceId, attempt: task.attempt, trigger: task.trigger, outcome: result.outcome }, 'payment collection');
    const caller = { actor: 'collector', role: 'system', idempotencyKey: key };

    switch (result.outcome) {
      case 'succeeded':
        await this.commands.execute(accountId, { type: 'RecordPayment', invoiceId: task.invoiceId, amount, reference: result.reference, gateway: method.gateway }, caller);
        return 'paid';
      case 'pending':
        return 'pending';
      case 'declined':
        await this.recordFailure(accountId, task, result.reason, caller);
        return 'declined';
    }
  }

  private async recordFailure(accountId: string, task: CollectionTask, reason: string, caller: { actor: string; role: string; idempotencyKey: string }): Promise<void> {
    try {
      await this.commands.execute(accountId, { type: 'RecordPaymentFailure', invoiceId: task.invoiceId, reason }, caller);
    } catch (error) {
      // Settled or voided meanwhile (a payment recorded by finance or a webhook): nothing to dun.
      if (!(error instanceof Rejected) || error.code !== 'INVALID_STATE') throw error;
      this.logger.info({ accountId, invoiceId: task.invoiceId }, 'decline not recorded: the invoice is no longer open');
    }
  }

  private async withRetries(call: () => Promise<CollectResult>): Promise<CollectResult> {
    for (let retry = 0; ; retry++) {
      try {
        return await call();
      } catch (error) {
        if (!(error instanceof PaymentGatewayUnavailable) || retry >= this.retries) throw error;
        this.logger.warn({ err: error, retry: retry + 1 }, 'payment gateway unavailable; retrying the same attempt');
        await sleep(this.backoffMs * 2 ** retry);
      }
    }
  }

  private async checkpoint(position: string): Promise<void> {
    await this.pool.query(
      `UPDATE projection_checkpoints SET position = $2, updated_at = now() WHERE name = $1 AND (position IS NULL OR position < $2)`,
      [PAYMENT_COLLECTOR, position],
    );
  }

  private async halt(error: unknown): Promise<void> {
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    paymentCollectionsTotal.inc({ gateway: 'any', outcome: 'halted' });
    this.logger.error({ err: error }, 'payment collector stopped; nothing is skipped, it resumes from its checkpoint on restart');
    await this.pool
      .query(`UPDATE projection_checkpoints SET status = 'failed', error = $2, updated_at = now() WHERE name = $1`, [PAYMENT_COLLECTOR, message])
      .catch(() => undefined);
  }
}

