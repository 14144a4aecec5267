import { Body, Controller, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { accountView } from '../../../libs/domain/billing-account/account-view';
import type { BillingAccountState } from '../../../libs/domain/billing-account/billing-account.state';
import { CurrentPrincipal, Roles, type Principal } from '../../../libs/infra/auth/auth';
import type { CommandOutcome } from '../../../libs/application/commands/handle-command';
import type { IdempotencyRequest } from '../../../libs/infra/http/idempotency.interceptor';
import { Refunds } from '../../../libs/application/payments/refunds';
import { AccountCommand } from '../accounts/account-command.handler';
import { AccountIdParam } from '../accounts/account-id.param';
import { PaymentIdParam, RecordPaymentDto, RefundDto } from './payment.dto';

type KeyedRequest = FastifyRequest & { idempotency?: IdempotencyRequest };

/** Gateway used for payments finance records by hand (bank transfers, cheques): Cash:manual. */
export const MANUAL_GATEWAY = 'manual';

/** Finance's payment endpoints (api.md, REST): record a payment, refund one. */
@ApiTags('payments')
@ApiBearerAuth()
@Controller('v1')
export class PaymentsController {
  constructor(
    private readonly commandBus: CommandBus,
    @Inject(Refunds) private readonly refunds: Refunds,
  ) {}

  @Post('accounts/:id/payments')
  @Roles('finance', 'admin')
  @ApiOperation({ summary: 'Record a payment received outside the gateways; partial payments add up, an overpayment becomes credit' })
  async record(@Param() { id }: AccountIdParam, @Body() body: RecordPaymentDto, @CurrentPrincipal() who: Principal, @Req() req: KeyedRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    const input = { type: 'RecordPayment' as const, invoiceId: body.invoiceId, amount: { ...body.amount }, reference: body.reference, gateway: MANUAL_GATEWAY };
    const outcome: CommandOutcome<BillingAccountState> = await this.commandBus.execute(
      new AccountCommand(id, input, { actor: who.sub, role: who.role, idempotencyKey: req.idempotency?.key, requestHash: req.idempotency?.requestHash }),
    );
    if (outcome.replayed) void reply.header('idempotent-replayed', 'true');
    const payment = Object.values(outcome.state.payments).find((p) => p.reference === body.reference);
    const recorded = outcome.appended.find((event) => event.type === 'PaymentRecorded');
    return {
      payment: payment && {
        paymentId: payment.paymentId, invoiceId: payment.invoiceId, amount: { amount: payment.amount, currency: outcome.state.currency },
        reference: payment.reference, gateway: payment.gateway, refunded: { amount: payment.refunded, currency: outcome.state.currency },
      },
      recorded: recorded !== undefined,
      invoice: payment && invoiceOf(outcome.state, payment.invoiceId),
      account: accountView(outcome.state),
      position: outcome.position,
    };
  }

  @Post('payments/:paymentId/refunds')
  @Roles('finance')
  @ApiOperation({ summary: 'Refund (part of) a payment: a credit note, then a payout at the gateway that took it' })
  async refund(@Param() { paymentId }: PaymentIdParam, @Body() body: RefundDto, @CurrentPrincipal() who: Principal, @Req() req: KeyedRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    const answer = await this.refunds.refund(paymentId, { ...body.amount }, body.reason, {
      actor: who.sub, role: who.role, idempotencyKey: req.idempotency?.key, requestHash: req.idempotency?.requestHash,
    });
    if (answer.replayed) void reply.header('idempotent-replayed', 'true');
    return { refund: answer.refund, account: answer.account, position: answer.position };
  }
}

function invoiceOf(state: BillingAccountState, invoiceId: string) {
  const document = state.documents[invoiceId];
  if (!document) return undefined;
  const money = (amount: number) => ({ amount, currency: document.currency });
  return {
    invoiceId, status: document.status, amountDue: money(document.amountDue), amountPaid: money(document.amountPaid),
    amountRemaining: money(Math.max(0, document.amountDue - document.amountPaid)),
  };
}
