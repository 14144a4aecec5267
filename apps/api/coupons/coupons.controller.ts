import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Pool } from 'pg';
import type { CouponState } from '../../../libs/domain/coupons/coupon.decider';
import { CouponCommands } from '../../../libs/application/coupons/coupon-commands';
import type { CommandOutcome } from '../../../libs/application/commands/handle-command';
import { CurrentPrincipal, Roles, type Principal } from '../../../libs/infra/auth/auth';
import type { IdempotencyRequest } from '../../../libs/infra/http/idempotency.interceptor';
import { notFound, Problem } from '../../../libs/infra/http/problem';
import { waitForPosition } from '../../../libs/infra/projections/read-your-writes';
import { POOL } from '../../../libs/infra/runtime-tokens';
import { couponView, decodeCouponCursor, decodeRedemptionCursor, findCoupon, listCoupons, type CouponView } from '../../../projections/coupons/coupons.query';
import { InvoiceListQueryDto } from '../finance/finance.dto';
import { DEFAULT_PAGE_SIZE } from '../finance/invoices.controller';
import { CouponAnswerDto, CouponCodeParam, CouponDetailDto, CouponPageDto, CreateCouponDto } from './coupon.dto';

type KeyedRequest = FastifyRequest & { idempotency?: IdempotencyRequest };

const CODE_PARAM = { name: 'code', description: 'The coupon code, 3–32 of A–Z, 0–9 and -', example: 'SPRING-25' };

/** The coupon as its own stream has it, in the shape the coupons read model answers. */
function couponOf(state: CouponState): CouponView {
  if (state.terms === null || state.createdAt === null) throw new Error('a coupon command answered without a coupon');
  return couponView({ ...state.terms, redeemBy: state.redeemBy, maxRedemptions: state.maxRedemptions, createdAt: state.createdAt, archivedAt: state.archivedAt, timesRedeemed: state.redeemed });
}

function badCursor(): Problem {
  return new Problem(400, 'VALIDATION_FAILED', 'the cursor is not one this endpoint handed out', [{ field: 'cursor', message: 'cursor must be a nextCursor this endpoint returned' }]);
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
  @ApiCreatedResponse({ type: CouponAnswerDto })
  @ApiResponse({ status: 400, description: 'VALIDATION_FAILED, naming each field' })
  @ApiResponse({ status: 422, description: 'COUPON_ALREADY_EXISTS' })
  async create(@Body() body: CreateCouponDto, @CurrentPrincipal() who: Principal, @Req() req: KeyedRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    const { amountOff, ...rest } = body;
    const outcome = await this.coupons.create({ ...rest, amountOffGbp: amountOff?.amount }, this.caller(who, req));
    return this.answer(outcome, reply);
  }

  @Get()
  @Roles('finance')
  @ApiOperation({ summary: 'Every coupon by code, with its redemption count; paginated with limit and cursor' })
  @ApiOkResponse({ type: CouponPageDto })
  @ApiResponse({ status: 400, description: 'VALIDATION_FAILED (limit, cursor or after)' })
  async list(@Query() query: InvoiceListQueryDto, @Res({ passthrough: true }) reply: FastifyReply) {
    if (query.cursor !== undefined && decodeCouponCursor(query.cursor) === undefined) throw badCursor();
    await this.catchUp(query.after, reply);
    return listCoupons(this.pool, query.limit ?? DEFAULT_PAGE_SIZE, query.cursor);
  }

  @Get(':code')
  @Roles('finance')
  @ApiOperation({ summary: 'One coupon and its redemptions, newest first (limit and cursor page through the redemptions)' })
  @ApiParam(CODE_PARAM)
  @ApiOkResponse({ type: CouponDetailDto })
  @ApiResponse({ status: 404, description: 'COUPON_NOT_FOUND' })
  async get(@Param() { code }: CouponCodeParam, @Query() query: InvoiceListQueryDto, @Res({ passthrough: true }) reply: FastifyReply) {
    if (query.cursor !== undefined && decodeRedemptionCursor(query.cursor) === undefined) throw badCursor();
    await this.catchUp(query.after, reply);
    const coupon = await findCoupon(this.pool, code, query.limit ?? DEFAULT_PAGE_SIZE, query.cursor);
    if (!coupon) throw notFound('coupon', code);
    return coupon;
  }

  @Post(':code/archive')
  @HttpCode(200)
  @Roles('finance')
  @ApiOperation({ summary: 'Archive a coupon: no new redemptions; discounts already applied keep working' })
  @ApiParam(CODE_PARAM)
  @ApiOkResponse({ type: CouponAnswerDto })
  @ApiResponse({ status: 404, description: 'COUPON_NOT_FOUND' })
  async archive(@Param() { code }: CouponCodeParam, @CurrentPrincipal() who: Principal, @Req() req: KeyedRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.answer(await this.coupons.archive(code, this.caller(who, req)), reply);
  }

  private caller(who: Principal, req: KeyedRequest) {
    return { actor: who.sub, role: who.role, idempotencyKey: req.idempotency?.key, requestHash: req.idempotency?.requestHash };
  }

  private answer(outcome: CommandOutcome<CouponState>, reply: FastifyReply) {
    if (outcome.replayed) void reply.header('idempotent-replayed', 'true');
    return { coupon: couponOf(outcome.state), position: outcome.position };
  }

  private async catchUp(after: string | undefined, reply: FastifyReply): Promise<void> {
    if (after && !(await waitForPosition(this.pool, ['coupons'], after))) void reply.header('x-read-model-behind', 'true');
  }
}
