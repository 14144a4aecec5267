import type { Logger } from 'pino';
import type { Pool, PoolClient } from 'pg';
import type Stripe from 'stripe';
import { Rejected } from '../../domain/decider';
import type { BillingAccountState } from '../../domain/billing-account/billing-account.state';
import type { EventStore } from '../../event-store/event-store.port';
import { translateStripeEvent, type StripeIntention } from '../../payments/stripe/stripe-webhook';
import { matchStripeIntention, type LedgerFacts } from '../../payments/stripe/webhook-matching';
import type { Clock } from '../../infra/clock/clock';
import type { AccountCommandInput, BillingCommands } from '../commands/billing-commands';
import { hasIdempotencyKey, readAccount, withAccountPaymentLockOn, type AccountHistory } from './account-history';
import { collectionKey } from './collection-plan';
import { lookupAccount, lookupAccountFresh, referenceKey, type LookupKind } from '../../../projections/payment-lookup/payment-lookup.projection';
import { stripeWebhooksTotal } from './payments.metrics';
import {
  decidedOutcome, keepUnmatched, openUnmatched, recordDecision, resolveUnmatched, withStripeEventLock, type WebhookOutcome,
} from './unmatched-webhooks.store';

/**
 * Applies verified Stripe events to the ledger (api.md, "Stripe"): the Stripe event id is the
 * idempotency key; an event that matches nothing yet is kept as unmatched and retried when its
 * counterpart appears (the collector calls `retryUnmatched` after invoices, payments and disputes
 * are recorded). Every command goes through BillingCommands with the actor `stripe`.
 */
type LedgerIntention = Exclude<StripeIntention, { kind: 'ignored' }>;

export type Decision = { readonly outcome: Exclude<WebhookOutcome, 'unmatched'> } | { readonly outcome: 'unmatched'; readonly reason: string };

export type ReceiveResult = { readonly outcome: WebhookOutcome | 'ignored' | 'duplicate'; readonly reason?: string };

const STRIPE_CALLER = { actor: 'stripe', role: 'system' } as const;
const RETRY_ROUNDS_MAX = 5;

export class StripeWebhookProcessor {
  constructor(
    private readonly pool: Pool,
    private readonly store: EventStore,
    private readonly commands: BillingCommands,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  async receive(event: Stripe.Event): Promise<ReceiveResult> {
    const intention = translateStripeEvent(event);
    if (intention.kind === 'ignored') {
      stripeWebhooksTotal.inc({ type: event.type, outcome: 'ignored' });
      return { outcome: 'ignored' };
    }
    const attempt = attemptOf(event);
    const receivedAt = this.clock.now();
    const result = await withStripeEventLock(this.pool, event.id, async (client): Promise<ReceiveResult> => {
      if (await decidedOutcome(client, event.id)) return { outcome: 'duplicate' };
      const decision = await this.decide(client, intention, attempt, true);
      if (decision.outcome === 'unmatched') {
        await keepUnmatched(client, { eventId: event.id, type: event.type, reason: decision.reason, intention, attempt, receivedAt });
        return decision;
      }
      await recordDecision(client, event.id, event.type, decision.outcome, receivedAt);
      return decision;
    });
    stripeWebhooksTotal.inc({ type: event.type, outcome: result.outcome });
    this.logger.info({ stripeEventId: event.id, type: event.type, ...result }, 'stripe webhook');
    return result;
  }

  /** Tries every unresolved unmatched event again; answers how many were resolved. */
  async retryUnmatched(): Promise<number> {
    let resolved = 0;
    for (let round = 0; round < RETRY_ROUNDS_MAX; round++) {
      let progress = 0;
      for (const entry of await openUnmatched(this.pool)) {
        const done = await withStripeEventLock(this.pool, entry.stripeEventId, async (client) => {
          const still = await client.query('SELECT 1 FROM stripe_unmatched WHERE event_id = $1 AND resolved_at IS NULL', [entry.stripeEventId]);
          if (still.rows.length === 0) return false;
          const decision = await this.decide(client, entry.intention as LedgerIntention, entry.attempt, false);
          const receivedAt = new Date(entry.receivedAt);
          if (decision.outcome === 'unmatched') {
            await keepUnmatched(client, { eventId: entry.stripeEventId, type: entry.type, reason: decision.reason, intention: entry.intention, attempt: entry.attempt, receivedAt });
            return false;
          }
          await resolveUnmatched(client, entry.stripeEventId, entry.type, decision.outcome, receivedAt);
          this.logger.info({ stripeEventId: entry.stripeEventId, type: entry.type, outcome: decision.outcome }, 'unmatched stripe webhook resolved');
          return true;
        });
        if (done) progress++;
      }
      resolved += progress;
      // Applying one (an opened dispute) can be the counterpart another (its close) waits for.
      if (progress === 0) break;
    }
    return resolved;
  }

  /** Decides (and applies) one intention; `client` holds the event's lock and takes the account's. */
  private async decide(client: PoolClient, intention: LedgerIntention, attempt: number | null, fresh: boolean): Promise<Decision> {
    if ((intention.kind === 'dispute_opened' || intention.kind === 'dispute_closed') && intention.isInquiry) return { outcome: 'no_effect' };
    const accountId = await this.locate(intention, fresh);
    if (accountId === undefined) return fromMatch(intention, undefined, attempt);
    return withAccountPaymentLockOn(client, accountId, async () => {
      const history = await readAccount(this.store, accountId);
      const matched = matchStripeIntention(intention, factsOf(history, intention, attempt));
      if (matched.action !== 'apply') return fromMatch(intention, history, attempt);
      const command = commandOf(intention, history.state, matched.refundIncrease ?? 0);
      if (command === undefined) return { outcome: 'no_effect' };
      try {
        await this.commands.execute(accountId, command, { ...STRIPE_CALLER, idempotencyKey: idempotencyKeyOf(intention, attempt) });
      } catch (error) {
        // The ledger refused it (a void invoice, a currency that does not match): finance must
        // look at it, so it is kept rather than dropped.
        if (error instanceof Rejected) return { outcome: 'unmatched', reason: `rejected_${error.code}` };
        throw error;
      }
      return { outcome: 'applied' };
    });
  }

  private async locate(intention: LedgerIntention, fresh: boolean): Promise<string | undefined> {
    const find = (kind: LookupKind, key: string) =>
      fresh ? lookupAccountFresh(this.pool, () => this.store.headPosition(), kind, key) : lookupAccount(this.pool, kind, key);
    switch (intention.kind) {
      case 'payment_succeeded':
      case 'payment_failed':
        if (intention.invoiceId === null) return undefined;
        return (await find('invoice', intention.invoiceId)) ?? intention.accountId ?? undefined;
      case 'refunded':
      case 'dispute_opened':
        return intention.paymentIntentId === null ? undefined : find('reference', referenceKey('stripe', intention.paymentIntentId));
      case 'dispute_closed': {
        const byDispute = await lookupAccount(this.pool, 'dispute', intention.disputeId);
        if (byDispute !== undefined || intention.paymentIntentId === null) return byDispute;
        return find('reference', referenceKey('stripe', intention.paymentIntentId));
      }
    }
  }
}

function fromMatch(intention: LedgerIntention, history: AccountHistory | undefined, attempt: number | null): Decision {
  const facts = history ? factsOf(history, intention, attempt) : NO_FACTS;
  const matched = matchStripeIntention(intention, facts);
  switch (matched.action) {
    case 'keep_unmatched':
      return { outcome: 'unmatched', reason: matched.reason };
    case 'already_recorded':
      return { outcome: 'already_recorded' };
    default:
      return { outcome: 'no_effect' };
  }
}

const NO_FACTS: LedgerFacts = { eventAlreadyProcessed: false, invoice: null, payment: null, failureRecorded: false, dispute: null };

function stripePayment(state: BillingAccountState, paymentIntentId: string | null) {
  if (paymentIntentId === null) return undefined;
  return Object.values(state.payments).find((payment) => payment.gateway === 'stripe' && payment.reference === paymentIntentId);
}

export function factsOf({ state, events }: AccountHistory, intention: LedgerIntention, attempt: number | null): LedgerFacts {
  const invoiceId = 'invoiceId' in intention ? intention.invoiceId : null;
  const document = invoiceId === null ? undefined : state.documents[invoiceId];
  const payment = stripePayment(state, intention.paymentIntentId);
  const dispute = 'disputeId' in intention ? state.disputes[intention.disputeId] : undefined;
  return {
    eventAlreadyProcessed: false,
    invoice: state.exists && document?.kind === 'invoice' ? { accountId: state.accountId, currency: document.currency } : null,
    payment: payment ? { currency: state.currency, amountRefunded: payment.refunded } : null,
    failureRecorded: invoiceId !== null && attempt !== null && hasIdempotencyKey(events, collectionKey(invoiceId, attempt)),
    dispute: dispute ? { closed: dispute.status !== 'open' } : null,
  };
}

/** The command an applicable intention becomes; undefined when it changes nothing in the ledger. */
export function commandOf(intention: LedgerIntention, state: BillingAccountState, refundIncrease: number): AccountCommandInput | undefined {
  switch (intention.kind) {
    case 'payment_succeeded':
      return {
        type: 'RecordPayment', invoiceId: intention.invoiceId as string, amount: { amount: intention.amount, currency: intention.currency },
        reference: intention.paymentIntentId, gateway: 'stripe',
      };
    case 'payment_failed': {
      // A failure on an invoice already settled has nothing left to dun.
      const document = state.documents[intention.invoiceId as string];
      if (document?.status !== 'open') return undefined;
      return { type: 'RecordPaymentFailure', invoiceId: document.invoiceId, reason: intention.reason };
    }
    case 'refunded': {
      const payment = stripePayment(state, intention.paymentIntentId);
      if (!payment || refundIncrease <= 0) return undefined;
      return { type: 'RefundPayment', paymentId: payment.paymentId, amount: { amount: refundIncrease, currency: state.currency }, reason: 'refunded at Stripe' };
    }
    case 'dispute_opened': {
      const payment = stripePayment(state, intention.paymentIntentId);
      if (!payment) return undefined;
      return { type: 'OpenDispute', paymentId: payment.paymentId, disputeId: intention.disputeId, amount: { amount: intention.amount, currency: intention.currency } };
    }
    case 'dispute_closed':
      if (intention.status !== 'won' && intention.status !== 'lost') return undefined;
      return { type: 'CloseDispute', disputeId: intention.disputeId, outcome: intention.status };
  }
}

/**
 * A PaymentIntent the collector created carries its attempt; the webhook then records under the
 * collector's own key, so whichever of the two arrives second finds the outcome already there.
 */
function idempotencyKeyOf(intention: LedgerIntention, attempt: number | null): string {
  if ((intention.kind === 'payment_succeeded' || intention.kind === 'payment_failed') && intention.invoiceId !== null && attempt !== null) {
    return collectionKey(intention.invoiceId, attempt);
  }
  return `stripe-${intention.stripeEventId}`;
}

function attemptOf(event: Stripe.Event): number | null {
  if (event.type !== 'payment_intent.succeeded' && event.type !== 'payment_intent.payment_failed') return null;
  const raw = event.data.object.metadata?.attempt;
  const attempt = raw === undefined ? NaN : Number(raw);
  return Number.isSafeInteger(attempt) && attempt >= 1 ? attempt : null;
}
