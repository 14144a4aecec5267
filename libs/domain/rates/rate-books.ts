import { defaultCatalog, type Catalog } from '../catalog/catalog';
import { compareInstants, isAtOrBefore, type Instant } from '../calendar/calendar';
import { BOOK_CURRENCY } from '../money/currency';
import type { ExchangeRateSet, TaxRateSet } from './rates.events';

interface Entry {
  readonly rate: string;
  readonly effectiveAt: Instant;
}

/** Entries of one key ordered by `effectiveAt`; a later event with the same instant wins the tie. */
function insertEntry(entries: readonly Entry[], entry: Entry): readonly Entry[] {
  const next = [...entries, entry];
  // A stable sort keeps ledger order among equal instants, so the last one set is found last.
  return next.sort((a, b) => compareInstants(a.effectiveAt, b.effectiveAt));
}

/** Each key's entries without those that take effect after `at`. */
function cutAfter(entries: Readonly<Record<string, readonly Entry[]>>, at: Instant): Record<string, readonly Entry[]> {
  return Object.fromEntries(Object.entries(entries).map(([key, list]) => [key, list.filter((entry) => isAtOrBefore(entry.effectiveAt, at))]));
}

function rateAt(entries: readonly Entry[] | undefined, at: Instant): string | undefined {
  let found: string | undefined;
  for (const entry of entries ?? []) {
    if (isAtOrBefore(entry.effectiveAt, at)) found = entry.rate;
  }
  return found;
}

/** Exchange rates folded from the `exchange-rates` stream; immutable, each event gives a new book. */
export class ExchangeRateBook {
  private constructor(private readonly entries: Readonly<Record<string, readonly Entry[]>>) {}

  static empty(): ExchangeRateBook {
    return new ExchangeRateBook({});
  }

  static from(events: Iterable<ExchangeRateSet>): ExchangeRateBook {
    let book = ExchangeRateBook.empty();
    for (const event of events) book = book.apply(event);
    return book;
  }

  apply(event: ExchangeRateSet): ExchangeRateBook {
    const { currency, rate, effectiveAt } = event.data;
    return new ExchangeRateBook({ ...this.entries, [currency]: insertEntry(this.entries[currency] ?? [], { rate, effectiveAt }) });
  }

  /** Units of `currency` per £1 in force at `at`; GBP is always `1`; undefined when none is set yet. */
  rateAt(currency: string, at: Instant): string | undefined {
    if (currency === BOOK_CURRENCY) return '1';
    return rateAt(this.entries[currency], at);
  }

  /**
   * The book with every rate that takes effect after `at` left out, so that the rates in force at
   * `at` hold from then on: what "as in force now" means for a document issued later (the
   * upcoming invoice).
   */
  inForceAt(at: Instant): ExchangeRateBook {
    return new ExchangeRateBook(cutAfter(this.entries, at));
  }

  currencies(): string[] {
    return Object.keys(this.entries).sort();
  }
}

/** Tax rates folded from the `tax-rates` stream, falling back to the catalog's defaults. */
export class TaxRateBook {
  private constructor(
    private readonly entries: Readonly<Record<string, readonly Entry[]>>,
    private readonly defaults: Readonly<Record<string, string>>,
  ) {}

  static empty(catalog: Catalog = defaultCatalog): TaxRateBook {
    return new TaxRateBook({}, catalog.defaultTaxRates);
  }

  static from(events: Iterable<TaxRateSet>, catalog: Catalog = defaultCatalog): TaxRateBook {
    let book = TaxRateBook.empty(catalog);
    for (const event of events) book = book.apply(event);
    return book;
  }

  apply(event: TaxRateSet): TaxRateBook {
    const { region, rate, effectiveAt } = event.data;
    return new TaxRateBook({ ...this.entries, [region]: insertEntry(this.entries[region] ?? [], { rate, effectiveAt }) }, this.defaults);
  }

  /** As ExchangeRateBook.inForceAt: the rates in force at `at` hold from then on. */
  inForceAt(at: Instant): TaxRateBook {
    return new TaxRateBook(cutAfter(this.entries, at), this.defaults);
  }

  /** Every region with a rate of its own: the catalog's defaults and those finance set. */
  regions(): string[] {
    return [...new Set([...Object.keys(this.defaults), ...Object.keys(this.entries)])].sort();
  }

  /**
   * The rate for `region` at `at`: the region's own rate (set, else default), then its country's
   * (so `GB-SCT` pays GB's rate until finance sets its own), then 0.
   */
  rateAt(region: string, at: Instant): string {
    const country = region.split('-')[0];
    return rateAt(this.entries[region], at) ?? this.defaults[region] ?? rateAt(this.entries[country], at) ?? this.defaults[country] ?? '0';
  }
}
