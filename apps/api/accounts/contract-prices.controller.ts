import { Body, Controller, Param, Put, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsOptional, ValidateNested } from 'class-validator';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { BillingAccountState } from '../../../libs/domain/billing-account/billing-account.state';
import { CONTRACT_PRICE_GBP_MAX } from '../../../libs/domain/billing-account/contract-prices';
import type { CommandOutcome } from '../../../libs/application/commands/handle-command';
import { CurrentPrincipal, Roles, type Principal } from '../../../libs/infra/auth/auth';
import type { IdempotencyRequest } from '../../../libs/infra/http/idempotency.interceptor';
import { DateField, IntegerField } from '../common/fields';
import { ApiProblems } from '../common/problem-responses';
import { AccountCommand } from './account-command.handler';
import { accountAnswer, callerOf } from './account-answer';
import { AccountIdParam } from './account-id.param';
import { AccountCommandResultDto } from './account-view.dto';

type KeyedRequest = FastifyRequest & { idempotency?: IdempotencyRequest };

const price = (example: number) => IntegerField(0, CONTRACT_PRICE_GBP_MAX, { required: false, example, description: 'GBP pence a month' });

export class TierPricesDto {
  @price(80) starter?: number;
  @price(250) pro?: number;
  @price(400) enterprise?: number;
}

/** The account's whole set of own prices: whatever it leaves out is the catalog's. */
export class ContractPricesDto {
  @ApiProperty({ type: TierPricesDto, required: false, description: 'The tiers with a price of their own' })
  @IsOptional()
  @ValidateNested()
  @Type(() => TierPricesDto)
  tierPrices?: TierPricesDto;

  @price(60) extraBranchPrice?: number;
  @price(0) hibernationFee?: number;

  @DateField({ required: false, example: '2026-05-01', description: 'The prices apply from the first period that starts on or after this date (today or later); by default the next period start' })
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
  @ApiOkResponse({ type: AccountCommandResultDto })
  @ApiProblems({ 404: ['ACCOUNT_NOT_FOUND'], 409: ['CONCURRENCY_CONFLICT'] })
  async set(@Param() { id }: AccountIdParam, @Body() body: ContractPricesDto, @CurrentPrincipal() who: Principal, @Req() req: KeyedRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<AccountCommandResultDto> {
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
