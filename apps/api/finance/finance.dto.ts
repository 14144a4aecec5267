import { Problem } from '../../../libs/infra/http/problem';
import { VALIDATION_DETAIL } from '../../../libs/infra/http/validation.pipe';
import { CURRENCY_ACCEPTED, CURRENCY_PATTERN, DateField, InstantField, PatternField } from '../common/fields';
import { PageQueryDto } from '../common/page';

/** Query strings and path parameters of the finance read endpoints. Unknown fields are refused by the global pipe. */
export class InvoiceIdParam {
  @PatternField(/^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$/, '1 to 100 letters, digits, - or _', { example: '0196a1b2-7c3d-7e4f-8a5b-6c7d8e9f0a1b', description: 'The invoice (or credit note) id' })
  invoiceId!: string;
}

export class InvoiceListQueryDto extends PageQueryDto {}

export class TrialBalanceQueryDto {
  @PatternField(CURRENCY_PATTERN, CURRENCY_ACCEPTED, { example: 'GBP', description: 'The book: one per currency' })
  currency!: string;

  @InstantField({ required: false, example: '2026-03-31T23:59:59.999Z', description: 'Count entries that occurred at or before this instant; default every entry' })
  asOf?: string;
}

export class DateRangeQueryDto {
  @DateField({ example: '2026-03-01', description: 'First UTC date, included' })
  from!: string;

  @DateField({ example: '2026-03-31', description: 'Last UTC date, included' })
  to!: string;
}

/** Longest range a report answers in one go: ten years of days. */
export const REPORT_DAYS_MAX = 3660;

/** Checks what the decorators cannot: real calendar dates, in order, within the limit. */
export function checkDateRange({ from, to }: { from: string; to: string }): void {
  const errors = [['from', from], ['to', to]].filter(([, value]) => !isCalendarDate(value)).map(([field, value]) => ({ field, message: `${field} must be a date that exists; ${value} does not` }));
  if (errors.length > 0) throw new Problem(400, 'VALIDATION_FAILED', VALIDATION_DETAIL, errors);
  const days = (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000 + 1;
  if (days < 1) throw new Problem(400, 'VALIDATION_FAILED', VALIDATION_DETAIL, [{ field: 'to', message: 'to must be on or after from' }]);
  if (days > REPORT_DAYS_MAX) throw new Problem(400, 'VALIDATION_FAILED', VALIDATION_DETAIL, [{ field: 'to', message: `to must be at most ${REPORT_DAYS_MAX} days after from` }]);
}

function isCalendarDate(value: string): boolean {
  const time = Date.parse(`${value}T00:00:00Z`);
  return !Number.isNaN(time) && new Date(time).toISOString().slice(0, 10) === value;
}

/** An instant in the normalised form the events use, so that comparisons are exact. */
export function normaliseInstant(value: string): string {
  const time = Date.parse(value);
  if (Number.isNaN(time)) throw new Problem(400, 'VALIDATION_FAILED', VALIDATION_DETAIL, [{ field: 'asOf', message: 'asOf must be an ISO-8601 instant such as 2026-04-01T00:00:00Z' }]);
  return new Date(time).toISOString();
}
