import { Body, Controller, Get, HttpCode, Inject, Param, Post, Put, Query, Req, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Pool } from 'pg';
import type { AccountView } from '../../../libs/domain/billing-account/account-view';
import type { BillingAccountState } from '../../../libs/domain/billing-account/billing-account.state';
import { CurrentPrincipal, Roles, type Principal } from '../../../libs/infra/auth/auth';
import type { AccountCommandInput } from '../../../libs/application/commands/billing-commands';
import type { CommandOutcome } from '../../../libs/application/commands/handle-command';
import type { IdempotencyRequest } from '../../../libs/infra/http/idempotency.interceptor';
import { PAGE_SIZE_DEFAULT, type Page } from '../../../libs/infra/http/pagination';
import { notFound } from '../../../libs/infra/http/problem';
import { ReadsFrom } from '../../../libs/infra/http/read-your-writes.guard';
import { POOL } from '../../../libs/infra/runtime-tokens';
import { checkPaymentMethod } from '../../../libs/application/payments/payment-method.check';
import { PAYMENT_GATEWAYS } from '../../../libs/application/payments/payments.tokens';
import type { PaymentGateways } from '../../../libs/payments/payment-gateways.factory';
import { listAccounts } from '../../../projections/accounts/accounts.query';
import { GetAccount } from '../../../projections/accounts/get-account.query';
import { ApiProblems } from '../common/problem-responses';
import { NoBody } from '../common/no-body';
import { PageOf } from '../common/page';
import { AccountCommand } from './account-command.handler';
import { accountAnswer, callerOf } from './account-answer';
import { AccountIdParam } from './account-id.param';
import { AccountCommandResultDto, AccountDto } from './account-view.dto';
import { AccountListQueryDto, ChangeBranchesDto, ChangeTierDto, OpenAccountDto, PaymentMethodDto, ProductCountDto, SubscribeDto } from './account.dto';

type KeyedRequest = FastifyRequest & { idempotency?: IdempotencyRequest };

/** What every command on an existing account may be refused with, besides its own rules. */
const ON_ACCOUNT = { 404: ['ACCOUNT_NOT_FOUND'], 409: ['CONCURRENCY_CONFLICT'] } as const;
const CHANGES = ['NOT_SUBSCRIBED', 'ACCOUNT_SUSPENDED', 'INVALID_STATE', 'NO_EXCHANGE_RATE'];

/** The mobile app's account and subscription endpoints, and finance's list of accounts (api.md, REST). */
@ApiTags('accounts')
@ApiBearerAuth()
@Controller('v1/accounts')
export class AccountsController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly queryBus: QueryBus,
    @Inject(POOL) private readonly pool: Pool,
    @Inject(PAYMENT_GATEWAYS) private readonly gateways: PaymentGateways,
  ) {}

  @Post()
  @Roles('vendor')
  @ApiOperation({ summary: 'Open a billing account (vendor: its own id only)' })
  @ApiCreatedResponse({ type: AccountCommandResultDto })
  @ApiProblems({ 409: ['CONCURRENCY_CONFLICT'], 422: ['ACCOUNT_ALREADY_EXISTS', 'NO_EXCHANGE_RATE'] })
  open(@Body() body: OpenAccountDto, @CurrentPrincipal() who: Principal, @Req() req: KeyedRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<AccountCommandResultDto> {
    return this.run(body.accountId, { type: 'OpenAccount', ...body }, who, req, reply);
  }

  @Get()
  @Roles('finance')
  @ReadsFrom('accounts')
  @ApiOperation({ summary: 'Accounts ordered by id, filtered by q (part of id, business name or email, any case), status, tier and currency; paginated' })
  @ApiOkResponse({ type: PageOf(AccountDto) })
  list(@Query() query: AccountListQueryDto): Promise<Page<AccountView>> {
    const { limit, cursor, ...filter } = query;
    return listAccounts(this.pool, filter, limit ?? PAGE_SIZE_DEFAULT, cursor);
  }

  @Get(':id')
  @Roles('vendor', 'finance')
  @ReadsFrom('accounts')
  @ApiOperation({ summary: 'The account: status, tier, branches, product count, grace, visibility, credit, period, open invoices' })
  @ApiOkResponse({ type: AccountDto })
  @ApiProblems({ 404: ['ACCOUNT_NOT_FOUND'] })
  async get(@Param() { id }: AccountIdParam): Promise<AccountDto> {
    const account: AccountView | undefined = await this.queryBus.execute(new GetAccount(id));
    if (!account) throw notFound('account', id);
    return account;
  }

  @Post(':id/subscription')
  @Roles('vendor')
  @ApiOperation({ summary: 'Subscribe to a tier with a number of branches' })
  @ApiCreatedResponse({ type: AccountCommandResultDto })
  @ApiProblems({ ...ON_ACCOUNT, 422: ['ALREADY_SUBSCRIBED', 'PRODUCT_LIMIT_EXCEEDED', 'NO_EXCHANGE_RATE'] })
  subscribe(@Param() { id }: AccountIdParam, @Body() body: SubscribeDto, @CurrentPrincipal() who: Principal, @Req() req: KeyedRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<AccountCommandResultDto> {
    return this.run(id, { type: 'Subscribe', ...body }, who, req, reply);
  }

  @Post(':id/subscription/tier')
  @HttpCode(200)
  @Roles('vendor')
  @ApiOperation({ summary: 'Change tier (an upgrade invoices at once; a downgrade credits the rest of the period)' })
  @ApiOkResponse({ type: AccountCommandResultDto })
  @ApiProblems({ ...ON_ACCOUNT, 422: ['TIER_UNCHANGED', 'PRODUCT_LIMIT_EXCEEDED', ...CHANGES] })
  changeTier(@Param() { id }: AccountIdParam, @Body() body: ChangeTierDto, @CurrentPrincipal() who: Principal, @Req() req: KeyedRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<AccountCommandResultDto> {
    return this.run(id, { type: 'ChangeTier', ...body }, who, req, reply);
  }

  @Post(':id/subscription/branches')
  @HttpCode(200)
  @Roles('vendor')
  @ApiOperation({ summary: 'Add (+) or remove (−) branches' })
  @ApiOkResponse({ type: AccountCommandResultDto })
  @ApiProblems({ ...ON_ACCOUNT, 422: ['BRANCHES_BELOW_MINIMUM', ...CHANGES] })
  branches(@Param() { id }: AccountIdParam, @Body() body: ChangeBranchesDto, @CurrentPrincipal() who: Principal, @Req() req: KeyedRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<AccountCommandResultDto> {
    return this.run(id, { type: 'ChangeBranches', ...body }, who, req, reply);
  }

  @Post(':id/subscription/hibernate')
  @HttpCode(200)
  @Roles('vendor')
  @ApiOperation({ summary: 'Hibernate at the end of the current period (no body)' })
  @ApiOkResponse({ type: AccountCommandResultDto })
  @ApiProblems({ ...ON_ACCOUNT, 422: ['NOT_SUBSCRIBED', 'ACCOUNT_SUSPENDED', 'INVALID_STATE'] })
  hibernate(@Param() { id }: AccountIdParam, @NoBody() _none: undefined, @CurrentPrincipal() who: Principal, @Req() req: KeyedRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<AccountCommandResultDto> {
    return this.run(id, { type: 'Hibernate' }, who, req, reply);
  }

  @Post(':id/subscription/resume')
  @HttpCode(200)
  @Roles('vendor')
  @ApiOperation({ summary: 'Resume from hibernation, or call off a scheduled one (no body)' })
  @ApiOkResponse({ type: AccountCommandResultDto })
  @ApiProblems({ ...ON_ACCOUNT, 422: ['NOT_SUBSCRIBED', 'ACCOUNT_SUSPENDED', 'INVALID_STATE', 'NO_EXCHANGE_RATE'] })
  resume(@Param() { id }: AccountIdParam, @NoBody() _none: undefined, @CurrentPrincipal() who: Principal, @Req() req: KeyedRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<AccountCommandResultDto> {
    return this.run(id, { type: 'Resume' }, who, req, reply);
  }

  @Post(':id/subscription/cancel')
  @HttpCode(200)
  @Roles('vendor')
  @ApiOperation({ summary: 'Cancel at the end of the current period (no body)' })
  @ApiOkResponse({ type: AccountCommandResultDto })
  @ApiProblems({ ...ON_ACCOUNT, 422: ['NOT_SUBSCRIBED', 'ACCOUNT_SUSPENDED', 'INVALID_STATE'] })
  cancel(@Param() { id }: AccountIdParam, @NoBody() _none: undefined, @CurrentPrincipal() who: Principal, @Req() req: KeyedRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<AccountCommandResultDto> {
    return this.run(id, { type: 'Cancel' }, who, req, reply);
  }

  @Put(':id/product-count')
  @Roles('vendor')
  @ApiOperation({ summary: 'Report the absolute product count' })
  @ApiOkResponse({ type: AccountCommandResultDto })
  @ApiProblems({ ...ON_ACCOUNT, 422: ['NO_EXCHANGE_RATE'] })
  productCount(@Param() { id }: AccountIdParam, @Body() body: ProductCountDto, @CurrentPrincipal() who: Principal, @Req() req: KeyedRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<AccountCommandResultDto> {
    return this.run(id, { type: 'ReportProductCount', ...body }, who, req, reply);
  }

  @Put(':id/payment-method')
  @Roles('vendor')
  @ApiOperation({ summary: 'Set the payment method (checked with the gateway first); open invoices are then collected' })
  @ApiOkResponse({ type: AccountCommandResultDto })
  @ApiProblems({ ...ON_ACCOUNT, 422: ['GATEWAY_NOT_CONFIGURED'], 503: ['GATEWAY_UNAVAILABLE'] })
  async paymentMethod(@Param() { id }: AccountIdParam, @Body() body: PaymentMethodDto, @CurrentPrincipal() who: Principal, @Req() req: KeyedRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<AccountCommandResultDto> {
    const { customerId } = await checkPaymentMethod(this.gateways, body.gateway, body.token);
    return this.run(id, { type: 'SetPaymentMethod', gateway: body.gateway, token: body.token, ...(customerId ? { customerId } : {}) }, who, req, reply);
  }

  private async run(accountId: string, input: AccountCommandInput, who: Principal, req: KeyedRequest, reply: FastifyReply): Promise<AccountCommandResultDto> {
    const outcome: CommandOutcome<BillingAccountState> = await this.commandBus.execute(new AccountCommand(accountId, input, callerOf(who, req)));
    return accountAnswer(outcome, reply);
  }
}
