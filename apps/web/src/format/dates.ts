/**
 * Dates and instants on screen, formatted in one place. Instants (ISO-8601 UTC from the API) are
 * shown in the viewer's time zone, with the UTC instant available on hover; calendar dates
 * (billing periods, report days: `YYYY-MM-DD` in UTC) are dates, never shifted by a zone.
 */
export interface DateFormatOptions {
  readonly locale?: string;
  /** IANA zone; the viewer's when omitted. */
  readonly timeZone?: string;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(kind: string, options: DateFormatOptions, shape: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${kind}|${options.locale ?? ''}|${options.timeZone ?? ''}`;
  let found = formatters.get(key);
  if (!found) {
    found = new Intl.DateTimeFormat(options.locale, { ...shape, ...(options.timeZone ? { timeZone: options.timeZone } : {}) });
    formatters.set(key, found);
  }
  return found;
}

function parseInstant(iso: string): Date {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) throw new RangeError(`not an instant: ${iso}`);
  return date;
}

/** "17 Mar 2026, 14:05" in the viewer's zone (or the one given). */
export function formatInstant(iso: string, options: DateFormatOptions = {}): string {
  return formatter('instant', options, { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' }).format(parseInstant(iso));
}

/** The same instant with seconds and its zone's name, for a timeline. */
export function formatInstantLong(iso: string, options: DateFormatOptions = {}): string {
  return formatter('instant-long', options, { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit', timeZoneName: 'short' }).format(parseInstant(iso));
}

/** "2026-03-17 14:05:09 UTC": what the hover shows, unambiguous whatever the viewer's zone. */
export function formatUtc(iso: string): string {
  const date = parseInstant(iso);
  return `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** A calendar date `YYYY-MM-DD` as "17 Mar 2026", the same in every zone. */
export function formatCalendarDate(date: string, options: Pick<DateFormatOptions, 'locale'> = {}): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new RangeError(`not a date: ${date}`);
  return formatter('date', { locale: options.locale, timeZone: 'UTC' }, { day: 'numeric', month: 'short', year: 'numeric' }).format(parseInstant(`${date}T00:00:00Z`));
}

/** "17 Mar": a short label for chart axes. */
export function formatShortDate(date: string, options: Pick<DateFormatOptions, 'locale'> = {}): string {
  return formatter('short-date', { locale: options.locale, timeZone: 'UTC' }, { day: 'numeric', month: 'short' }).format(parseInstant(`${date}T00:00:00Z`));
}

/** The UTC calendar date of an instant, `YYYY-MM-DD`. */
export function utcDate(instant: Date): string {
  return instant.toISOString().slice(0, 10);
}

/** `YYYY-MM-DD` plus a number of days (negative goes back), in UTC. */
export function addDays(date: string, days: number): string {
  const time = parseInstant(`${date}T00:00:00Z`).getTime() + days * 86_400_000;
  return new Date(time).toISOString().slice(0, 10);
}

/**
 * A `datetime-local` input's value ("2026-03-17T14:05", wall time in the viewer's zone) as the
 * ISO instant it names; undefined when the input is empty or incomplete.
 */
export function localInputToInstant(value: string): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(value)) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** The reverse: an instant as a `datetime-local` value in the viewer's zone, to the minute. */
export function instantToLocalInput(iso: string): string {
  const date = parseInstant(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}
