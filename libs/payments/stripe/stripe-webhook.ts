/**
 * Stripe webhooks in two steps. `verifyStripeWebhook` checks the `Stripe-Signature` header over
 * the raw body with the real library (300 s tolerance) and fails with one typed error, which the
 * API answers with 400 and records nothing. `translateStripeEvent` is pure: a verified event
 * becomes a ledger intention per api.md's table; what the ledger then does with it (apply, keep
 * as unmatched, nothing) is webhook-matching.ts's decision.
 */
import Stripe from 'stripe';

export const STRIPE_WEBHOOK_TOLERANCE_SECONDS = 300;

export type WebhookRejection = 'missing_signature' | 'bad_signature' | 'timestamp_outside_tolerance' | 'malformed_payload';

export class StripeWebhookRejected extends Error {
  constructor(
    readonly reason: WebhookRejection,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(`Stripe webhook rejected (${reason}): ${detail}`, options);
    this.name = 'StripeWebhookRejected';
  }
}

export interface VerifyOptions {
  readonly toleranceSeconds?: number;
  /**
   * The wall-clock instant the request arrived (default: now). Stripe signs with its wall clock, so
   * freshness is wall-clock time: never pass the billing clock, which a manual clock moved ahead
   * would turn into a refusal of every genuine webhook. Tests pass a fixed instant.
   */
  readonly wallClockAt?: Date;
}

export function verifyStripeWebhook(
  rawBody: string | Buffer,
  signatureHeader: string | readonly string[] | undefined,
  secret: string,
  options: VerifyOptions = {},
): Stripe.Event {
  const header = singleHeader(signatureHeader);
  let event: Stripe.Event;
  try {
    event = Stripe.webhooks.constructEvent(
      rawBody,
      header,
      secret,
      options.toleranceSeconds ?? STRIPE_WEBHOOK_TOLERANCE_SECONDS,
      undefined,
      options.wallClockAt?.getTime(),
    );
  } catch (error: unknown) {
    throw rejectionOf(error);
  }
  if (typeof event !== 'object' || event === null || typeof event.id !== 'string' || typeof event.type !== 'string') {
    throw new StripeWebhookRejected('malformed_payload', 'the signed body is not a Stripe event');
  }
  return event;
}

function singleHeader(value: string | readonly string[] | undefined): string {
  const values = value === undefined ? [] : typeof value === 'string' ? [value] : value;
  const present = values.filter((v) => v.trim() !== '');
  if (present.length === 0) throw new StripeWebhookRejected('missing_signature', 'no Stripe-Signature header');
  // HTTP frameworks hand over a repeated header as an array; Stripe sends it once, so a second
  // copy is not Stripe's doing.
  if (present.length > 1) throw new StripeWebhookRejected('bad_signature', 'more than one Stripe-Signature header');
  return present[0] as string;
}

function rejectionOf(error: unknown): StripeWebhookRejected {
  if (error instanceof Stripe.errors.StripeSignatureVerificationError) {
    // The library has one error class for every verification failure; its message is the only
    // thing that tells a stale timestamp (worth logging as a replay) from a wrong signature.
    const reason = /timestamp outside the tolerance/i.test(error.message) ? 'timestamp_outside_tolerance' : 'bad_signature';
    return new StripeWebhookRejected(reason, error.message, { cause: error });
  }
  if (error instanceof SyntaxError) {
    return new StripeWebhookRejected('malformed_payload', error.message, { cause: error });
  }
  return new StripeWebhookRejected('bad_signature', error instanceof Error ? error.message : String(error), { cause: error });
}

interface IntentionBase {
  /** The Stripe event id: the idempotency key of everything the webhook records. */
  readonly stripeEventId: string;
  /** When Stripe created the event (`created`), ISO-8601 UTC. */
  readonly occurredAt: string;
}

interface PaymentIntention extends IntentionBase {
  /** From the PaymentIntent's metadata; null when it was created outside this ledger. */
  readonly invoiceId: string | null;
  readonly accountId: string | null;
  readonly amount: number;
  /** Upper-case ISO 4217, as the ledger keeps it (Stripe sends lower case). */
  readonly currency: string;
  readonly paymentIntentId: string;
  readonly chargeId?: string;
}

export interface PaymentSucceededIntention extends PaymentIntention {
  readonly kind: 'payment_succeeded';
}

export interface PaymentFailedIntention extends PaymentIntention {
  readonly kind: 'payment_failed';
  /** The issuer's decline code, else Stripe's error code, from `last_payment_error`. */
  readonly reason: string;
}

/**
 * Stripe reports the charge's running total `amount_refunded`, not the refund just made. The
 * ledger records the increase: total minus what it has already recorded as refunded for this
 * payment (see `refundIncrease` in webhook-matching.ts). That also makes a refund the ledger
 * started itself, whose webhook follows, an increase of zero instead of a second refund.
 */
export interface RefundedIntention extends IntentionBase {
  readonly kind: 'refunded';
  readonly chargeId: string;
  readonly paymentIntentId: string | null;
  readonly amountRefundedTotal: number;
  readonly currency: string;
}

export interface DisputeIntention extends IntentionBase {
  readonly kind: 'dispute_opened' | 'dispute_closed';
  readonly disputeId: string;
  readonly chargeId: string;
  readonly paymentIntentId: string | null;
  readonly amount: number;
  readonly currency: string;
  /** Stripe's status verbatim: `won` / `lost` when closed, `needs_response` etc. when opened. */
  readonly status: string;
  /**
   * An inquiry (`warning_*` statuses) moves no money until it becomes a real dispute, so the
   * ledger moves nothing to Disputed for it.
   */
  readonly isInquiry: boolean;
  readonly reason: string;
}

export interface IgnoredIntention {
  readonly kind: 'ignored';
  readonly stripeEventId: string;
  readonly type: string;
}

export type StripeIntention =
  | PaymentSucceededIntention
  | PaymentFailedIntention
  | RefundedIntention
  | DisputeIntention
  | IgnoredIntention;

export function translateStripeEvent(event: Stripe.Event): StripeIntention {
  const base = { stripeEventId: event.id, occurredAt: new Date(event.created * 1000).toISOString() };
  switch (event.type) {
    case 'payment_intent.succeeded':
      return { kind: 'payment_succeeded', ...base, ...paymentFields(event.data.object) };
    case 'payment_intent.payment_failed': {
      const intent = event.data.object;
      const error = intent.last_payment_error;
      const reason = error?.decline_code ?? error?.code ?? error?.message ?? 'unknown';
      return { kind: 'payment_failed', ...base, ...paymentFields(intent), reason };
    }
    case 'charge.refunded': {
      const charge = event.data.object;
      return {
        kind: 'refunded',
        ...base,
        chargeId: charge.id,
        paymentIntentId: idOf(charge.payment_intent),
        amountRefundedTotal: charge.amount_refunded,
        currency: charge.currency.toUpperCase(),
      };
    }
    case 'charge.dispute.created':
      return { kind: 'dispute_opened', ...base, ...disputeFields(event.data.object) };
    case 'charge.dispute.closed':
      return { kind: 'dispute_closed', ...base, ...disputeFields(event.data.object) };
    default:
      return { kind: 'ignored', stripeEventId: event.id, type: event.type };
  }
}

function paymentFields(intent: Stripe.PaymentIntent): Omit<PaymentIntention, keyof IntentionBase> {
  const chargeId = idOf(intent.latest_charge) ?? intent.last_payment_error?.charge ?? null;
  return {
    invoiceId: intent.metadata?.invoiceId ?? null,
    accountId: intent.metadata?.accountId ?? null,
    // What actually arrived: for a success `amount_received`; a failure received nothing, so
    // the amount that was asked for is the informative one.
    amount: intent.status === 'succeeded' ? intent.amount_received : intent.amount,
    currency: intent.currency.toUpperCase(),
    paymentIntentId: intent.id,
    ...(chargeId === null ? {} : { chargeId }),
  };
}

function disputeFields(dispute: Stripe.Dispute): Omit<DisputeIntention, keyof IntentionBase | 'kind'> {
  return {
    disputeId: dispute.id,
    chargeId: idOf(dispute.charge) ?? '',
    paymentIntentId: idOf(dispute.payment_intent),
    amount: dispute.amount,
    currency: dispute.currency.toUpperCase(),
    status: dispute.status,
    isInquiry: dispute.status.startsWith('warning_'),
    reason: dispute.reason,
  };
}

/** Stripe fields that hold an id, or the object itself when the event was expanded. */
function idOf(value: string | { id: string } | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  return typeof value === 'string' ? value : value.id;
}
