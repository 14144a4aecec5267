import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Pool } from 'pg';
import type { CouponState } from '../../../libs/domain/coupons/coupon.decider';
import { invariant } from '../../../libs/domain/decider';
import { CouponCommands } from '../../../libs/application/coupons/coupon-commands';
import type { CommandOutcome } from '../../../libs/application/commands/handle-command';
import { CurrentPrincipal, Roles, type Principal } from '../../../libs/infra/auth/auth';
import type { IdempotencyRequest } from '../../../libs/infra/http/idempotency.interceptor';
import { PAGE_SIZE_DEFAULT, type Page } from '../../../libs/infra/http/pagination';
import { notFound } from '../../../libs/infra/http/problem';
import { ReadsFrom } from '../../../libs/infra/http/read-your-writes.guard';
import { POOL } from '../../../libs/infra/runtime-tokens';
import { couponView, findCoupon, listCoupons, type CouponView } from '../../../projections/coupons/coupons.query';
import { callerOf } from '../accounts/account-answer';
import { NoBody } from '../common/no-body';
import { PageOf, PageQueryDto } from '../common/page';
import { ApiProblems } from '../common/problem-responses';
import { CouponCodeParam, CouponCommandResultDto, CouponDetailDto, CouponDto, CreateCouponDto } from './coupon.dto';

type KeyedRequest = FastifyRequest & { idempotency?: IdempotencyRequest };

/** The coupon as its own stream has it, in the shape the coupons read model answers. */
function couponOf(state: CouponState): CouponView {
  invariant(state.terms !== null && state.createdAt !== null, 'a coupon command answered without a coupon');
  return couponView({ ...state.terms, redeemBy: state.redeemBy, maxRedemptions: state.maxRedemptions, createdAt: state.createdAt, archivedAt: state.archivedAt, timesRedeemed: state.redeemed });
}

/** Finance's coupons (api.md; billing-rules.md, Discounts). Each coupon is a stream of its own. */
@ApiTags('coupons')
@ApiBearerAuth()
@Controller('v1/coupons')
export class CouponsController {
  constructor(
    @Inject(CouponCommands) private readonly coupons: CouponCommands,
    @Inject(POOL) private readonly pool: Pool,
  ) {}

  @Post()
  @Roles('finance')
  @ApiOperation({ summary: 'Create a coupon: exactly one of percentOff and amountOff; months only (and always) for repeating' })
  @ApiCreatedResponse({ type: CouponCommandResultDto })
  @ApiProblems({ 409: ['CONCURRENCY_CONFLICT'], 422: ['COUPON_ALREADY_EXISTS'] })
  async create(@Body() body: CreateCouponDto, @CurrentPrincipal() who: Principal, @Req() req: KeyedRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<CouponCommandResultDto> {
    const { amountOff, ...rest } = body;
    return this.answer(await this.coupons.create({ ...rest, amountOffGbp: amountOff?.amount }, callerOf(who, req)), reply);
  }

  @Get()
  @Roles('finance')
  @ReadsFrom('coupons')
  @ApiOperation({ summary: 'Every coupon by code, with its redemption count; paginated' })
  @ApiOkResponse({ type: PageOf(CouponDto) })
  list(@Query() query: PageQueryDto): Promise<Page<CouponDto>> {
    return listCoupons(this.pool, query.limit ?? PAGE_SIZE_DEFAULT, query.cursor);
  }

  @Get(':code')
  @Roles('finance')
  @ReadsFrom('coupons')
  @ApiOperation({ summary: 'One coupon and its redemptions, newest first (limit and cursor page through the redemptions)' })
  @ApiOkResponse({ type: CouponDetailDto })
  @ApiProblems({ 404: ['COUPON_NOT_FOUND'] })
  async get(@Param() { code }: CouponCodeParam, @Query() query: PageQueryDto): Promise<CouponDetailDto> {
    const coupon = await findCoupon(this.pool, code, query.limit ?? PAGE_SIZE_DEFAULT, query.cursor);
    if (!coupon) throw notFound('coupon', code);
    return coupon;
  }

  @Post(':code/archive')
  @HttpCode(200)
  @Roles('finance')
  @ApiOperation({ summary: 'Archive a coupon (no body): no new redemptions; discounts already applied keep working' })
  @ApiOkResponse({ type: CouponCommandResultDto })
  @ApiProblems({ 404: ['COUPON_NOT_FOUND'], 409: ['CONCURRENCY_CONFLICT'] })
  async archive(@Param() { code }: CouponCodeParam, @NoBody() _none: undefined, @CurrentPrincipal() who: Principal, @Req() req: KeyedRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<CouponCommandResultDto> {
    return this.answer(await this.coupons.archive(code, callerOf(who, req)), reply);
  }

  private answer(outcome: CommandOutcome<CouponState>, reply: FastifyReply): CouponCommandResultDto {
    if (outcome.replayed) void reply.header('idempotent-replayed', 'true');
    invariant(outcome.position !== undefined, 'a coupon command answered before its coupon had any event');
    return { coupon: couponOf(outcome.state), position: outcome.position };
  }
}
