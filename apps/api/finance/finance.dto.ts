import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsISO8601, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import { AfterQueryDto } from '../accounts/account.dto';
import { Problem } from '../../../libs/infra/http/problem';

/** Query strings and path parameters of the finance read endpoints. Unknown fields are refused by the global pipe. */
const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

export class InvoiceIdParam {
  @Matches(/^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$/, { message: 'invoiceId must be 1–100 letters, digits, - or _' })
  invoiceId!: string;
}

export class InvoiceListQueryDto extends AfterQueryDto {
  @ApiProperty({ required: false, minimum: 1, maximum: 100, default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;

  @ApiProperty({ required: false, description: 'The nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  cursor?: string;
}

export class TrialBalanceQueryDto extends AfterQueryDto {
  @ApiProperty({ example: 'GBP', description: 'The book: one per currency' })
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO 4217 code such as GBP' })
  currency!: string;

  @ApiProperty({ required: false, example: '2026-03-31T23:59:59.999Z', description: 'Count entries that occurred at or before this instant; default every entry' })
  @IsOptional()
  @IsISO8601({ strict: true, strictSeparator: true }, { message: 'asOf must be an ISO-8601 instant' })
  asOf?: string;
}

export class DateRangeQueryDto extends AfterQueryDto {
  @ApiProperty({ example: '2026-03-01', description: 'First UTC date, included' })
  @Matches(DATE_PATTERN, { message: 'from must be a date YYYY-MM-DD' })
  from!: string;

  @ApiProperty({ example: '2026-03-31', description: 'Last UTC date, included' })
  @Matches(DATE_PATTERN, { message: 'to must be a date YYYY-MM-DD' })
  to!: string;
}

/** Longest range a report answers in one go: ten years of days. */
export const REPORT_DAYS_MAX = 3660;

/** Checks what the decorators cannot: real calendar dates, in order, within the limit. */
export function checkDateRange({ from, to }: { from: string; to: string }): void {
  const errors = [['from', from], ['to', to]].filter(([, value]) => !isCalendarDate(value)).map(([field]) => ({ field, message: `${field} is not a calendar date` }));
  if (errors.length > 0) throw new Problem(400, 'VALIDATION_FAILED', 'the request is not valid', errors);
  const days = (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000 + 1;
  if (days < 1) throw new Problem(400, 'VALIDATION_FAILED', 'the request is not valid', [{ field: 'to', message: 'to must not be before from' }]);
  if (days > REPORT_DAYS_MAX) throw new Problem(400, 'VALIDATION_FAILED', 'the request is not valid', [{ field: 'to', message: `a report spans at most ${REPORT_DAYS_MAX} days` }]);
}

function isCalendarDate(value: string): boolean {
  const time = Date.parse(`${value}T00:00:00Z`);
  return !Number.isNaN(time) && new Date(time).toISOString().slice(0, 10) === value;
}

/** An instant in the normalised form the events use, so that comparisons are exact. */
export function normaliseInstant(value: string): string {
  const time = Date.parse(value);
  if (Number.isNaN(time)) throw new Problem(400, 'VALIDATION_FAILED', 'the request is not valid', [{ field: 'asOf', message: 'asOf must be an ISO-8601 instant' }]);
  return new Date(time).toISOString();
}
