import { Controller, Get, Inject } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import type { Pool } from 'pg';
import { defaultCatalog } from '../../../libs/domain/catalog/catalog';
import { Roles } from '../../../libs/infra/auth/auth';
import type { Clock } from '../../../libs/infra/clock/clock';
import { ReadsFrom } from '../../../libs/infra/http/read-your-writes.guard';
import { CLOCK, POOL } from '../../../libs/infra/runtime-tokens';
import { rateHistory, type RateEntry } from '../../../projections/rates/rates.query';

class RateEntryDto {
  @ApiProperty({ example: '1.17', description: 'A decimal string: units per £1 for exchange rates, a fraction for tax rates' })
  rate!: string;

  @ApiProperty({ example: '2026-03-01T00:00:00.000Z', description: 'From when it holds' })
  effectiveAt!: string;

  @ApiProperty({ example: '2026-02-27T16:04:00.000Z', description: 'When finance set it' })
  setAt!: string;

  @ApiProperty({ example: 'finance@example.com', description: 'Who set it (the token subject)' })
  setBy!: string;

  @ApiProperty({ description: 'The rate in force now: the latest that holds from now or earlier' })
  inForce!: boolean;

  @ApiProperty({ description: 'Holds only from a later instant' })
  scheduled!: boolean;
}

export class ExchangeRateEntryDto extends RateEntryDto {
  @ApiProperty({ example: 'EUR' })
  currency!: string;
}

export class TaxRateEntryDto extends RateEntryDto {
  @ApiProperty({ example: 'GB' })
  region!: string;
}

export class DefaultTaxRateDto {
  @ApiProperty({ example: 'GB' })
  region!: string;

  @ApiProperty({ example: '0.20' })
  rate!: string;
}

export class ExchangeRateHistoryDto {
  @ApiProperty({ type: [ExchangeRateEntryDto], description: 'Every rate set, by currency, newest first within each' })
  items!: ExchangeRateEntryDto[];

  @ApiProperty({ type: String, nullable: true, description: 'Always null: the whole history fits one page' })
  nextCursor!: null;
}

export class TaxRateHistoryDto {
  @ApiProperty({ type: [TaxRateEntryDto], description: 'Every rate set, by region, newest first within each' })
  items!: TaxRateEntryDto[];

  @ApiProperty({ type: String, nullable: true, description: 'Always null: the whole history fits one page' })
  nextCursor!: null;

  @ApiProperty({ type: [DefaultTaxRateDto], description: "The catalog's rates, which hold where finance has set none; every other region is 0" })
  defaults!: DefaultTaxRateDto[];
}

function entry(row: RateEntry) {
  return { rate: row.rate, effectiveAt: row.effectiveAt, setAt: row.setAt, setBy: row.setBy, inForce: row.inForce, scheduled: row.scheduled };
}

/** The history of exchange and tax rates: what holds now, what held before, who set each. */
@ApiTags('admin')
@ApiBearerAuth()
@Controller('v1/admin')
export class RateHistoryController {
  constructor(
    @Inject(POOL) private readonly pool: Pool,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get('exchange-rates')
  @Roles('finance')
  @ReadsFrom('rates')
  @ApiOperation({ summary: 'Every exchange rate set, with the one in force now marked' })
  @ApiOkResponse({ type: ExchangeRateHistoryDto })
  async exchangeRates(): Promise<ExchangeRateHistoryDto> {
    const rows = await rateHistory(this.pool, 'exchange', this.clock.now());
    return { items: rows.map((row) => ({ currency: row.key, ...entry(row) })), nextCursor: null };
  }

  @Get('tax-rates')
  @Roles('finance')
  @ReadsFrom('rates')
  @ApiOperation({ summary: "Every tax rate set, with the one in force now marked, and the catalog's defaults" })
  @ApiOkResponse({ type: TaxRateHistoryDto })
  async taxRates(): Promise<TaxRateHistoryDto> {
    const rows = await rateHistory(this.pool, 'tax', this.clock.now());
    const defaults = Object.entries(defaultCatalog.defaultTaxRates).map(([region, rate]) => ({ region, rate }));
    return { items: rows.map((row) => ({ region: row.key, ...entry(row) })), nextCursor: null, defaults };
  }

}
