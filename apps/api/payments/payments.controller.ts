import { Body, Controller, Get, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Pool } from 'pg';
import { accountView } from '../../../libs/domain/billing-account/account-view';
import type { BillingAccountState } from '../../../libs/domain/billing-account/billing-account.state';
import { invariant } from '../../../libs/domain/decider';
import { CurrentPrincipal, Roles, type Principal } from '../../../libs/infra/auth/auth';
import type { CommandOutcome } from '../../../libs/application/commands/handle-command';
import type { IdempotencyRequest } from '../../../libs/infra/http/idempotency.interceptor';
import { PAGE_SIZE_DEFAULT, type Page } from '../../../libs/infra/http/pagination';
import { ReadsFrom } from '../../../libs/infra/http/read-your-writes.guard';
import { POOL } from '../../../libs/infra/runtime-tokens';
import { Refunds } from '../../../libs/application/payments/refunds';
import type { PaymentActivity } from '../../../projections/account-payments/account-payments.evolve';
import { listAccountPayments } from '../../../projections/account-payments/account-payments.query';
import { AccountCommand } from '../accounts/account-command.handler';
import { AccountIdParam } from '../accounts/account-id.param';
import { pageOfKnownAccount } from '../accounts/known-account';
import { PageOf } from '../common/page';
import { ApiProblems } from '../common/problem-responses';
import { PaymentActivityDto, PaymentIdParam, PaymentListQueryDto, RecordPaymentDto, RecordPaymentResultDto, RefundDto, RefundResultDto } from './payment.dto';

type KeyedRequest = FastifyRequest & { idempotency?: IdempotencyRequest };

/** Gateway used for payments finance records by hand (bank transfers, cheques): Cash:manual. */
export const MANUAL_GATEWAY = 'manual';

/** Payments (api.md, REST): the account's payments, refunds and disputes; record a payment; refund one. */
@ApiTags('payments')
@ApiBearerAuth()
@Controller('v1')
export class PaymentsController {
  constructor(
    private readonly commandBus: CommandBus,
    @Inject(Refunds) private readonly refunds: Refunds,
    @Inject(POOL) private readonly pool: Pool,
  ) {}

  @Get('accounts/:id/payments')
  @Roles('vendor', 'finance')
  @ReadsFrom('account-payments', 'accounts')
  @ApiOperation({ summary: "The account's payments, refunds and disputes, newest first, paginated; ?invoiceId= keeps one invoice's" })
  @ApiOkResponse({ type: PageOf(PaymentActivityDto) })
  @ApiProblems({ 404: ['ACCOUNT_NOT_FOUND'] })
  async list(@Param() { id }: AccountIdParam, @Query() query: PaymentListQueryDto): Promise<Page<PaymentActivity>> {
    const page = await listAccountPayments(this.pool, id, { limit: query.limit ?? PAGE_SIZE_DEFAULT, cursor: query.cursor, invoiceId: query.invoiceId });
    return pageOfKnownAccount(this.pool, id, page, query.cursor);
  }

  @Post('accounts/:id/payments')
  @Roles('finance', 'admin')
  @ApiOperation({ summary: 'Record a payment received outside the gateways; partial payments add up, an overpayment becomes credit' })
  @ApiCreatedResponse({ type: RecordPaymentResultDto })
  @ApiProblems({ 404: ['ACCOUNT_NOT_FOUND'], 409: ['CONCURRENCY_CONFLICT'], 422: ['INVOICE_NOT_FOUND', 'INVOICE_VOID', 'CURRENCY_MISMATCH', 'PAYMENT_REFERENCE_REUSED', 'INVALID_STATE'] })
  async record(@Param() { id }: AccountIdParam, @Body() body: RecordPaymentDto, @CurrentPrincipal() who: Principal, @Req() req: KeyedRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<RecordPaymentResultDto> {
    const input = { type: 'RecordPayment' as const, invoiceId: body.invoiceId, amount: { ...body.amount }, reference: body.reference, gateway: MANUAL_GATEWAY };
    const outcome: CommandOutcome<BillingAccountState> = await this.commandBus.execute(
      new AccountCommand(id, input, { actor: who.sub, role: who.role, idempotencyKey: req.idempotency?.key, requestHash: req.idempotency?.requestHash }),
    );
    if (outcome.replayed) void reply.header('idempotent-replayed', 'true');
    const { state } = outcome;
    const payment = Object.values(state.payments).find((p) => p.reference === body.reference);
    const document = payment && state.documents[payment.invoiceId];
    invariant(payment !== undefined && document !== undefined && outcome.position !== undefined, `payment ${body.reference} is not in account ${id} after it was recorded`);
    const money = (amount: number) => ({ amount, currency: state.currency });
    return {
      payment: { paymentId: payment.paymentId, invoiceId: payment.invoiceId, amount: money(payment.amount), reference: payment.reference, gateway: payment.gateway, refunded: money(payment.refunded) },
      recorded: outcome.appended.some((event) => event.type === 'PaymentRecorded'),
      invoice: {
        invoiceId: payment.invoiceId, status: document.status, amountDue: money(document.amountDue), amountPaid: money(document.amountPaid),
        amountRemaining: money(Math.max(0, document.amountDue - document.amountPaid)),
      },
      account: accountView(state),
      position: outcome.position,
    };
  }

  @Post('payments/:paymentId/refunds')
  @Roles('finance')
  @ApiOperation({ summary: 'Refund (part of) a payment: a credit note, then a payout at the gateway that took it' })
  @ApiCreatedResponse({ type: RefundResultDto })
  @ApiProblems({
    404: ['PAYMENT_NOT_FOUND'], 409: ['CONCURRENCY_CONFLICT'],
    422: ['REFUND_EXCEEDS_PAYMENT', 'CURRENCY_MISMATCH', 'GATEWAY_NOT_CONFIGURED', 'REFUND_REJECTED_BY_GATEWAY'], 503: ['GATEWAY_UNAVAILABLE'],
  })
  async refund(@Param() { paymentId }: PaymentIdParam, @Body() body: RefundDto, @CurrentPrincipal() who: Principal, @Req() req: KeyedRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<RefundResultDto> {
    const answer = await this.refunds.refund(paymentId, { ...body.amount }, body.reason, {
      actor: who.sub, role: who.role, idempotencyKey: req.idempotency?.key, requestHash: req.idempotency?.requestHash,
    });
    if (answer.replayed) void reply.header('idempotent-replayed', 'true');
    invariant(answer.position !== undefined, `refund of ${paymentId} left no position`);
    return { refund: answer.refund, account: answer.account, position: answer.position };
  }
}
