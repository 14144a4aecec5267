import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, Length } from 'class-validator';
import { ACCOUNT_STATUSES } from '../../../libs/domain/billing-account/billing-account.state';
import { defaultCatalog } from '../../../libs/domain/catalog/catalog';
import { CURRENCY_ACCEPTED, CURRENCY_PATTERN, EnumField, IntegerField, PatternField, TAX_REGION_ACCEPTED, TAX_REGION_PATTERN, TextField } from '../common/fields';
import { PageQueryDto } from '../common/page';

/** Request bodies and queries of the account endpoints. Unknown fields are refused by the global pipe. */
export const ACCOUNT_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
export const ACCOUNT_ID_ACCEPTED = '1 to 64 letters, digits, - or _, starting with a letter or digit';

/** The tiers of the price book the rules use: a body naming another is refused with the list. */
export const TIER_NAMES: readonly string[] = defaultCatalog.tiers.map((tier) => tier.name);

/** Anything but 13–19 digits, optionally grouped by spaces or dashes: a card number. */
const CARD_NUMBER_LIKE = /^(?!\s*\d(?:[ -]?\d){12,18}\s*$)/;

export class OpenAccountDto {
  @PatternField(ACCOUNT_ID_PATTERN, ACCOUNT_ID_ACCEPTED, { example: 'acme-bakery', description: 'Chosen by the caller: letters, digits, - and _, at most 64' })
  accountId!: string;

  @TextField(1, 200, { example: 'Acme Bakery' })
  businessName!: string;

  @ApiProperty({ example: 'owner@acme.example', format: 'email', minLength: 3, maxLength: 320 })
  @IsEmail({}, { message: 'email must be an email address such as owner@acme.example' })
  @Length(3, 320, { message: 'email must be an email address such as owner@acme.example' })
  email!: string;

  @PatternField(CURRENCY_PATTERN, CURRENCY_ACCEPTED, { example: 'GBP', description: 'ISO 4217; needs an exchange rate unless GBP (see GET /v1/catalog)' })
  currency!: string;

  @PatternField(TAX_REGION_PATTERN, TAX_REGION_ACCEPTED, { example: 'GB', description: 'Country code with an optional subdivision, e.g. CA-ON' })
  taxRegion!: string;
}

export class SubscribeDto {
  @EnumField(TIER_NAMES, { example: 'starter', description: 'A tier of the price book (GET /v1/catalog)' })
  tier!: string;

  @IntegerField(1, 10_000, { example: 1, description: 'Branches, the first included in the tier price' })
  branches!: number;
}

export class ChangeTierDto {
  @EnumField(TIER_NAMES, { example: 'pro', description: 'A tier of the price book (GET /v1/catalog)' })
  tier!: string;
}

export class ChangeBranchesDto {
  @IntegerField(-10_000, 10_000, { example: 2, description: 'Branches to add (+) or remove (−); never 0' })
  delta!: number;
}

export class ProductCountDto {
  @IntegerField(0, 1_000_000_000, { example: 42, description: 'The absolute number of products the account lists' })
  count!: number;
}

export class PaymentMethodDto {
  @EnumField(['sandbox', 'stripe'], { example: 'sandbox' })
  gateway!: 'sandbox' | 'stripe';

  // A card number sent by mistake would be written into an immutable event and could never be
  // erased (PCI DSS); a gateway token is never 13–19 bare digits.
  @PatternField(CARD_NUMBER_LIKE, 'a gateway token (sandbox: tok_ok or tok_decline; stripe: a PaymentMethod id), never a card number', {
    example: 'tok_ok',
    description: 'sandbox: tok_ok or tok_decline; stripe: a PaymentMethod id (never a card number)',
  })
  @Length(1, 255, { message: 'token must be a gateway token of 1 to 255 characters' })
  token!: string;
}

export class AccountListQueryDto extends PageQueryDto {
  @TextField(1, 100, { required: false, example: 'bakery', description: "Part of the account's id, business name or email, any case" })
  q?: string;

  @EnumField(ACCOUNT_STATUSES, { required: false })
  status?: string;

  @EnumField(TIER_NAMES, { required: false })
  tier?: string;

  @PatternField(CURRENCY_PATTERN, CURRENCY_ACCEPTED, { required: false, example: 'GBP' })
  currency?: string;
}
