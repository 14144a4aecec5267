/** Nest injection token for the payment gateways this process can charge through. */
export const PAYMENT_GATEWAYS = Symbol('PAYMENT_GATEWAYS');
