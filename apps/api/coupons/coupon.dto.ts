import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsOptional, ValidateNested } from 'class-validator';
import { DISCOUNT_END_REASONS, type DiscountEndReason } from '../../../libs/domain/billing-account/billing-account.events';
import {
  AMOUNT_OFF_GBP_MAX, COUPON_CODE_ACCEPTED, COUPON_CODE_PATTERN, DISCOUNT_DURATIONS, MAX_REDEMPTIONS_MAX, MONTHS_MAX, PERCENT_OFF_ACCEPTED, PERCENT_OFF_PATTERN, type DiscountDuration,
} from '../../../libs/domain/coupons/coupon-terms';
import type { Page } from '../../../libs/infra/http/pagination';
import { REDEMPTION_STATUSES, type RedemptionStatus } from '../../../projections/coupons/coupons.evolve';
import { EnumField, InstantField, IntegerField, PatternField } from '../common/fields';
import { MoneyView } from '../common/money.dto';
import { PageOf } from '../common/page';

/**
 * Request and response bodies of the coupon endpoints (api.md; billing-rules.md, Discounts). The
 * field decorators check each field's own shape; the rules between fields (exactly one of
 * percentOff and amountOff, months only for repeating, redeemBy in the future) are the domain's,
 * which names each field at fault the same way.
 */
const CODE_FIELD = { example: 'SPRING-25', description: 'The coupon code: capitals, digits and -, taken as written' };

export class CouponCodeParam {
  @PatternField(COUPON_CODE_PATTERN, COUPON_CODE_ACCEPTED, CODE_FIELD)
  code!: string;
}

export class GbpAmountDto {
  @IntegerField(1, AMOUNT_OFF_GBP_MAX, { example: 500, description: 'GBP pence, above 0; converted into the account currency at each issue like a line' })
  amount!: number;

  @EnumField(['GBP'], { example: 'GBP', description: 'Always GBP, the price book currency' })
  currency!: 'GBP';
}

export class CreateCouponDto {
  @PatternField(COUPON_CODE_PATTERN, COUPON_CODE_ACCEPTED, { ...CODE_FIELD, description: 'Unique, for good: an archived coupon keeps its code' })
  code!: string;

  @PatternField(PERCENT_OFF_PATTERN, PERCENT_OFF_ACCEPTED, { required: false, example: '25', description: 'Above 0 and at most 100, at most two decimals. Exactly one of percentOff and amountOff.' })
  percentOff?: string;

  @ApiProperty({ type: GbpAmountDto, required: false, description: 'Exactly one of percentOff and amountOff' })
  @IsOptional()
  @ValidateNested()
  @Type(() => GbpAmountDto)
  amountOff?: GbpAmountDto;

  @EnumField(DISCOUNT_DURATIONS, { example: 'repeating', description: 'once: the first document it changes; repeating: for months; forever: until removed or replaced' })
  duration!: DiscountDuration;

  @IntegerField(1, MONTHS_MAX, { required: false, example: 3, description: 'Only, and always, with duration repeating' })
  months?: number;

  @InstantField({ required: false, example: '2026-06-30T23:59:59Z', description: 'In the future; after this instant the coupon takes no new redemptions' })
  redeemBy?: string;

  @IntegerField(1, MAX_REDEMPTIONS_MAX, { required: false, example: 100, description: 'Redemptions it takes at most (released ones do not count)' })
  maxRedemptions?: number;
}

export class RedeemCouponDto {
  @PatternField(COUPON_CODE_PATTERN, COUPON_CODE_ACCEPTED, CODE_FIELD)
  code!: string;
}

export class CouponDto {
  @ApiProperty({ example: 'SPRING-25' })
  code!: string;

  @ApiProperty({ type: String, nullable: true, example: '25', description: 'A decimal string; null for an amount coupon' })
  percentOff!: string | null;

  @ApiProperty({ type: MoneyView, nullable: true, description: 'In GBP; null for a percent coupon' })
  amountOff!: MoneyView | null;

  @ApiProperty({ enum: DISCOUNT_DURATIONS })
  duration!: DiscountDuration;

  @ApiProperty({ type: 'integer', nullable: true, description: 'Months of a repeating coupon; null otherwise' })
  months!: number | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  redeemBy!: string | null;

  @ApiProperty({ type: 'integer', nullable: true })
  maxRedemptions!: number | null;

  @ApiProperty({ type: 'integer', description: 'Redemptions that hold a unit: every one but those released' })
  timesRedeemed!: number;

  @ApiProperty({ enum: ['active', 'archived'] })
  status!: 'active' | 'archived';

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  archivedAt!: string | null;
}

export class RedemptionDto {
  @ApiProperty()
  redemptionId!: string;

  @ApiProperty({ example: 'acme-bakery' })
  accountId!: string;

  @ApiProperty({ format: 'date-time' })
  redeemedAt!: string;

  @ApiProperty({ enum: REDEMPTION_STATUSES, description: 'pending until the account applies it; released when the account refused it and the unit went back' })
  status!: RedemptionStatus;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  appliedAt!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  endedAt!: string | null;

  @ApiProperty({ enum: [...DISCOUNT_END_REASONS, 'released'], nullable: true, description: 'Why the discount stopped, or released; null while pending or active' })
  endReason!: DiscountEndReason | 'released' | null;
}

export class CouponDetailDto extends CouponDto {
  @ApiProperty({ type: PageOf(RedemptionDto), description: 'Newest first; limit and cursor page through them' })
  redemptions!: Page<RedemptionDto>;
}

export class CouponCommandResultDto {
  @ApiProperty({ type: CouponDto, description: 'The coupon as the command left it' })
  coupon!: CouponDto;

  @ApiProperty({ example: '0000000000000a1f-0000000000000042', description: 'Send as ?after= to read your own write' })
  position!: string;
}
