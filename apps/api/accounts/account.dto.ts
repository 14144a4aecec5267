import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, Min, NotEquals } from 'class-validator';

/** Request bodies of the account endpoints. Unknown fields are refused by the global pipe. */
export const ACCOUNT_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

export class OpenAccountDto {
  @ApiProperty({ example: 'acme-bakery', description: 'Chosen by the caller: letters, digits, - and _, at most 64' })
  @Matches(ACCOUNT_ID_PATTERN, { message: 'accountId must be 1–64 letters, digits, - or _' })
  accountId!: string;

  @ApiProperty({ example: 'Acme Bakery' })
  @IsString()
  @Length(1, 200)
  businessName!: string;

  @ApiProperty({ example: 'owner@acme.example' })
  @IsEmail()
  @Length(3, 320)
  email!: string;

  @ApiProperty({ example: 'GBP', description: 'ISO 4217; needs an exchange rate unless GBP' })
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO 4217 code such as GBP' })
  currency!: string;

  @ApiProperty({ example: 'GB', description: 'Country code with an optional subdivision, e.g. CA-ON' })
  @Matches(/^[A-Z]{2}(-[A-Z0-9]{1,3})?$/, { message: 'taxRegion must be a country code with an optional -SUBDIVISION' })
  taxRegion!: string;
}

export class SubscribeDto {
  @ApiProperty({ example: 'starter' })
  @IsString()
  @Length(1, 40)
  tier!: string;

  @ApiProperty({ example: 1, minimum: 1 })
  @IsInt()
  @Min(1)
  @Max(10_000)
  branches!: number;
}

export class ChangeTierDto {
  @ApiProperty({ example: 'pro' })
  @IsString()
  @Length(1, 40)
  tier!: string;
}

export class ChangeBranchesDto {
  @ApiProperty({ example: 2, description: 'Branches to add (+) or remove (−); never 0' })
  @IsInt()
  @NotEquals(0)
  @Min(-10_000)
  @Max(10_000)
  delta!: number;
}

export class ProductCountDto {
  @ApiProperty({ example: 42, minimum: 0 })
  @IsInt()
  @Min(0)
  @Max(1_000_000_000)
  count!: number;
}

export class PaymentMethodDto {
  @ApiProperty({ enum: ['sandbox', 'stripe'] })
  @IsIn(['sandbox', 'stripe'])
  gateway!: 'sandbox' | 'stripe';

  @ApiProperty({ example: 'tok_ok', description: 'sandbox: tok_ok or tok_decline; stripe: a PaymentMethod id' })
  @IsString()
  @Length(1, 255)
  token!: string;
}

export class AfterQueryDto {
  @ApiProperty({ required: false, description: 'Wait (≤ 5 s) until the read models have applied this position' })
  @IsOptional()
  @Matches(/^[0-9a-f]{16}-[0-9a-f]{16}$/, { message: 'after must be a position returned by a command' })
  after?: string;
}
