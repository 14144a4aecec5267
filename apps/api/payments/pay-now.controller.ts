import { Controller, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiAcceptedResponse, ApiBearerAuth, ApiOperation, ApiParam, ApiProperty, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '../common/problem-responses';
import { Matches } from 'class-validator';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { BillingAccountState } from '../../../libs/domain/billing-account/billing-account.state';
import { CurrentPrincipal, Roles, type Principal } from '../../../libs/infra/auth/auth';
import type { CommandOutcome } from '../../../libs/application/commands/handle-command';
import type { IdempotencyRequest } from '../../../libs/infra/http/idempotency.interceptor';
import { AccountCommand } from '../accounts/account-command.handler';
import { ACCOUNT_ID_PATTERN } from '../accounts/account.dto';
import { MoneyView as MoneyAmountDto } from '../common/money.dto';

type KeyedRequest = FastifyRequest & { idempotency?: IdempotencyRequest };

class PayNowParams {
  @Matches(ACCOUNT_ID_PATTERN, { message: 'id must be 1–64 letters, digits, - or _' })
  id!: string;

  @Matches(/^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$/, { message: 'invoiceId must be 1–100 letters, digits, - or _' })
  invoiceId!: string;
}

export class PaymentRequestDto {
  @ApiProperty()
  invoiceId!: string;

  @ApiProperty({ type: MoneyAmountDto, description: 'What was left to pay, which the payment method on file is charged' })
  amount!: MoneyAmountDto;

  @ApiProperty({ description: 'The request is recorded; the charge follows at once, and its outcome (paid, or declined) shows on the invoice' })
  position!: string;
}

/**
 * "Pay now": a vendor pays an open invoice with the payment method on file. The request is an
 * event (PaymentRequested); the payment collector charges it as one more attempt, exactly as it
 * charges a renewal, so a repeated or crashed request can never charge twice.
 */
@ApiTags('payments')
@ApiBearerAuth()
@Controller('v1/accounts')
export class PayNowController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post(':id/invoices/:invoiceId/pay')
  @HttpCode(202)
  @Roles('vendor', 'finance')
  @ApiOperation({ summary: 'Pay an open invoice now with the payment method on file; the charge follows at once' })
  @ApiParam({ name: 'id', description: 'The account' })
  @ApiParam({ name: 'invoiceId', description: 'One of its open invoices' })
  @ApiAcceptedResponse({ type: PaymentRequestDto })
  @ApiProblems({ 404: ['ACCOUNT_NOT_FOUND'], 409: ['CONCURRENCY_CONFLICT'], 422: ['INVOICE_NOT_FOUND', 'INVOICE_VOID', 'INVALID_STATE', 'NO_PAYMENT_METHOD'] })
  async pay(@Param() { id, invoiceId }: PayNowParams, @CurrentPrincipal() who: Principal, @Req() req: KeyedRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<PaymentRequestDto> {
    const outcome: CommandOutcome<BillingAccountState> = await this.commandBus.execute(
      new AccountCommand(id, { type: 'RequestPayment', invoiceId }, { actor: who.sub, role: who.role, idempotencyKey: req.idempotency?.key, requestHash: req.idempotency?.requestHash }),
    );
    if (outcome.replayed) void reply.header('idempotent-replayed', 'true');
    const requested = outcome.appended.find((event) => event.type === 'PaymentRequested');
    const amount = Number(requested?.data.amount ?? 0);
    return { invoiceId, amount: { amount, currency: outcome.state.currency }, position: outcome.position ?? '' };
  }
}
