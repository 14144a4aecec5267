/**
 * The built-in stand-in for a card processor, for local use and tests (api.md): `tok_ok` always
 * succeeds and `tok_decline` always declines. It keeps no state, so every answer is a pure
 * function of the request and a replayed attempt gets the very same reference, just as an
 * idempotency key gives at a real processor.
 */
import {
  assertCollectable,
  assertPositiveMoney,
  CollectRequest,
  CollectResult,
  PaymentGateway,
  PaymentGatewayRequestRejected,
  PaymentMethodCheck,
  RefundRequest,
  RefundResult,
} from '../payment-gateway.port';

export const SANDBOX_TOKEN_OK = 'tok_ok';
export const SANDBOX_TOKEN_DECLINE = 'tok_decline';

/** The decline reason for `tok_decline`, Stripe's code for a plain issuer decline. */
export const SANDBOX_DECLINE_REASON = 'card_declined';

/**
 * Any other token cannot be recorded (checkPaymentMethod says `invalid`, the endpoint answers
 * 400). If one reaches `collect` anyway, say from events written before this rule, it declines
 * with this reason: a decline starts dunning and tells the vendor to fix the method, whereas a
 * thrown error would leave the invoice stuck in a retry loop.
 */
export const SANDBOX_UNKNOWN_TOKEN_REASON = 'unknown_token';

const PAYMENT_PREFIX = 'sbx_pay_';
const REFUND_PREFIX = 'sbx_re_';

export function sandboxPaymentReference(invoiceId: string, attempt: number): string {
  return `${PAYMENT_PREFIX}${invoiceId}_${attempt}`;
}

export class SandboxGateway implements PaymentGateway {
  readonly name = 'sandbox' as const;

  async collect(request: CollectRequest): Promise<CollectResult> {
    assertCollectable(request, this.name);
    const reference = sandboxPaymentReference(request.invoiceId, request.attempt);
    switch (request.paymentMethod.token) {
      case SANDBOX_TOKEN_OK:
        return { outcome: 'succeeded', reference, gateway: this.name };
      case SANDBOX_TOKEN_DECLINE:
        return { outcome: 'declined', reason: SANDBOX_DECLINE_REASON, reference };
      default:
        return { outcome: 'declined', reason: SANDBOX_UNKNOWN_TOKEN_REASON };
    }
  }

  /**
   * Being stateless, the sandbox cannot know how much of a payment is left to refund; the ledger
   * checks that before it asks. It does refuse a reference it never issued.
   */
  async refund(request: RefundRequest): Promise<RefundResult> {
    assertPositiveMoney(request.amount);
    if (!request.reference.startsWith(PAYMENT_PREFIX)) {
      throw new PaymentGatewayRequestRejected(this.name, 'unknown_payment', `no sandbox payment ${request.reference}`);
    }
    return { refundReference: `${REFUND_PREFIX}${request.refundId}` };
  }

  async checkPaymentMethod(token: string): Promise<PaymentMethodCheck> {
    if (token === SANDBOX_TOKEN_OK || token === SANDBOX_TOKEN_DECLINE) return { outcome: 'valid', token };
    return { outcome: 'invalid', reason: SANDBOX_UNKNOWN_TOKEN_REASON };
  }
}
