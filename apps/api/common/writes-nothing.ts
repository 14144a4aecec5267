import { applyDecorators } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';
import { WritesNothing } from '../../../libs/infra/http/idempotency.interceptor';

/**
 * A POST that only computes an answer (a preview): the idempotency interceptor passes it by, so an
 * Idempotency-Key on it is ignored and stays free for the command it previews. The document says
 * so with `x-writes-nothing: true`, and openapi-document.ts then gives the operation none of what
 * every command has (the Idempotency-Key parameter, the Idempotent-Replayed header, the
 * IDEMPOTENCY_KEY_REUSED refusal), which would promise what the route does not do.
 */
export const WRITES_NOTHING_EXTENSION = 'x-writes-nothing';

export function ApiWritesNothing(): MethodDecorator {
  return applyDecorators(WritesNothing(), ApiExtension(WRITES_NOTHING_EXTENSION, true));
}
