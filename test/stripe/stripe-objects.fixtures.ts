/**
 * Stripe API objects as Stripe's API reference shows them (PaymentIntent, Charge, Refund,
 * Dispute, PaymentMethod, the error object), trimmed to the fields this project or the `stripe`
 * client reads plus the ones that give each its recognisable shape. Used by the fake server
 * and to build webhook events.
 */
import Stripe from 'stripe';

const CREATED = 1_764_000_000;

export interface Decline {
  readonly code: string;
  readonly decline_code: string;
  readonly message: string;
}

const DECLINES: Record<string, Decline> = {
  pm_card_chargeDeclined: { code: 'card_declined', decline_code: 'generic_decline', message: 'Your card was declined.' },
  pm_card_chargeDeclinedInsufficientFunds: {
    code: 'card_declined',
    decline_code: 'insufficient_funds',
    message: 'Your card has insufficient funds.',
  },
};

export function declineOf(paymentMethod: string): Decline | undefined {
  return DECLINES[paymentMethod];
}

export function stripeError(fields: { type: string; message: string } & Record<string, unknown>): unknown {
  const docCode = typeof fields.code === 'string' ? fields.code : 'error';
  return { error: { doc_url: `https://stripe.com/docs/error-codes/${docCode}`, request_log_url: null, ...fields } };
}

/** Metadata as the form body encodes it (`metadata[invoiceId]`) back into an object. */
export function metadataOf(form: Record<string, string>): Record<string, string> {
  const metadata: Record<string, string> = {};
  for (const [key, value] of Object.entries(form)) {
    const match = /^metadata\[(.+)\]$/.exec(key);
    if (match?.[1]) metadata[match[1]] = value;
  }
  return metadata;
}

export function paymentIntentObject(input: {
  id: string;
  chargeId: string;
  form: Record<string, string>;
  decline?: Decline;
}): Record<string, unknown> {
  const { id, chargeId, form, decline } = input;
  const amount = Number(form.amount);
  return {
    id,
    object: 'payment_intent',
    amount,
    amount_capturable: 0,
    amount_details: { tip: {} },
    amount_received: decline ? 0 : amount,
    application: null,
    application_fee_amount: null,
    automatic_payment_methods: { allow_redirects: 'never', enabled: true },
    canceled_at: null,
    cancellation_reason: null,
    capture_method: 'automatic_async',
    client_secret: `${id}_secret_fake`,
    confirmation_method: 'automatic',
    created: CREATED,
    currency: form.currency,
    customer: form.customer ?? null,
    description: form.description ?? null,
    last_payment_error: decline
      ? { ...decline, charge: chargeId, type: 'card_error', doc_url: `https://stripe.com/docs/error-codes/${decline.code}` }
      : null,
    latest_charge: chargeId,
    livemode: false,
    metadata: metadataOf(form),
    next_action: null,
    on_behalf_of: null,
    payment_method: decline ? null : form.payment_method,
    payment_method_types: ['card'],
    processing: null,
    receipt_email: null,
    setup_future_usage: null,
    shipping: null,
    statement_descriptor: null,
    statement_descriptor_suffix: null,
    status: decline ? 'requires_payment_method' : 'succeeded',
    transfer_data: null,
    transfer_group: null,
  };
}

export function refundObject(input: {
  id: string;
  intent: Record<string, unknown>;
  amount: number;
  form: Record<string, string>;
}): Record<string, unknown> {
  return {
    id: input.id,
    object: 'refund',
    amount: input.amount,
    balance_transaction: `txn_${input.id.slice(3)}`,
    charge: input.intent.latest_charge,
    created: CREATED,
    currency: input.intent.currency,
    destination_details: { card: { reference_status: 'pending', reference_type: 'acquirer_reference_number', type: 'refund' }, type: 'card' },
    metadata: metadataOf(input.form),
    payment_intent: input.intent.id,
    reason: input.form.reason ?? null,
    receipt_number: null,
    source_transfer_reversal: null,
    status: 'succeeded',
    transfer_reversal: null,
  };
}

export function paymentMethodObject(id: string, customer: string | null): Record<string, unknown> {
  return {
    id,
    object: 'payment_method',
    allow_redisplay: 'unspecified',
    billing_details: { address: null, email: null, name: null, phone: null },
    card: { brand: 'visa', country: 'US', exp_month: 12, exp_year: 2034, funding: 'credit', last4: '4242' },
    created: CREATED,
    customer,
    livemode: false,
    metadata: {},
    type: 'card',
  };
}

export function chargeObject(fields: {
  id: string;
  paymentIntent: string | null;
  amount: number;
  amountRefunded: number;
  currency: string;
  metadata?: Record<string, string>;
}): Record<string, unknown> {
  return {
    id: fields.id,
    object: 'charge',
    amount: fields.amount,
    amount_captured: fields.amount,
    amount_refunded: fields.amountRefunded,
    balance_transaction: `txn_${fields.id.slice(3)}`,
    captured: true,
    created: CREATED,
    currency: fields.currency,
    customer: 'cus_fake',
    disputed: false,
    failure_code: null,
    failure_message: null,
    livemode: false,
    metadata: fields.metadata ?? {},
    outcome: { network_status: 'approved_by_network', reason: null, risk_level: 'normal', seller_message: 'Payment complete.', type: 'authorized' },
    paid: true,
    payment_intent: fields.paymentIntent,
    payment_method: 'pm_card_visa',
    refunded: fields.amountRefunded === fields.amount,
    status: 'succeeded',
  };
}

export function disputeObject(fields: {
  id: string;
  charge: string;
  paymentIntent: string | null;
  amount: number;
  currency: string;
  status: string;
  reason?: string;
}): Record<string, unknown> {
  return {
    id: fields.id,
    object: 'dispute',
    amount: fields.amount,
    balance_transactions: [],
    charge: fields.charge,
    created: CREATED,
    currency: fields.currency,
    evidence: { customer_name: null, product_description: null, uncategorized_text: null },
    evidence_details: { due_by: CREATED + 14 * 86_400, has_evidence: false, past_due: false, submission_count: 0 },
    is_charge_refundable: false,
    livemode: false,
    metadata: {},
    payment_intent: fields.paymentIntent,
    reason: fields.reason ?? 'fraudulent',
    status: fields.status,
  };
}

/** A snapshot Event envelope around one object, as delivered to a webhook endpoint. */
export function eventOf(type: string, object: Record<string, unknown>, extra: { id?: string; created?: number; previous?: Record<string, unknown> } = {}): Record<string, unknown> {
  return {
    id: extra.id ?? 'evt_3FakeStripe0000000001',
    object: 'event',
    api_version: '2026-10-28.endive',
    created: extra.created ?? CREATED,
    data: { object, ...(extra.previous ? { previous_attributes: extra.previous } : {}) },
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type,
  };
}

/**
 * A webhook delivery as Stripe sends it: the raw JSON body and its `Stripe-Signature` header,
 * signed by the real library, for tests that POST to `/v1/webhooks/stripe`.
 */
export function signedDelivery(event: Record<string, unknown>, secret: string, timestampSeconds?: number): { body: string; signature: string } {
  const body = JSON.stringify(event, null, 2);
  const signature = Stripe.webhooks.generateTestHeaderString({
    payload: body,
    secret,
    ...(timestampSeconds === undefined ? {} : { timestamp: timestampSeconds }),
  });
  return { body, signature };
}
