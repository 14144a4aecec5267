/**
 * The Stripe adapter of the payment gateway port. An issued invoice is collected by creating and
 * confirming a PaymentIntent off-session in one call, with an idempotency key made of the invoice
 * and the attempt, so a retried or replayed attempt returns the first PaymentIntent instead of
 * charging again. The API base is configurable (STRIPE_API_BASE) so tests use a local server.
 */
import Stripe from 'stripe';
import {
  assertCollectable,
  assertPositiveMoney,
  CollectRequest,
  CollectResult,
  InvalidGatewayRequest,
  PaymentGateway,
  PaymentGatewayRequestRejected,
  PaymentMethodCheck,
  RefundRequest,
  RefundResult,
} from '../payment-gateway.port';
import { collectResultOf, collectResultOfError, portErrorOf } from './stripe-outcome';

export interface StripeGatewayOptions {
  readonly secretKey: string;
  /** e.g. `http://127.0.0.1:12111`; Stripe's own `https://api.stripe.com` when absent. */
  readonly apiBase?: string;
  /** Per request. A billing worker should learn of an outage in seconds, not Stripe's 80 s. */
  readonly timeoutMs?: number;
  /** Retries of timeouts, network errors, 409 and 5xx inside one call, with the same key. */
  readonly maxNetworkRetries?: number;
}

export const STRIPE_DEFAULT_TIMEOUT_MS = 15_000;
export const STRIPE_DEFAULT_MAX_NETWORK_RETRIES = 2;

/**
 * Stripe lists these as special cases whose API amounts do not follow the ISO 4217 minor unit in
 * every context. Charging them would risk a factor-of-100 error, so the adapter refuses them
 * until someone implements and tests Stripe's rules for each.
 */
const SPECIAL_CASE_CURRENCIES = new Set(['ISK', 'HUF', 'TWD', 'UGX']);

/** Stripe accepts only these three refund reasons; any other text travels in the metadata. */
const STRIPE_REFUND_REASONS = new Set(['duplicate', 'fraudulent', 'requested_by_customer']);

export function paymentIntentIdempotencyKey(invoiceId: string, attempt: number): string {
  return `pi-${invoiceId}-${attempt}`;
}

export function refundIdempotencyKey(refundId: string): string {
  return `re-${refundId}`;
}

export class StripeGateway implements PaymentGateway {
  readonly name = 'stripe' as const;
  private readonly stripe: Stripe;

  constructor(options: StripeGatewayOptions) {
    this.stripe = new Stripe(options.secretKey, {
      ...apiBaseOptions(options.apiBase),
      timeout: options.timeoutMs ?? STRIPE_DEFAULT_TIMEOUT_MS,
      maxNetworkRetries: options.maxNetworkRetries ?? STRIPE_DEFAULT_MAX_NETWORK_RETRIES,
      telemetry: false,
      appInfo: { name: 'billing-ledger' },
    });
  }

  async collect(request: CollectRequest): Promise<CollectResult> {
    assertCollectable(request, this.name);
    const currency = stripeCurrency(request.amount.currency);
    const { paymentMethod } = request;
    const params: Stripe.PaymentIntentCreateParams = {
      amount: request.amount.amount,
      currency,
      payment_method: paymentMethod.token,
      ...(paymentMethod.customerId === undefined ? {} : { customer: paymentMethod.customerId }),
      confirm: true,
      off_session: true,
      // No customer is present to follow a redirect, so only methods that need none may be used.
      automatic_payment_methods: { enabled: true, allow_redirects: 'never' },
      description: `Invoice ${request.invoiceId}`,
      metadata: { invoiceId: request.invoiceId, accountId: request.accountId, attempt: String(request.attempt) },
    };
    let intent: Stripe.PaymentIntent;
    try {
      intent = await this.stripe.paymentIntents.create(params, {
        idempotencyKey: paymentIntentIdempotencyKey(request.invoiceId, request.attempt),
      });
    } catch (error: unknown) {
      return collectResultOfError(error);
    }
    return collectResultOf(intent);
  }

  async refund(request: RefundRequest): Promise<RefundResult> {
    assertPositiveMoney(request.amount);
    stripeCurrency(request.amount.currency);
    const params: Stripe.RefundCreateParams = {
      payment_intent: request.reference,
      amount: request.amount.amount,
      ...(STRIPE_REFUND_REASONS.has(request.reason) ? { reason: request.reason as Stripe.RefundCreateParams.Reason } : {}),
      metadata: { refundId: request.refundId, reason: request.reason },
    };
    let refund: Stripe.Refund;
    try {
      refund = await this.stripe.refunds.create(params, { idempotencyKey: refundIdempotencyKey(request.refundId) });
    } catch (error: unknown) {
      throw portErrorOf(error);
    }
    if (refund.status === 'failed' || refund.status === 'canceled') {
      throw new PaymentGatewayRequestRejected('stripe', `refund_${refund.status}`, `refund ${refund.id} ${refund.status}`);
    }
    return { refundReference: refund.id };
  }

  /**
   * An off-session charge needs a PaymentMethod attached to a Customer; the Customer is looked up
   * here once, when the method is recorded, and kept beside the token.
   */
  async checkPaymentMethod(token: string): Promise<PaymentMethodCheck> {
    if (!/^pm_[A-Za-z0-9_]+$/.test(token)) return { outcome: 'invalid', reason: 'not_a_payment_method_id' };
    let method: Stripe.PaymentMethod;
    try {
      method = await this.stripe.paymentMethods.retrieve(token);
    } catch (error: unknown) {
      if (error instanceof Stripe.errors.StripeInvalidRequestError && error.statusCode === 404) {
        return { outcome: 'invalid', reason: 'no_such_payment_method' };
      }
      throw portErrorOf(error);
    }
    const customer = method.customer;
    if (customer === null) return { outcome: 'invalid', reason: 'payment_method_not_attached_to_customer' };
    return { outcome: 'valid', token, customerId: typeof customer === 'string' ? customer : customer.id };
  }
}

function stripeCurrency(isoCurrency: string): string {
  if (SPECIAL_CASE_CURRENCIES.has(isoCurrency)) {
    throw new PaymentGatewayRequestRejected('stripe', 'unsupported_currency', `${isoCurrency} is a Stripe special-case currency`);
  }
  return isoCurrency.toLowerCase();
}

/** Turns `http://127.0.0.1:12111` into the client's host, port and protocol options. */
export function apiBaseOptions(apiBase: string | undefined): Pick<Stripe.StripeConfig, 'host' | 'port' | 'protocol'> {
  if (apiBase === undefined || apiBase === '') return {};
  const url = new URL(apiBase);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new InvalidGatewayRequest(`STRIPE_API_BASE must be http(s), got ${apiBase}`);
  }
  if (url.pathname !== '/' || url.search !== '') {
    throw new InvalidGatewayRequest(`STRIPE_API_BASE must have no path, got ${apiBase}`);
  }
  const protocol = url.protocol === 'http:' ? 'http' : 'https';
  const port = url.port === '' ? (protocol === 'http' ? 80 : 443) : Number(url.port);
  return { host: url.hostname, port, protocol };
}
