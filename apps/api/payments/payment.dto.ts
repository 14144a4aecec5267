import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, IsInt, IsString, Length, Matches, Max, Min, ValidateNested } from 'class-validator';

/** Request bodies of the payment endpoints. Money is integer minor units and an ISO 4217 code. */
export class MoneyDto {
  @ApiProperty({ example: 120, description: 'Minor units (pence, cents)' })
  @IsInt()
  @Min(1)
  @Max(1_000_000_000_000)
  amount!: number;

  @ApiProperty({ example: 'GBP' })
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO 4217 code such as GBP' })
  currency!: string;
}

export class RecordPaymentDto {
  @ApiProperty({ description: 'The invoice the payment settles' })
  @IsString()
  @Length(1, 64)
  invoiceId!: string;

  @ApiProperty({ type: MoneyDto, description: 'More than what is left to pay becomes account credit' })
  @IsDefined()
  @ValidateNested()
  @Type(() => MoneyDto)
  amount!: MoneyDto;

  @ApiProperty({ example: 'bank-transfer-2026-03-14-001', description: 'Your reference; the same one again records nothing new' })
  @IsString()
  @Length(1, 200)
  reference!: string;
}

export class RefundDto {
  @ApiProperty({ type: MoneyDto, description: 'At most what is left of the payment (REFUND_EXCEEDS_PAYMENT)' })
  @IsDefined()
  @ValidateNested()
  @Type(() => MoneyDto)
  amount!: MoneyDto;

  @ApiProperty({ example: 'requested_by_customer' })
  @IsString()
  @Length(1, 500)
  reason!: string;
}

export class PaymentIdParam {
  @Matches(/^[A-Za-z0-9_-]{1,64}$/, { message: 'paymentId must be 1–64 letters, digits, - or _' })
  paymentId!: string;
}
