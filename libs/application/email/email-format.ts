import { minorUnitsOf } from '../../domain/money/currency';

/**
 * One email's words as structure, rendered twice from the same source: plain text and HTML. Every
 * value that came from a vendor (a business name) is escaped in the HTML.
 */
export interface EmailBody {
  readonly greeting: string;
  /** What happened, what is owed, what happens next: one paragraph each, in that order. */
  readonly paragraphs: readonly string[];
  /** Label and amount rows (invoice lines and totals), shown after the first paragraph. */
  readonly rows?: ReadonlyArray<readonly [string, string]>;
}

export function renderText(body: EmailBody): string {
  const [first, ...rest] = body.paragraphs;
  const width = Math.max(0, ...(body.rows ?? []).map(([label]) => label.length));
  const table = (body.rows ?? []).map(([label, value]) => `  ${label.padEnd(width)}  ${value}`).join('\n');
  return [body.greeting, first, ...(table ? [table] : []), ...rest, 'This message was sent by the billing service.'].join('\n\n') + '\n';
}

export function renderHtml(subject: string, body: EmailBody): string {
  const [first, ...rest] = body.paragraphs;
  const rows = (body.rows ?? []).map(([label, value]) => `<tr><td>${escapeHtml(label)}</td><td style="text-align:right">${escapeHtml(value)}</td></tr>`).join('');
  return [
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head><body>`,
    `<p>${escapeHtml(body.greeting)}</p>`,
    `<p>${escapeHtml(first)}</p>`,
    rows ? `<table role="presentation" cellpadding="4">${rows}</table>` : '',
    ...rest.map((paragraph) => `<p>${escapeHtml(paragraph)}</p>`),
    '<p style="color:#666">This message was sent by the billing service.</p></body></html>',
  ].join('\n');
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

/** `£1.20`, `€2.88`, `¥120`: integer minor units shown in their currency, without a float. */
export function formatMoney(amount: number, currency: string): string {
  const digits = minorUnitsOf(currency);
  const sign = amount < 0 ? '-' : '';
  const text = String(Math.abs(amount)).padStart(digits + 1, '0');
  const decimal = digits === 0 ? text : `${text.slice(0, -digits)}.${text.slice(-digits)}`;
  // The narrow symbol: ¥120 rather than JP¥120, as api.md shows amounts (£1.20, €2.88, ¥120).
  const format = new Intl.NumberFormat('en-GB', { style: 'currency', currency, currencyDisplay: 'narrowSymbol', minimumFractionDigits: digits, maximumFractionDigits: digits });
  return format.format(`${sign}${decimal}` as unknown as number);
}

/** `16 March 2026` for an instant or a date, in UTC like every date of the ledger. */
export function formatDate(instantOrDate: string): string {
  const date = new Date(instantOrDate.length === 10 ? `${instantOrDate}T00:00:00Z` : instantOrDate);
  return new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeZone: 'UTC' }).format(date);
}

/** `a, b and c`. */
export function listInWords(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** `20%` from a decimal string such as `0.20`. */
export function formatRate(rate: string): string {
  const [whole, fraction = ''] = rate.split('.');
  const percent = `${whole === '0' ? '' : whole}${fraction.padEnd(2, '0').slice(0, 2)}`.replace(/^0+(?=\d)/, '') || '0';
  const rest = fraction.slice(2).replace(/0+$/, '');
  return `${percent}${rest ? `.${rest}` : ''}%`;
}
