import { isGatewayName, PaymentGatewayUnavailable } from '../../payments/payment-gateway.port';
import { gatewayFor, GatewayNotConfigured, type PaymentGateways } from '../../payments/payment-gateways.factory';
import { Problem } from '../../infra/http/problem';
import { VALIDATION_DETAIL } from '../../infra/http/validation.pipe';
import { rejectionSentence } from '../../domain/rejections';

/**
 * PUT /v1/accounts/{id}/payment-method asks the gateway first whether the token can be charged
 * off-session later: an unusable token is a 400 and nothing is recorded. For Stripe the answer
 * names the PaymentMethod's Customer, which SetPaymentMethod records for the collector's
 * off-session charges.
 */
export async function checkPaymentMethod(gateways: PaymentGateways, gatewayName: string, token: string): Promise<{ customerId?: string }> {
  if (!isGatewayName(gatewayName)) throw new Problem(400, 'VALIDATION_FAILED', VALIDATION_DETAIL, [{ field: 'gateway', message: 'gateway must be one of sandbox, stripe' }]);
  let check;
  try {
    check = await gatewayFor(gateways, gatewayName).checkPaymentMethod(token);
  } catch (error) {
    if (error instanceof GatewayNotConfigured) throw new Problem(422, 'GATEWAY_NOT_CONFIGURED', rejectionSentence('GATEWAY_NOT_CONFIGURED', `${gatewayName} was asked for`));
    if (error instanceof PaymentGatewayUnavailable) throw new Problem(503, 'GATEWAY_UNAVAILABLE', 'The payment gateway is unavailable and the payment method was not set. Retry after the seconds Retry-After gives.', undefined, { 'retry-after': '5' });
    throw error;
  }
  if (check.outcome === 'invalid') {
    throw new Problem(400, 'VALIDATION_FAILED', `The ${gatewayName} gateway cannot charge this token (${check.reason}). Send a token the gateway accepts.`, [{ field: 'token', message: `token must be one the ${gatewayName} gateway can charge: ${check.reason}` }]);
  }
  return check.customerId === undefined ? {} : { customerId: check.customerId };
}
