import { Rejected, type Decider } from '../decider';
import { defaultCatalog, type Catalog } from '../catalog/catalog';
import { isInstant, normalizeInstant } from '../calendar/calendar';
import { BOOK_CURRENCY, isCurrencyCode } from '../money/currency';
import { exact, isDecimalString } from '../money/rounding';
import { ExchangeRateBook, TaxRateBook } from './rate-books';
import type { ExchangeRateSet, TaxRateSet } from './rates.events';

/** Finance sets a rate: units of `currency` per £1, from `effectiveAt` (default: now). */
export interface SetExchangeRate {
  readonly type: 'SetExchangeRate';
  readonly currency: string;
  readonly rate: string;
  readonly effectiveAt?: string;
  readonly now: string;
}

/** Finance sets a region's tax rate, in force from now. */
export interface SetTaxRate {
  readonly type: 'SetTaxRate';
  readonly region: string;
  readonly rate: string;
  readonly now: string;
}

export const TAX_REGION_PATTERN = /^[A-Z]{2}(-[A-Z0-9]{1,3})?$/;

export function isTaxRegion(value: unknown): value is string {
  return typeof value === 'string' && TAX_REGION_PATTERN.test(value);
}

function requireInstant(value: unknown, field: string): string {
  if (!isInstant(value)) throw new Rejected('VALIDATION_FAILED', `${field} must be an ISO-8601 instant`, field);
  return normalizeInstant(value);
}

function decideExchangeRate(command: SetExchangeRate): ExchangeRateSet[] {
  const setAt = requireInstant(command.now, 'now');
  if (!isCurrencyCode(command.currency)) throw new Rejected('VALIDATION_FAILED', 'currency must be an ISO 4217 code', 'currency');
  if (command.currency === BOOK_CURRENCY) throw new Rejected('VALIDATION_FAILED', 'GBP is the book currency; its rate is always 1', 'currency');
  if (!isDecimalString(command.rate) || !exact(command.rate).greaterThan(0)) {
    throw new Rejected('VALIDATION_FAILED', 'rate must be a positive decimal string such as "1.17"', 'rate');
  }
  const effectiveAt = command.effectiveAt === undefined ? setAt : requireInstant(command.effectiveAt, 'effectiveAt');
  return [{ type: 'ExchangeRateSet', data: { currency: command.currency, rate: exact(command.rate).toString(), effectiveAt, setAt } }];
}

function decideTaxRate(command: SetTaxRate): TaxRateSet[] {
  const setAt = requireInstant(command.now, 'now');
  if (!isTaxRegion(command.region)) throw new Rejected('VALIDATION_FAILED', 'region must be a country code with an optional -SUBDIVISION', 'region');
  const rate = isDecimalString(command.rate) ? exact(command.rate) : undefined;
  if (!rate || rate.isNegative() || rate.greaterThanOrEqualTo(1)) throw new Rejected('VALIDATION_FAILED', 'rate must be a decimal string from 0 up to but not including 1, such as "0.20"', 'rate');
  return [{ type: 'TaxRateSet', data: { region: command.region, rate: rate.toString(), effectiveAt: setAt, setAt } }];
}

/** Stream `exchange-rates`: the state is the book itself. */
export const exchangeRatesDecider: Decider<SetExchangeRate, ExchangeRateSet, ExchangeRateBook> = {
  initialState: () => ExchangeRateBook.empty(),
  decide: (command) => decideExchangeRate(command),
  evolve: (book, event) => book.apply(event),
};

/** Stream `tax-rates`: the state is the book itself, falling back to `catalog`'s default rates. */
export function createTaxRatesDecider(catalog: Catalog): Decider<SetTaxRate, TaxRateSet, TaxRateBook> {
  return {
    initialState: () => TaxRateBook.empty(catalog),
    decide: (command) => decideTaxRate(command),
    evolve: (book, event) => book.apply(event),
  };
}

/** The tax-rates decider on the default catalog. */
export const taxRatesDecider = createTaxRatesDecider(defaultCatalog);
