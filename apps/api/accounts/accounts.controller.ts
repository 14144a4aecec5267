import { Body, Controller, Get, HttpCode, Inject, Param, Post, Put, Query, Req, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Pool } from 'pg';
import { accountView } from '../../../libs/domain/billing-account/account-view';
import type { BillingAccountState } from '../../../libs/domain/billing-account/billing-account.state';
import { CurrentPrincipal, Roles, type Principal } from '../../../libs/infra/auth/auth';
import type { AccountCommandInput } from '../../../libs/application/commands/billing-commands';
import type { CommandOutcome } from '../../../libs/application/commands/handle-command';
import type { IdempotencyRequest } from '../../../libs/infra/http/idempotency.interceptor';
import { notFound } from '../../../libs/infra/http/problem';
import { waitForPosition } from '../../../libs/infra/projections/read-your-writes';
import { POOL } from '../../../libs/infra/runtime-tokens';
import { checkPaymentMethod } from '../../../libs/application/payments/payment-method.check';
import { PAYMENT_GATEWAYS } from '../../../libs/application/payments/payments.tokens';
import type { PaymentGateways } from '../../../libs/payments/payment-gateways.factory';
import { GetAccount } from '../../../projections/accounts/get-account.query';
import type { AccountView } from '../../../libs/domain/billing-account/account-view';
import { AccountCommand } from './account-command.handler';
import { AccountIdParam } from './account-id.param';
import { AfterQueryDto, ChangeBranchesDto, ChangeTierDto, OpenAccountDto, PaymentMethodDto, ProductCountDto, SubscribeDto } from './account.dto';

type KeyedRequest = FastifyRequest & { idempotency?: IdempotencyRequest };

/** The mobile app's account and subscription endpoints (api.md, REST). */
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
  open(@Body() body: OpenAccountDto, @CurrentPrincipal() who: Principal, @Req() req: KeyedRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.run(body.accountId, { type: 'OpenAccount', ...body }, who, req, reply);
  }

  @Get(':id')
  @Roles('vendor', 'finance')
  @ApiOperation({ summary: 'The account: status, tier, branches, product count, grace, visibility, credit, period' })
  async get(@Param() { id }: AccountIdParam, @Query() { after }: AfterQueryDto, @Res({ passthrough: true }) reply: FastifyReply) {
    if (after && !(await waitForPosition(this.pool, ['accounts'], after))) void reply.header('x-read-model-behind', 'true');
    const account: AccountView | undefined = await this.queryBus.execute(new GetAccount(id));
    if (!account) throw notFound('account', id);
    return account;
  }

  @Post(':id/subscription')
  @Roles('vendor')
  @ApiOperation({ summary: 'Subscribe to a tier with a number of branches' })
  subscribe(@Param() { id }: AccountIdParam, @Body() body: SubscribeDto, @CurrentPrincipal() who: Principal, @Req() req: KeyedRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.run(id, { type: 'Subscribe', ...body }, who, req, reply);
  }

  @Post(':id/subscription/tier')
  @HttpCode(200)
  @Roles('vendor')
  @ApiOperation({ summary: 'Change tier (an upgrade invoices at once; a downgrade credits the rest of the period)' })
  changeTier(@Param() { id }: AccountIdParam, @Body() body: ChangeTierDto, @CurrentPrincipal() who: Principal, @Req() req: KeyedRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.run(id, { type: 'ChangeTier', ...body }, who, req, reply);
  }

  @Post(':id/subscription/branches')
  @HttpCode(200)
  @Roles('vendor')
  @ApiOperation({ summary: 'Add (+) or remove (−) branches' })
  branches(@Param() { id }: AccountIdParam, @Body() body: ChangeBranchesDto, @CurrentPrincipal() who: Principal, @Req() req: KeyedRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.run(id, { type: 'ChangeBranches', ...body }, who, req, reply);
  }

  @Post(':id/subscription/hibernate')
  @HttpCode(200)
  @Roles('vendor')
  @ApiOperation({ summary: 'Hibernate at the end of the current period' })
  hibernate(@Param() { id }: AccountIdParam, @CurrentPrincipal() who: Principal, @Req() req: KeyedRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.run(id, { type: 'Hibernate' }, who, req, reply);
  }

  @Post(':id/subscription/resume')
  @HttpCode(200)
  @Roles('vendor')
  @ApiOperation({ summary: 'Resume from hibernation (or cancel a scheduled one)' })
  resume(@Param() { id }: AccountIdParam, @CurrentPrincipal() who: Principal, @Req() req: KeyedRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.run(id, { type: 'Resume' }, who, req, reply);
  }

  @Post(':id/subscription/cancel')
  @HttpCode(200)
  @Roles('vendor')
  @ApiOperation({ summary: 'Cancel at the end of the current period' })
  cancel(@Param() { id }: AccountIdParam, @CurrentPrincipal() who: Principal, @Req() req: KeyedRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.run(id, { type: 'Cancel' }, who, req, reply);
  }

  @Put(':id/product-count')
  @Roles('vendor')
  @ApiOperation({ summary: 'Report the absolute product count' })
  productCount(@Param() { id }: AccountIdParam, @Body() body: ProductCountDto, @CurrentPrincipal() who: Principal, @Req() req: KeyedRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.run(id, { type: 'ReportProductCount', ...body }, who, req, reply);
  }

  @Put(':id/payment-method')
  @Roles('vendor')
  @ApiOperation({ summary: 'Set the payment method (checked with the gateway first); open invoices are then collected' })
  async paymentMethod(@Param() { id }: AccountIdParam, @Body() body: PaymentMethodDto, @CurrentPrincipal() who: Principal, @Req() req: KeyedRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    const { customerId } = await checkPaymentMethod(this.gateways, body.gateway, body.token);
    return this.run(id, { type: 'SetPaymentMethod', gateway: body.gateway, token: body.token, ...(customerId ? { customerId } : {}) }, who, req, reply);
  }

  private async run(accountId: string, input: AccountCommandInput, who: Principal, req: KeyedRequest, reply: FastifyReply) {
    const outcome: CommandOutcome<BillingAccountState> = await this.commandBus.execute(
      new AccountCommand(accountId, input, { actor: who.sub, role: who.role, idempotencyKey: req.idempotency?.key, requestHash: req.idempotency?.requestHash }),
    );
    if (outcome.replayed) void reply.header('idempotent-replayed', 'true');
    return { account: accountView(outcome.state), position: outcome.position };
  }
}
