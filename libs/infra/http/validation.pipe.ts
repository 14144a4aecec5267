import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { Problem, type FieldError } from './problem';

/**
 * class-validator on every body, query and path parameter: unknown fields are refused rather
 * than dropped, so a client's typo is an error and not a silent no-op. Each field at fault gets
 * its own entry in `errors`, once: the field decorators (apps/api/common/fields.ts) give all the
 * checks of a field one message, and the same message is not repeated.
 */
export const VALIDATION_DETAIL = 'The request is not valid. Each entry of errors names a field and says what it accepts.';

export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => new Problem(400, 'VALIDATION_FAILED', VALIDATION_DETAIL, fieldErrors(errors)),
  });
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
