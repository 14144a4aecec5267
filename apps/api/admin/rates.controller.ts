import { Body, Controller, Inject, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsISO8601, IsOptional, Matches } from 'class-validator';
import type { EventStore } from '../../../libs/event-store/event-store.port';
import { CurrentPrincipal, Roles, type Principal } from '../../../libs/infra/auth/auth';
import type { Clock } from '../../../libs/infra/clock/clock';
import { setExchangeRate, setTaxRate, type RateOutcome } from '../../../libs/application/rates/set-rate';
import { CLOCK, EVENT_STORE } from '../../../libs/infra/runtime-tokens';

const DECIMAL = /^\d{1,12}(\.\d{1,12})?$/;

export class ExchangeRateDto {
  @ApiProperty({ example: '1.17', description: 'Units of the currency per £1, as a decimal string' })
  @Matches(DECIMAL, { message: 'rate must be a decimal string such as "1.17"' })
  rate!: string;

  @ApiProperty({ required: false, example: '2026-03-01T00:00:00Z', description: 'When the rate starts to hold (default: now)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  effectiveAt?: string;
}

export class TaxRateDto {
  @ApiProperty({ example: '0.20', description: 'A decimal string in [0, 1)' })
  @Matches(DECIMAL, { message: 'rate must be a decimal string such as "0.20"' })
  rate!: string;
}

class CurrencyParam {
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO 4217 code' })
  currency!: string;
}

class RegionParam {
  @Matches(/^[A-Z]{2}(-[A-Z0-9]{1,3})?$/, { message: 'region must be a country code with an optional -SUBDIVISION' })
  region!: string;
}

/** Finance sets exchange and tax rates; each is an event in its own stream. */
@ApiTags('admin')
@ApiBearerAuth()
@Controller('v1/admin')
export class RatesController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Put('exchange-rates/:currency')
  @Roles('finance')
  @ApiOperation({ summary: 'Set the exchange rate of a currency (units per £1)' })
  setExchangeRate(@Param() { currency }: CurrencyParam, @Body() body: ExchangeRateDto, @CurrentPrincipal() who: Principal) {
    return this.answer(setExchangeRate(this.store, this.clock, { currency, ...body }, { actor: who.sub, role: who.role }));
  }

  @Put('tax-rates/:region')
  @Roles('finance')
  @ApiOperation({ summary: 'Set the tax rate of a region, in force from now' })
  setTaxRate(@Param() { region }: RegionParam, @Body() body: TaxRateDto, @CurrentPrincipal() who: Principal) {
    return this.answer(setTaxRate(this.store, this.clock, { region, ...body }, { actor: who.sub, role: who.role }));
  }

  private async answer(outcome: Promise<RateOutcome>) {
    const { data, position } = await outcome;
    return { ...data, position };
  }
}
