import { Body, Controller, Delete, HttpCode, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { BillingAccountState } from '../../../libs/domain/billing-account/billing-account.state';
import { CouponCommands } from '../../../libs/application/coupons/coupon-commands';
import type { CommandOutcome } from '../../../libs/application/commands/handle-command';
import { CurrentPrincipal, Roles, type Principal } from '../../../libs/infra/auth/auth';
import type { IdempotencyRequest } from '../../../libs/infra/http/idempotency.interceptor';
import { AccountCommand } from '../accounts/account-command.handler';
import { accountAnswer, callerOf } from '../accounts/account-answer';
import { AccountIdParam } from '../accounts/account-id.param';
import { AccountCommandResultDto } from '../accounts/account-view.dto';
import { NoBody } from '../common/no-body';
import { ApiProblems } from '../common/problem-responses';
import { RedeemCouponDto } from './coupon.dto';

type KeyedRequest = FastifyRequest & { idempotency?: IdempotencyRequest };

/** An account's discount: a vendor redeems a code for itself (finance for any account); finance removes it. */
@ApiTags('accounts')
@ApiBearerAuth()
@Controller('v1/accounts/:id/discount')
export class AccountDiscountController {
  constructor(
    @Inject(CouponCommands) private readonly coupons: CouponCommands,
    private readonly commandBus: CommandBus,
  ) {}

  @Post()
  @Roles('vendor', 'finance')
  @ApiOperation({ summary: "Redeem a coupon: it becomes the account's discount, replacing any other from now" })
  @ApiCreatedResponse({ type: AccountCommandResultDto })
  @ApiProblems({ 404: ['ACCOUNT_NOT_FOUND', 'COUPON_NOT_FOUND'], 409: ['CONCURRENCY_CONFLICT'], 422: ['COUPON_NOT_REDEEMABLE', 'COUPON_ALREADY_APPLIED'] })
  async redeem(@Param() { id }: AccountIdParam, @Body() body: RedeemCouponDto, @CurrentPrincipal() who: Principal, @Req() req: KeyedRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<AccountCommandResultDto> {
    return accountAnswer(await this.coupons.redeem(id, body.code, callerOf(who, req)), reply);
  }

  @Delete()
  @HttpCode(200)
  @Roles('finance')
  @ApiOperation({ summary: "Remove the account's discount from now (no body)" })
  @ApiOkResponse({ type: AccountCommandResultDto })
  @ApiProblems({ 404: ['ACCOUNT_NOT_FOUND', 'DISCOUNT_NOT_FOUND'], 409: ['CONCURRENCY_CONFLICT'] })
  async remove(@Param() { id }: AccountIdParam, @NoBody() _none: undefined, @CurrentPrincipal() who: Principal, @Req() req: KeyedRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<AccountCommandResultDto> {
    const outcome: CommandOutcome<BillingAccountState> = await this.commandBus.execute(new AccountCommand(id, { type: 'RemoveDiscount' }, callerOf(who, req)));
    return accountAnswer(outcome, reply);
  }
}
