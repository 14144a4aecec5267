import { ApiExtraModels, ApiProperty, getSchemaPath } from '@nestjs/swagger';
import { DISCOUNT_DURATIONS, type DiscountDuration } from '../../../libs/domain/coupons/coupon-terms';
import { MoneyView } from '../common/money.dto';

/**
 * The account's own terms as GET /v1/accounts/{id} shows them (the domain's `DiscountView` and
 * `PricesView`, libs/domain/billing-account/account-view.ts): its discount, and its price book with
 * any change waiting for a period start (billing-rules.md, Discounts and Contract prices).
 */
export class DiscountDto {
  @ApiProperty({ example: 'SPRING-25' })
  code!: string;

  @ApiProperty({ description: 'The redemption that made this the account’s discount (GET /v1/coupons/{code} lists it)' })
  redemptionId!: string;

  @ApiProperty({ type: String, nullable: true, example: '25', description: 'A decimal string; null for an amount discount' })
  percentOff!: string | null;

  @ApiProperty({ type: MoneyView, nullable: true, description: "In GBP, converted into the account's currency at each document's issue; null for a percent discount" })
  amountOff!: MoneyView | null;

  @ApiProperty({ enum: DISCOUNT_DURATIONS })
  duration!: DiscountDuration;

  @ApiProperty({ type: 'integer', nullable: true, description: 'Months of a repeating discount; null otherwise' })
  months!: number | null;

  @ApiProperty({ format: 'date-time' })
  redeemedAt!: string;

  @ApiProperty({ type: String, format: 'date', nullable: true, description: 'Repeating: documents issued on a UTC date before this one are discounted; null otherwise' })
  endsOn!: string | null;
}

const OWN_PRICE = { type: 'integer', minimum: 0, description: 'GBP pence a month' } as const;

/** Own prices as finance set them with PUT /v1/accounts/{id}/prices (GBP pence); null is the catalog's. */
export class ContractPricesViewDto {
  @ApiProperty({ type: 'object', additionalProperties: { ...OWN_PRICE }, example: { pro: 250 }, description: 'By tier name: the tiers with a price of their own' })
  tierPrices!: Readonly<Record<string, number>>;

  @ApiProperty({ ...OWN_PRICE, nullable: true })
  extraBranchPrice!: number | null;

  @ApiProperty({ ...OWN_PRICE, nullable: true })
  hibernationFee!: number | null;
}

/** A price book in GBP: the account's own prices over the catalog's. */
@ApiExtraModels(MoneyView)
export class PriceBookDto {
  @ApiProperty({
    type: 'object', additionalProperties: { $ref: getSchemaPath(MoneyView) },
    example: { starter: { amount: 100, currency: 'GBP' }, pro: { amount: 300, currency: 'GBP' }, enterprise: { amount: 500, currency: 'GBP' } },
    description: "By tier name, every tier of the catalog (GET /v1/catalog) with the account's monthly price for it",
  })
  tierPrices!: Readonly<Record<string, MoneyView>>;

  @ApiProperty({ type: MoneyView, description: 'A month of each branch after the first' })
  extraBranchPrice!: MoneyView;

  @ApiProperty({ type: MoneyView, description: 'A month of hibernation' })
  hibernationFee!: MoneyView;

  @ApiProperty({ type: ContractPricesViewDto, nullable: true, description: "The account's own prices behind this book; null when it is the catalog's" })
  contract!: ContractPricesViewDto | null;
}

export class ScheduledPricesDto extends PriceBookDto {
  @ApiProperty({ format: 'date', example: '2026-05-01', description: 'The book applies from the first period that starts on or after this date' })
  effectiveFrom!: string;
}

export class AccountPricesDto extends PriceBookDto {
  @ApiProperty({ type: ScheduledPricesDto, nullable: true, description: 'A change of prices waiting for a period start; null when none waits' })
  scheduled!: ScheduledPricesDto | null;
}
