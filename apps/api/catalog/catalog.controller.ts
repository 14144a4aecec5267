import { Controller, Get, Inject } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { BillingCommands } from '../../../libs/application/commands/billing-commands';
import { priceBookView } from '../../../libs/application/catalog/price-book';
import { Roles } from '../../../libs/infra/auth/auth';
import type { Clock } from '../../../libs/infra/clock/clock';
import { ReadsFrom } from '../../../libs/infra/http/read-your-writes.guard';
import { CLOCK } from '../../../libs/infra/runtime-tokens';
import { MoneyView } from '../common/money.dto';

export class TierPriceDto {
  @ApiProperty({ example: 'starter' })
  name!: string;

  @ApiProperty({ type: MoneyView, description: 'A month of the tier, one branch included' })
  monthlyPrice!: MoneyView;

  @ApiProperty({ type: 'integer', nullable: true, description: 'Products allowed; null for unlimited' })
  productLimit!: number | null;
}

export class CurrencyRateDto {
  @ApiProperty({ example: 'EUR' })
  currency!: string;

  @ApiProperty({ example: '1.17', description: 'Units of the currency per £1 in force now; GBP is 1' })
  rate!: string;
}

export class TaxRegionRateDto {
  @ApiProperty({ example: 'GB' })
  region!: string;

  @ApiProperty({ example: '0.20', description: 'In force now; a subdivision without its own rate pays its country’s' })
  rate!: string;
}

export class CatalogDto {
  @ApiProperty({ format: 'date-time', description: 'The instant the rates were read at' })
  asOf!: string;

  @ApiProperty({ example: 'GBP', description: 'The price book’s currency; accounts in other currencies convert at the rate in force' })
  currency!: string;

  @ApiProperty({ type: [TierPriceDto], description: 'From cheapest to dearest' })
  tiers!: readonly TierPriceDto[];

  @ApiProperty({ type: MoneyView, description: 'A month of each branch after the first' })
  extraBranchPrice!: MoneyView;

  @ApiProperty({ type: MoneyView, description: 'A month of hibernation' })
  hibernationFee!: MoneyView;

  @ApiProperty({ type: 'integer', description: 'Days over the product limit before the automatic upgrade' })
  graceDays!: number;

  @ApiProperty({ type: 'integer', description: 'Days from issue to due date' })
  paymentDueDays!: number;

  @ApiProperty({ type: 'integer', isArray: true, description: 'Days after a failed payment at which each retry or reminder happens; suspension follows the last' })
  retryScheduleDays!: readonly number[];

  @ApiProperty({ type: [CurrencyRateDto], description: 'Currencies an account may bill in now' })
  currencies!: readonly CurrencyRateDto[];

  @ApiProperty({ type: [TaxRegionRateDto], description: 'Regions with a rate of their own; any other region pays its country’s, else 0' })
  taxRegions!: readonly TaxRegionRateDto[];
}

/** The price book in force (api.md: GET /v1/catalog), for anyone with a token. */
@ApiTags('catalog')
@ApiBearerAuth()
@Controller('v1/catalog')
export class CatalogController {
  constructor(
    @Inject(BillingCommands) private readonly commands: BillingCommands,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get()
  @Roles('vendor', 'finance')
  // The rate books are read from their streams on every call (rate-books.cache.ts): nothing to wait for.
  @ReadsFrom()
  @ApiOperation({ summary: 'The price book in force: tiers with price and product limit, extra-branch price, hibernation fee, grace, retry schedule, currencies and tax regions with their rates' })
  @ApiOkResponse({ type: CatalogDto })
  async catalog(): Promise<CatalogDto> {
    return priceBookView(await this.commands.context(), this.clock.now());
  }
}
