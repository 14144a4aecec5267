/**
 * The port every card processor sits behind: the built-in `sandbox` stand-in and Stripe. The
 * billing worker calls `collect` for an issued invoice and `refund` for a finance refund; the
 * payment-method endpoint calls `checkPaymentMethod` before it records a token. Declines are
 * ordinary results (dunning starts); only an outage or a timeout is thrown, as
 * `PaymentGatewayUnavailable`, because then nobody knows whether money moved.
 */

/** Integer minor units and an ISO 4217 code in upper case, as everywhere in the ledger. */
export interface Money {
  readonly amount: number;
  readonly currency: string;
}

export const GATEWAY_NAMES = ['sandbox', 'stripe'] as const;
export type GatewayName = (typeof GATEWAY_NAMES)[number];

export function isGatewayName(value: string): value is GatewayName {
  return (GATEWAY_NAMES as readonly string[]).includes(value);
}

export interface PaymentMethodOnFile {
  readonly gateway: GatewayName;
  /** `tok_ok` / `tok_decline` for the sandbox; a PaymentMethod id (`pm_…`) for Stripe. */
  readonly token: string;
  /** The Stripe Customer the PaymentMethod is attached to; an off-session charge needs it. */
  readonly customerId?: string;
}

export interface CollectRequest {
  readonly invoiceId: string;
  readonly accountId: string;
  readonly amount: Money;
  readonly paymentMethod: PaymentMethodOnFile;
  /**
   * 1 for the charge at issue, then 2, 3, … for each dunning retry. Together with the invoice id
   * it is the idempotency key: repeating a call with the same attempt (after a timeout, a crash
   * or a redelivered job) can never charge twice.
   */
  readonly attempt: number;
}

export type CollectResult =
  | { readonly outcome: 'succeeded'; readonly reference: string; readonly gateway: GatewayName }
  | { readonly outcome: 'declined'; readonly reason: string; readonly reference?: string }
  /** The processor accepted the charge but settles later; a webhook carries the final outcome. */
  | { readonly outcome: 'pending'; readonly reference: string };

export interface RefundRequest {
  /**
   * The ledger's own id for this refund. It is the idempotency key at the processor, so that a
   * retried refund pays out once, while two genuine refunds of the same amount stay two.
   */
  readonly refundId: string;
  /** The reference `collect` returned for the payment being refunded. */
  readonly reference: string;
  readonly amount: Money;
  readonly reason: string;
}

export interface RefundResult {
  readonly refundReference: string;
}

export type PaymentMethodCheck =
  | { readonly outcome: 'valid'; readonly token: string; readonly customerId?: string }
  | { readonly outcome: 'invalid'; readonly reason: string };

export interface PaymentGateway {
  readonly name: GatewayName;
  collect(request: CollectRequest): Promise<CollectResult>;
  refund(request: RefundRequest): Promise<RefundResult>;
  /** Whether a token can be charged off-session later; resolves the Stripe Customer on the way. */
  checkPaymentMethod(token: string): Promise<PaymentMethodCheck>;
}

/**
 * The processor could not be reached or answered with a server error, a rate limit or a
 * timeout. The charge may or may not have happened: retry with the SAME attempt number, so the
 * idempotency key replays whatever the first call did. Never treat this as a decline.
 */
export class PaymentGatewayUnavailable extends Error {
  constructor(
    readonly gateway: GatewayName,
    readonly kind: 'timeout' | 'network' | 'server_error' | 'rate_limited' | 'conflict',
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(`${gateway} unavailable (${kind}): ${detail}`, options);
    this.name = 'PaymentGatewayUnavailable';
  }
}

/**
 * The processor refused the request itself, not the card: a bad API key, a refund of an unknown
 * payment, a refund larger than what is left, an idempotency key reused with other parameters.
 * Retrying will not help; a person has to look.
 */
export class PaymentGatewayRequestRejected extends Error {
  constructor(
    readonly gateway: GatewayName,
    readonly code: string,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(`${gateway} rejected the request (${code}): ${detail}`, options);
    this.name = 'PaymentGatewayRequestRejected';
  }
}

/** A programmer error in the request handed to a gateway (e.g. a fractional amount). */
export class InvalidGatewayRequest extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidGatewayRequest';
  }
}

export function assertCollectable(request: CollectRequest, gateway: GatewayName): void {
  if (request.paymentMethod.gateway !== gateway) {
    throw new InvalidGatewayRequest(`a ${request.paymentMethod.gateway} payment method was sent to the ${gateway} gateway`);
  }
  assertPositiveMoney(request.amount);
  if (!Number.isSafeInteger(request.attempt) || request.attempt < 1) {
    throw new InvalidGatewayRequest(`attempt must be an integer ≥ 1, got ${request.attempt}`);
  }
  if (request.invoiceId.length === 0 || request.accountId.length === 0) {
    throw new InvalidGatewayRequest('invoiceId and accountId are required');
  }
}

export function assertPositiveMoney(money: Money): void {
  if (!Number.isSafeInteger(money.amount) || money.amount <= 0) {
    throw new InvalidGatewayRequest(`amount must be a positive integer in minor units, got ${money.amount}`);
  }
  if (!/^[A-Z]{3}$/.test(money.currency)) {
    throw new InvalidGatewayRequest(`currency must be an upper-case ISO 4217 code, got ${money.currency}`);
  }
}
