import { createHash } from 'node:crypto';
import type { Pool } from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { accountView, type AccountView } from '../../domain/billing-account/account-view';
import { billingAccountDecider } from '../../domain/billing-account/billing-account.decider';
import type { BillingAccountCommand } from '../../domain/billing-account/billing-account.commands';
import type { EventStore } from '../../event-store/event-store.port';
import { isGatewayName, PaymentGatewayRequestRejected, PaymentGatewayUnavailable, type Money } from '../../payments/payment-gateway.port';
import { gatewayFor, GatewayNotConfigured, type PaymentGateways } from '../../payments/payment-gateways.factory';
import type { Clock } from '../../infra/clock/clock';
import type { BillingCommands, CommandCaller } from '../commands/billing-commands';
import { notFound, Problem } from '../../infra/http/problem';
import { rejectionSentence } from '../../domain/rejections';
import { hasIdempotencyKey, readAccount, withAccountPaymentLock } from './account-history';
import { lookupAccountFresh } from '../../../projections/payment-lookup/payment-lookup.projection';
import { refundActivity, type PaymentActivity } from '../../../projections/account-payments/account-payments.evolve';
import type { RefundIssued } from '../../domain/billing-account/billing-account.events';
import { invariant } from '../../domain/decider';

/**
 * POST /v1/payments/{paymentId}/refunds. The domain decides first, on a dry run, so that a refund
 * it would refuse (more than was paid: REFUND_EXCEEDS_PAYMENT) never reaches the gateway; then the
 * money goes back at the gateway that took it; then the ledger records it. All of it under the
 * account's payment lock, so the `charge.refunded` webhook that follows sees it already recorded.
 */
export interface RefundAnswer {
  /** The refund as GET /v1/accounts/{id}/payments lists it, with the gateway's own reference for it. */
  readonly refund: PaymentActivity & { readonly gatewayReference: string | null };
  readonly account: AccountView;
  readonly position: string | undefined;
  readonly replayed: boolean;
}

export class Refunds {
  constructor(
    private readonly pool: Pool,
    private readonly store: EventStore,
    private readonly commands: BillingCommands,
    private readonly gateways: PaymentGateways,
    private readonly clock: Clock,
  ) {}

  async refund(paymentId: string, amount: Money, reason: string, caller: CommandCaller): Promise<RefundAnswer> {
    const accountId = await lookupAccountFresh(this.pool, () => this.store.headPosition(), 'payment', paymentId);
    if (accountId === undefined) throw notFound('payment', paymentId);
    return withAccountPaymentLock(this.pool, accountId, async () => {
      const command = { type: 'RefundPayment' as const, paymentId, amount, reason };
      const history = await readAccount(this.store, accountId);
      const repeat = caller.idempotencyKey !== undefined && hasIdempotencyKey(history.events, caller.idempotencyKey);
      let gatewayReference: string | null = null;
      if (!repeat) {
        const now = this.clock.now().toISOString();
        billingAccountDecider.decide({ ...command, now } as BillingAccountCommand, history.state, await this.commands.context());
        gatewayReference = await this.payOut(history.state.payments[paymentId], amount, reason, caller);
      }
      const outcome = await this.commands.execute(accountId, command, caller);
      const appended = outcome.appended.find((event) => event.type === 'RefundIssued');
      const recorded = appended ?? (await readAccount(this.store, accountId)).events.findLast((event) => event.type === 'RefundIssued' && event.metadata.idempotencyKey === caller.idempotencyKey);
      invariant(recorded !== undefined, `refund of ${paymentId} succeeded without a RefundIssued event`);
      const refund = { ...refundActivity(recorded.data as RefundIssued['data']), gatewayReference };
      return { refund, account: accountView(outcome.state), position: outcome.position, replayed: outcome.replayed || repeat };
    });
  }

  /** Pays the money back where it came from; payments recorded by hand (bank transfers) have no gateway to call. */
  private async payOut(payment: { gateway: string; reference: string }, amount: Money, reason: string, caller: CommandCaller): Promise<string | null> {
    if (!isGatewayName(payment.gateway)) return null;
    // The same request repeated (same caller and Idempotency-Key) must pay out once.
    const refundId = caller.idempotencyKey ? createHash('sha256').update(`${caller.actor}\n${caller.idempotencyKey}`).digest('hex').slice(0, 32) : uuidv7();
    try {
      const result = await gatewayFor(this.gateways, payment.gateway).refund({ refundId, reference: payment.reference, amount, reason });
      return result.refundReference;
    } catch (error) {
      if (error instanceof GatewayNotConfigured) throw new Problem(422, 'GATEWAY_NOT_CONFIGURED', rejectionSentence('GATEWAY_NOT_CONFIGURED', `${payment.gateway} took this payment`));
      if (error instanceof PaymentGatewayUnavailable) throw new Problem(503, 'GATEWAY_UNAVAILABLE', 'The payment gateway is unavailable and nothing was refunded. Retry after the seconds Retry-After gives.', undefined, { 'retry-after': '5' });
      if (error instanceof PaymentGatewayRequestRejected) throw new Problem(422, 'REFUND_REJECTED_BY_GATEWAY', rejectionSentence('REFUND_REJECTED_BY_GATEWAY', error.message));
      throw error;
    }
  }
}
