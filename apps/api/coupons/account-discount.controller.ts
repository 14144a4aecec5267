import { Body, Controller, Delete, HttpCode, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { BillingAccountState } from '../../../libs/domain/billing-account/billing-account.state';
import { CouponCommands } from '../../../libs/application/coupons/coupon-commands';
import type { CommandOutcome } from '../../../libs/application/commands/handle-command';
import { CurrentPrincipal, Roles, type Principal } from '../../../libs/infra/auth/auth';
import type { IdempotencyRequest } from '../../../libs/infra/http/idempotency.interceptor';
import { AccountCommand } from '../accounts/account-command.handler';
import { accountAnswer, callerOf } from '../accounts/account-answer';
import { AccountIdParam } from '../accounts/account-id.param';
import { AccountAnswerDto, RedeemCouponDto } from './coupon.dto';

type KeyedRequest = FastifyRequest & { idempotency?: IdempotencyRequest };

const ID_PARAM = { name: 'id', description: 'The billing account id', example: 'acme-bakery' };

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
  @ApiParam(ID_PARAM)
  @ApiCreatedResponse({ type: AccountAnswerDto })
  @ApiResponse({ status: 400, description: 'VALIDATION_FAILED' })
  @ApiResponse({ status: 404, description: 'ACCOUNT_NOT_FOUND or COUPON_NOT_FOUND' })
  @ApiResponse({ status: 422, description: 'COUPON_NOT_REDEEMABLE (archived, past redeemBy, or maxRedemptions reached) or COUPON_ALREADY_APPLIED' })
  async redeem(@Param() { id }: AccountIdParam, @Body() body: RedeemCouponDto, @CurrentPrincipal() who: Principal, @Req() req: KeyedRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return accountAnswer(await this.coupons.redeem(id, body.code, callerOf(who, req)), reply);
  }

  @Delete()
  @Roles('finance')
  @ApiOperation({ summary: "Remove the account's discount from now" })
  @ApiParam(ID_PARAM)
  @ApiOkResponse({ type: AccountAnswerDto })
  @ApiResponse({ status: 404, description: 'ACCOUNT_NOT_FOUND, or DISCOUNT_NOT_FOUND when the account has none' })
  @HttpCode(200)
  async remove(@Param() { id }: AccountIdParam, @CurrentPrincipal() who: Principal, @Req() req: KeyedRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    const outcome: CommandOutcome<BillingAccountState> = await this.commandBus.execute(new AccountCommand(id, { type: 'RemoveDiscount' }, callerOf(who, req)));
    return accountAnswer(outcome, reply);
  }
}
