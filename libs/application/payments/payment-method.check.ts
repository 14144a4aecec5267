import { isGatewayName, PaymentGatewayUnavailable } from '../../payments/payment-gateway.port';
import { gatewayFor, GatewayNotConfigured, type PaymentGateways } from '../../payments/payment-gateways.factory';
import { Problem } from '../../infra/http/problem';

/**
 * PUT /v1/accounts/{id}/payment-method asks the gateway first whether the token can be charged
 * off-session later: an unusable token is a 400 and nothing is recorded. For Stripe the answer
 * names the PaymentMethod's Customer, which SetPaymentMethod records for the collector's
 * off-session charges.
 */
export async function checkPaymentMethod(gateways: PaymentGateways, gatewayName: string, token: string): Promise<{ customerId?: string }> {
  if (!isGatewayName(gatewayName)) throw new Problem(400, 'VALIDATION_FAILED', 'gateway must be sandbox or stripe', [{ field: 'gateway', message: 'unknown gateway' }]);
  let check;
  try {
    check = await gatewayFor(gateways, gatewayName).checkPaymentMethod(token);
  } catch (error) {
    if (error instanceof GatewayNotConfigured) throw new Problem(422, 'GATEWAY_NOT_CONFIGURED', `the ${gatewayName} gateway is not configured here`);
    if (error instanceof PaymentGatewayUnavailable) throw new Problem(503, 'GATEWAY_UNAVAILABLE', 'the payment gateway is unavailable; retry later', undefined, { 'retry-after': '5' });
    throw error;
  }
  if (check.outcome === 'invalid') {
    throw new Problem(400, 'VALIDATION_FAILED', `the ${gatewayName} gateway cannot charge this token: ${check.reason}`, [{ field: 'token', message: check.reason }]);
  }
  return check.customerId === undefined ? {} : { customerId: check.customerId };
}
