import { applyDecorators } from '@nestjs/common';
import { ApiProperty, type ApiPropertyOptions } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, Length, Matches, Max, Min, type ValidationArguments } from 'class-validator';

/**
 * Field decorators for request DTOs (bodies, queries, path parameters). Each one documents the
 * field in OpenAPI and validates it with a single message that names the field and says what
 * would be accepted, whichever of its checks failed: `branches: "two"` gets one sentence about a
 * whole number from 1 to 10000, not three about types and ranges.
 *
 * `required: false` makes the field optional; `query: true` turns the query string's text into a
 * number first (query strings carry only text).
 */
interface FieldOptions {
  readonly description?: string;
  readonly example?: unknown;
  readonly required?: boolean;
  readonly default?: unknown;
}

type Said = (property: string) => string;

const once = (said: Said) => ({ message: (args: ValidationArguments) => said(args.property) });
const optional = (options: FieldOptions) => (options.required === false ? [IsOptional()] : []);
const documented = (options: FieldOptions, schema: ApiPropertyOptions) =>
  ApiProperty({ required: options.required !== false, description: options.description, example: options.example, default: options.default, ...schema } as ApiPropertyOptions);

export function IntegerField(min: number, max: number, options: FieldOptions & { readonly query?: boolean } = {}): PropertyDecorator {
  const said: Said = (property) => `${property} must be a whole number from ${min} to ${max}`;
  return applyDecorators(
    documented(options, { type: 'integer', minimum: min, maximum: max }),
    ...optional(options),
    ...(options.query ? [Type(() => Number)] : []),
    IsInt(once(said)),
    Min(min, once(said)),
    Max(max, once(said)),
  );
}

export function TextField(minLength: number, maxLength: number, options: FieldOptions = {}): PropertyDecorator {
  const said: Said = (property) => `${property} must be text of ${minLength} to ${maxLength} characters`;
  return applyDecorators(
    documented(options, { type: 'string', minLength, maxLength }),
    ...optional(options),
    IsString(once(said)),
    Length(minLength, maxLength, once(said)),
  );
}

/** A string matching `pattern`; `accepted` says in words what matches, e.g. "an ISO 4217 code such as GBP". */
export function PatternField(pattern: RegExp, accepted: string, options: FieldOptions = {}): PropertyDecorator {
  const said: Said = (property) => `${property} must be ${accepted}`;
  return applyDecorators(
    documented(options, { type: 'string', pattern: pattern.source }),
    ...optional(options),
    IsString(once(said)),
    Matches(pattern, once(said)),
  );
}

/** One of a fixed list of strings, documented as an enum. */
export function EnumField(values: readonly string[], options: FieldOptions = {}): PropertyDecorator {
  const said: Said = (property) => `${property} must be one of ${values.join(', ')}`;
  return applyDecorators(documented(options, { type: 'string', enum: [...values] }), ...optional(options), IsIn([...values], once(said)));
}

export function InstantField(options: FieldOptions = {}): PropertyDecorator {
  const said: Said = (property) => `${property} must be an ISO-8601 instant such as 2026-04-01T00:00:00Z`;
  return applyDecorators(
    documented(options, { type: 'string', format: 'date-time' }),
    ...optional(options),
    IsString(once(said)),
    IsISO8601({ strict: true, strictSeparator: true }, once(said)),
  );
}

const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/** A calendar date `YYYY-MM-DD`; whether it exists (2026-02-30) is the controller's to check. */
export function DateField(options: FieldOptions = {}): PropertyDecorator {
  const said: Said = (property) => `${property} must be a date YYYY-MM-DD such as 2026-03-01`;
  return applyDecorators(documented(options, { type: 'string', format: 'date' }), ...optional(options), IsString(once(said)), Matches(DATE_PATTERN, once(said)));
}

export const CURRENCY_PATTERN = /^[A-Z]{3}$/;
export const CURRENCY_ACCEPTED = 'an ISO 4217 code in capitals such as GBP';
export const TAX_REGION_PATTERN = /^[A-Z]{2}(-[A-Z0-9]{1,3})?$/;
export const TAX_REGION_ACCEPTED = 'a country code with an optional -SUBDIVISION, such as GB or CA-ON';
