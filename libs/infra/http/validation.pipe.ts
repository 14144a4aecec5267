import { ValidationPipe, type ArgumentMetadata, type ValidationError, type ValidationPipeOptions } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { Problem, type FieldError } from './problem';
import { validationPlan } from './validation-plan';

/**
 * class-validator on every body, query and path parameter: unknown fields are refused rather
 * than dropped, so a client's typo is an error and not a silent no-op. Each field at fault gets
 * its own entry in `errors`, once: the field decorators (apps/api/common/fields.ts) give all the
 * checks of a field one message, and the same message is not repeated.
 */
export const VALIDATION_DETAIL = 'The request is not valid. Each entry of errors names a field and says what it accepts.';

/** The pipe's options; `planned: false` gives Nest's own pipe with them (a test compares the two). */
export function createValidationPipe(options: { readonly planned?: boolean } = {}): ValidationPipe {
  const settings: ValidationPipeOptions = {
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => new Problem(400, 'VALIDATION_FAILED', VALIDATION_DETAIL, fieldErrors(errors)),
  };
  return options.planned === false ? new ValidationPipe(settings) : new PlannedValidationPipe(settings);
}

/**
 * The ValidationPipe with a shorter road for path parameters and queries that pass: their class's
 * rules run from a plan made once (validation-plan.ts) instead of through class-validator's
 * per-call lookup. Only a value made of known fields holding text takes it; the instance is built
 * by class-transformer as the pipe builds it; anything else, and every value that fails, goes
 * through the pipe itself, so the errors and their wording are class-validator's as before.
 */
class PlannedValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    return this.planned(value, metadata) ?? super.transform(value, metadata);
  }

  private planned(value: unknown, metadata: ArgumentMetadata): object | undefined {
    const metatype = metadata.metatype;
    if ((metadata.type !== 'param' && metadata.type !== 'query') || !metatype || !this.toValidate(metadata) || !isTextRecord(value)) return undefined;
    const plan = validationPlan(metatype);
    if (!plan || Object.keys(value).some((key) => !plan.properties.has(key))) return undefined;
    const entity = ((this.transformOptions === undefined ? plan.instantiate(value) : undefined) ?? plainToInstance(metatype as new () => object, value, this.transformOptions)) as Record<string, unknown>;
    if (entity.constructor !== metatype || Object.keys(entity).some((key) => !plan.properties.has(key))) return undefined;
    return plan.passes(entity) ? entity : undefined;
  }
}

/**
 * A plain object whose every value is a string. Fastify builds path parameters and query strings
 * on a "null object": a prototype that is itself empty and has no prototype, for speed.
 */
function isTextRecord(value: unknown): value is Record<string, string> {
  if (typeof value !== 'object' || value === null) return false;
  const prototype = Object.getPrototypeOf(value) as object | null;
  const plain = prototype === Object.prototype || prototype === null || (Object.getPrototypeOf(prototype) === null && Reflect.ownKeys(prototype).length === 0);
  return plain && Object.values(value).every((field) => typeof field === 'string');
}

export function fieldErrors(errors: readonly ValidationError[], parent = ''): FieldError[] {
  const seen = new Set<string>();
  return flatten(errors, parent).filter((error) => {
    const key = `${error.field}\n${error.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function flatten(errors: readonly ValidationError[], parent: string): FieldError[] {
  return errors.flatMap((error) => {
    const field = error.property ? (parent ? `${parent}.${error.property}` : error.property) : parent || '(body)';
    const own = Object.entries(error.constraints ?? {}).map(([constraint, message]) => ({ field, message: reworded(constraint, field, message) }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/** class-validator's own words for the refusals that are not a field's own check. */
function reworded(constraint: string, field: string, message: string): string {
  if (constraint === 'whitelistValidation') return `${field} is not accepted here; remove it (names are case-sensitive camelCase)`;
  if (constraint === 'unknownValue') return 'the body must be a JSON object';
  return message;
}
