import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, Matches, Max, Min, ValidateNested } from 'class-validator';
import { AMOUNT_OFF_GBP_MAX, COUPON_CODE_PATTERN, MAX_REDEMPTIONS_MAX, MONTHS_MAX } from '../../../libs/domain/coupons/coupon-terms';

/** Request and response bodies of the coupon endpoints (api.md; billing-rules.md, Discounts). */
const CODE_MESSAGE = 'code must be 3–32 capital letters, digits or -, such as SPRING-25';
const DURATIONS = ['once', 'repeating', 'forever'] as const;

export class CouponCodeParam {
  @ApiProperty({ example: 'SPRING-25', pattern: COUPON_CODE_PATTERN.source })
  @Matches(COUPON_CODE_PATTERN, { message: CODE_MESSAGE })
  code!: string;
}

export class GbpAmountDto {
  @ApiProperty({ example: 500, description: 'GBP pence, > 0; converted into the account currency at each issue like a line' })
  @IsInt({ message: 'amountOff.amount must be an integer of GBP pence' })
  @Min(1)
  @Max(AMOUNT_OFF_GBP_MAX)
  amount!: number;

  @ApiProperty({ enum: ['GBP'], description: 'Always GBP, the price book currency' })
  @IsIn(['GBP'], { message: 'amountOff.currency must be GBP: coupons are written in the price book currency' })
  currency!: 'GBP';
}

export class CreateCouponDto {
  @ApiProperty({ example: 'SPRING-25', pattern: COUPON_CODE_PATTERN.source, description: 'Unique' })
  @Matches(COUPON_CODE_PATTERN, { message: CODE_MESSAGE })
  code!: string;

  @ApiPropertyOptional({ example: '25', description: 'A decimal string, 0 < p ≤ 100, at most two decimals. Exactly one of percentOff and amountOff.' })
  @IsOptional()
  @IsString({ message: 'percentOff must be a decimal string such as "12.5"' })
  percentOff?: string;

  @ApiPropertyOptional({ type: GbpAmountDto, description: 'Exactly one of percentOff and amountOff' })
  @IsOptional()
  @ValidateNested()
  @Type(() => GbpAmountDto)
  amountOff?: GbpAmountDto;

  @ApiProperty({ enum: DURATIONS })
  @IsIn(DURATIONS, { message: 'duration must be once, repeating or forever' })
  duration!: (typeof DURATIONS)[number];

  @ApiPropertyOptional({ example: 3, minimum: 1, maximum: MONTHS_MAX, description: 'Only, and always, with duration repeating' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MONTHS_MAX)
  months?: number;

  @ApiPropertyOptional({ example: '2026-06-30T23:59:59Z', description: 'An instant after which the coupon takes no new redemptions' })
  @IsOptional()
  @IsISO8601({ strict: true, strictSeparator: true }, { message: 'redeemBy must be an ISO-8601 instant such as 2026-06-30T23:59:59Z' })
  redeemBy?: string;

  @ApiPropertyOptional({ example: 100, minimum: 1, maximum: MAX_REDEMPTIONS_MAX })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_REDEMPTIONS_MAX)
  maxRedemptions?: number;
}

export class RedeemCouponDto {
  @ApiProperty({ example: 'SPRING-25', pattern: COUPON_CODE_PATTERN.source })
  @Matches(COUPON_CODE_PATTERN, { message: CODE_MESSAGE })
  code!: string;
}

export class GbpMoneyDto {
  @ApiProperty({ example: 500 })
  amount!: number;

  @ApiProperty({ example: 'GBP' })
  currency!: string;
}

export class CouponDto {
  @ApiProperty({ example: 'SPRING-25' }) code!: string;
  @ApiProperty({ type: String, nullable: true, example: '25' }) percentOff!: string | null;
  @ApiProperty({ type: GbpMoneyDto, nullable: true }) amountOff!: GbpMoneyDto | null;
  @ApiProperty({ enum: DURATIONS }) duration!: (typeof DURATIONS)[number];
  @ApiProperty({ type: Number, nullable: true }) months!: number | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) redeemBy!: string | null;
  @ApiProperty({ type: Number, nullable: true }) maxRedemptions!: number | null;
  @ApiProperty({ description: 'Redemptions that hold a unit: every one but those released' }) timesRedeemed!: number;
  @ApiProperty({ enum: ['active', 'archived'] }) status!: 'active' | 'archived';
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) archivedAt!: string | null;
}

export class CouponPageDto {
  @ApiProperty({ type: [CouponDto] }) items!: CouponDto[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as cursor for the next page; null on the last' }) nextCursor!: string | null;
}

export class RedemptionDto {
  @ApiProperty() redemptionId!: string;
  @ApiProperty() accountId!: string;
  @ApiProperty({ format: 'date-time' }) redeemedAt!: string;
  @ApiProperty({ enum: ['pending', 'active', 'ended', 'released'], description: 'pending until the account applies it; released when the account refused it' })
  status!: string;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) appliedAt!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) endedAt!: string | null;
  @ApiProperty({ type: String, nullable: true, enum: ['used', 'expired', 'removed', 'replaced', 'released'] }) endReason!: string | null;
}

export class RedemptionPageDto {
  @ApiProperty({ type: [RedemptionDto] }) items!: RedemptionDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}

export class CouponDetailDto extends CouponDto {
  @ApiProperty({ type: RedemptionPageDto, description: 'Newest first; limit and cursor page through them' }) redemptions!: RedemptionPageDto;
}

export class CouponAnswerDto {
  @ApiProperty({ type: CouponDto }) coupon!: CouponDto;
  @ApiProperty({ description: 'Pass as ?after= to read your own write' }) position!: string;
}

export class AccountAnswerDto {
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The account as GET /v1/accounts/{id} shows it, with its discount and prices' })
  account!: Record<string, unknown>;
  @ApiProperty({ description: 'Pass as ?after= to read your own write' }) position!: string;
}
