/**
 * Pure translation of what Stripe answered to a confirm-off-session call into the port's terms:
 * a PaymentIntent (HTTP 200) or a thrown StripeError. A card that says no is a `declined`
 * result; anything that leaves the charge's fate unknown is `PaymentGatewayUnavailable`.
 */
import Stripe from 'stripe';
import { CollectResult, PaymentGatewayRequestRejected, PaymentGatewayUnavailable } from '../payment-gateway.port';

export function collectResultOf(intent: Stripe.PaymentIntent): CollectResult {
  switch (intent.status) {
    case 'succeeded':
      return { outcome: 'succeeded', reference: intent.id, gateway: 'stripe' };
    case 'processing':
    case 'requires_capture':
      return { outcome: 'pending', reference: intent.id };
    case 'requires_action':
      // Off-session there is no customer to complete 3-D Secure, so this attempt has failed;
      // dunning's reminder asks the vendor to authenticate or change the method.
      return { outcome: 'declined', reason: 'authentication_required', reference: intent.id };
    case 'requires_payment_method':
      return { outcome: 'declined', reason: declineReasonOf(intent.last_payment_error), reference: intent.id };
    default:
      return { outcome: 'declined', reason: intent.status, reference: intent.id };
  }
}

/** The issuer's decline code when there is one (`insufficient_funds`), else Stripe's error code. */
export function declineReasonOf(error: Stripe.PaymentIntent.LastPaymentError | null | undefined): string {
  return error?.decline_code ?? error?.code ?? 'card_declined';
}

/**
 * Returns the decline a card error stands for, or throws the port's error for everything else.
 * An invalid request naming the payment method or customer (detached, deleted) is a decline
 * too: the method on file cannot be charged, which is what dunning exists for.
 */
export function collectResultOfError(error: unknown): CollectResult {
  if (error instanceof Stripe.errors.StripeCardError) {
    return declinedFrom(error);
  }
  if (error instanceof Stripe.errors.StripeInvalidRequestError && isAboutThePaymentMethod(error)) {
    return declinedFrom(error);
  }
  throw portErrorOf(error);
}

function declinedFrom(error: Stripe.errors.StripeError): CollectResult {
  const reason = error.decline_code ?? error.code ?? 'card_declined';
  const reference = error.payment_intent?.id;
  return reference === undefined ? { outcome: 'declined', reason } : { outcome: 'declined', reason, reference };
}

function isAboutThePaymentMethod(error: Stripe.errors.StripeError): boolean {
  return error.param === 'payment_method' || error.param === 'customer' || error.payment_intent !== undefined;
}

/** Maps any failure of a Stripe call (collect or refund) to the port's two error types. */
export function portErrorOf(error: unknown): Error {
  if (error instanceof Stripe.errors.StripeConnectionError) {
    const kind = isTimeout(error) ? 'timeout' : 'network';
    return new PaymentGatewayUnavailable('stripe', kind, error.message, { cause: error });
  }
  if (error instanceof Stripe.errors.StripeRateLimitError) {
    return new PaymentGatewayUnavailable('stripe', 'rate_limited', error.message, { cause: error });
  }
  if (error instanceof Stripe.errors.StripeError) {
    const status = error.statusCode ?? 0;
    if (status === 409) return new PaymentGatewayUnavailable('stripe', 'conflict', error.message, { cause: error });
    if (status >= 500 || error instanceof Stripe.errors.StripeAPIError) {
      return new PaymentGatewayUnavailable('stripe', 'server_error', error.message, { cause: error });
    }
    return new PaymentGatewayRequestRejected('stripe', error.code ?? error.type, error.message, { cause: error });
  }
  return error instanceof Error ? error : new Error(String(error));
}

function isTimeout(error: Stripe.errors.StripeError): boolean {
  const detail = error.detail;
  return (typeof detail === 'object' && detail !== null && 'code' in detail && detail.code === 'ETIMEDOUT') || /timeout/i.test(error.message);
}
