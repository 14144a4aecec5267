import { Body, Controller, Inject, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import type { Decider, DomainEvent } from '../../../libs/domain/decider';
import { invariant } from '../../../libs/domain/decider';
import { exchangeRatesDecider, taxRatesDecider } from '../../../libs/domain/rates/rates.decider';
import { EXCHANGE_RATES_STREAM, TAX_RATES_STREAM } from '../../../libs/domain/rates/rates.events';
import type { EventStore } from '../../../libs/event-store/event-store.port';
import { CurrentPrincipal, Roles, type Principal } from '../../../libs/infra/auth/auth';
import type { Clock } from '../../../libs/infra/clock/clock';
import { commandMetadata } from '../../../libs/application/commands/command-metadata';
import { handleCommand } from '../../../libs/application/commands/handle-command';
import { CLOCK, EVENT_STORE } from '../../../libs/infra/runtime-tokens';
import { CURRENCY_ACCEPTED, CURRENCY_PATTERN, InstantField, PatternField, TAX_REGION_ACCEPTED, TAX_REGION_PATTERN } from '../common/fields';
import { ApiProblems } from '../common/problem-responses';

const DECIMAL = /^\d{1,12}(\.\d{1,12})?$/;

export class ExchangeRateDto {
  @PatternField(DECIMAL, 'a positive decimal string such as "1.17"', { example: '1.17', description: 'Units of the currency per £1, as a decimal string' })
  rate!: string;

  @InstantField({ required: false, example: '2026-03-01T00:00:00Z', description: 'When the rate starts to hold (default: now)' })
  effectiveAt?: string;
}

export class TaxRateDto {
  @PatternField(DECIMAL, 'a decimal string from 0 up to but not including 1, such as "0.20"', { example: '0.20', description: 'A decimal string in [0, 1)' })
  rate!: string;
}

class CurrencyParam {
  @PatternField(CURRENCY_PATTERN, CURRENCY_ACCEPTED, { example: 'EUR', description: 'The currency, not GBP (the book currency)' })
  currency!: string;
}

class RegionParam {
  @PatternField(TAX_REGION_PATTERN, TAX_REGION_ACCEPTED, { example: 'GB', description: 'The tax region' })
  region!: string;
}

class RateSetDto {
  @ApiProperty({ example: '1.17' })
  rate!: string;

  @ApiProperty({ format: 'date-time', description: 'From when the rate holds' })
  effectiveAt!: string;

  @ApiProperty({ format: 'date-time' })
  setAt!: string;

  @ApiProperty({ description: 'Send as ?after= to read your own write' })
  position!: string;
}

export class ExchangeRateSetDto extends RateSetDto {
  @ApiProperty({ example: 'EUR' })
  currency!: string;
}

export class TaxRateSetDto extends RateSetDto {
  @ApiProperty({ example: 'GB' })
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
  @ApiOkResponse({ type: ExchangeRateSetDto })
  @ApiProblems({ 409: ['CONCURRENCY_CONFLICT'] })
  async setExchangeRate(@Param() { currency }: CurrencyParam, @Body() body: ExchangeRateDto, @CurrentPrincipal() who: Principal): Promise<ExchangeRateSetDto> {
    const { data, position } = await this.run(EXCHANGE_RATES_STREAM, exchangeRatesDecider, { type: 'SetExchangeRate' as const, currency, ...body }, who);
    return { ...data, position };
  }

  @Put('tax-rates/:region')
  @Roles('finance')
  @ApiOperation({ summary: 'Set the tax rate of a region, in force from now' })
  @ApiOkResponse({ type: TaxRateSetDto })
  @ApiProblems({ 409: ['CONCURRENCY_CONFLICT'] })
  async setTaxRate(@Param() { region }: RegionParam, @Body() body: TaxRateDto, @CurrentPrincipal() who: Principal): Promise<TaxRateSetDto> {
    const { data, position } = await this.run(TAX_RATES_STREAM, taxRatesDecider, { type: 'SetTaxRate' as const, region, ...body }, who);
    return { ...data, position };
  }

  private async run<C extends { type: string; now: string }, E extends DomainEvent, S>(streamId: string, decider: Decider<C, E, S>, input: Omit<C, 'now'>, who: Principal): Promise<{ data: E['data']; position: string }> {
    const now = this.clock.now().toISOString();
    const outcome = await handleCommand(this.store, decider, { streamId, command: { ...input, now } as C, metadata: commandMetadata(who.sub, who.role, input.type, now) }, () => undefined);
    const set = outcome.appended[0];
    invariant(set !== undefined && outcome.position !== undefined, `setting a rate on ${streamId} recorded nothing`);
    return { data: set.data as E['data'], position: outcome.position };
  }
}
