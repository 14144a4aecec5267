import { Body, Controller, Param, Put, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiParam, ApiPropertyOptional, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Matches, Max, Min, ValidateNested } from 'class-validator';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { BillingAccountState } from '../../../libs/domain/billing-account/billing-account.state';
import { CONTRACT_PRICE_GBP_MAX } from '../../../libs/domain/billing-account/contract-prices';
import type { CommandOutcome } from '../../../libs/application/commands/handle-command';
import { CurrentPrincipal, Roles, type Principal } from '../../../libs/infra/auth/auth';
import type { IdempotencyRequest } from '../../../libs/infra/http/idempotency.interceptor';
import { AccountAnswerDto } from '../coupons/coupon.dto';
import { AccountCommand } from './account-command.handler';
import { accountAnswer, callerOf } from './account-answer';
import { AccountIdParam } from './account-id.param';

type KeyedRequest = FastifyRequest & { idempotency?: IdempotencyRequest };

const PRICE = { minimum: 0, maximum: CONTRACT_PRICE_GBP_MAX, description: 'GBP pence a month' };

export class TierPricesDto {
  @ApiPropertyOptional({ ...PRICE, example: 80 }) @IsOptional() @IsInt() @Min(0) @Max(CONTRACT_PRICE_GBP_MAX) starter?: number;
  @ApiPropertyOptional({ ...PRICE, example: 250 }) @IsOptional() @IsInt() @Min(0) @Max(CONTRACT_PRICE_GBP_MAX) pro?: number;
  @ApiPropertyOptional({ ...PRICE, example: 400 }) @IsOptional() @IsInt() @Min(0) @Max(CONTRACT_PRICE_GBP_MAX) enterprise?: number;
}

/** The account's whole set of own prices: whatever it leaves out is the catalog's. */
export class ContractPricesDto {
  @ApiPropertyOptional({ type: TierPricesDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => TierPricesDto)
  tierPrices?: TierPricesDto;

  @ApiPropertyOptional({ ...PRICE, example: 60 }) @IsOptional() @IsInt() @Min(0) @Max(CONTRACT_PRICE_GBP_MAX) extraBranchPrice?: number;
  @ApiPropertyOptional({ ...PRICE, example: 0 }) @IsOptional() @IsInt() @Min(0) @Max(CONTRACT_PRICE_GBP_MAX) hibernationFee?: number;

  @ApiPropertyOptional({ example: '2026-05-01', description: 'The prices apply from the first period that starts on or after this date (today or later); by default the next period start' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'effectiveFrom must be a date YYYY-MM-DD' })
  effectiveFrom?: string;
}

/** Finance sets an account's contract prices (billing-rules.md, Contract prices). */
@ApiTags('accounts')
@ApiBearerAuth()
@Controller('v1/accounts/:id/prices')
export class ContractPricesController {
  constructor(private readonly commandBus: CommandBus) {}

  @Put()
  @Roles('finance')
  @ApiOperation({ summary: "Set the account's own prices from a period start; never prorated; a change not yet in force is replaced" })
  @ApiParam({ name: 'id', description: 'The billing account id', example: 'acme-bakery' })
  @ApiOkResponse({ type: AccountAnswerDto })
  @ApiResponse({ status: 400, description: 'VALIDATION_FAILED, naming each field (a price, an unknown tier, an effectiveFrom before today)' })
  @ApiResponse({ status: 404, description: 'ACCOUNT_NOT_FOUND' })
  async set(@Param() { id }: AccountIdParam, @Body() body: ContractPricesDto, @CurrentPrincipal() who: Principal, @Req() req: KeyedRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    const input = {
      type: 'SetContractPrices' as const,
      ...(body.tierPrices ? { tierPricesGbp: { ...body.tierPrices } } : {}),
      ...(body.extraBranchPrice !== undefined ? { extraBranchPriceGbp: body.extraBranchPrice } : {}),
      ...(body.hibernationFee !== undefined ? { hibernationFeeGbp: body.hibernationFee } : {}),
      ...(body.effectiveFrom !== undefined ? { effectiveFrom: body.effectiveFrom } : {}),
    };
    const outcome: CommandOutcome<BillingAccountState> = await this.commandBus.execute(new AccountCommand(id, input, callerOf(who, req)));
    return accountAnswer(outcome, reply);
  }
}
