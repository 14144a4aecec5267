/**
 * Builds the gateways this process can charge through, from plain values so that the config
 * layer (the lead's) stays the only reader of the environment. The sandbox is always there;
 * Stripe only when a secret key is configured.
 */
import { GatewayName, PaymentGateway } from './payment-gateway.port';
import { SandboxGateway } from './sandbox/sandbox.gateway';
import { StripeGateway } from './stripe/stripe.gateway';

export interface PaymentGatewaysOptions {
  /** STRIPE_SECRET_KEY */
  readonly stripeSecretKey?: string;
  /** STRIPE_API_BASE */
  readonly stripeApiBase?: string;
  readonly timeoutMs?: number;
  readonly maxNetworkRetries?: number;
}

export type PaymentGateways = ReadonlyMap<GatewayName, PaymentGateway>;

export function createPaymentGateways(options: PaymentGatewaysOptions = {}): PaymentGateways {
  const gateways = new Map<GatewayName, PaymentGateway>([['sandbox', new SandboxGateway()]]);
  if (options.stripeSecretKey) {
    gateways.set(
      'stripe',
      new StripeGateway({
        secretKey: options.stripeSecretKey,
        ...(options.stripeApiBase ? { apiBase: options.stripeApiBase } : {}),
        ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
        ...(options.maxNetworkRetries === undefined ? {} : { maxNetworkRetries: options.maxNetworkRetries }),
      }),
    );
  }
  return gateways;
}

/** A payment method names a gateway this process was not configured for (e.g. no Stripe key). */
export class GatewayNotConfigured extends Error {
  constructor(readonly gateway: string) {
    super(`payment gateway ${gateway} is not configured`);
    this.name = 'GatewayNotConfigured';
  }
}

export function gatewayFor(gateways: PaymentGateways, name: string): PaymentGateway {
  const gateway = gateways.get(name as GatewayName);
  if (!gateway) throw new GatewayNotConfigured(name);
  return gateway;
}
