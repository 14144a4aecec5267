import type { DomainEvent } from '../decider';

/** Stream `exchange-rates`: units of `currency` per £1, in force from `effectiveAt`. */
export type ExchangeRateSet = DomainEvent<'ExchangeRateSet', { currency: string; rate: string; effectiveAt: string; setAt: string }>;

/** Stream `tax-rates`: the rate of `region` (e.g. `GB`, `CA-ON`) in force from `effectiveAt`. */
export type TaxRateSet = DomainEvent<'TaxRateSet', { region: string; rate: string; effectiveAt: string; setAt: string }>;

export type RatesEvent = ExchangeRateSet | TaxRateSet;

export const EXCHANGE_RATES_STREAM = 'exchange-rates';
export const TAX_RATES_STREAM = 'tax-rates';
