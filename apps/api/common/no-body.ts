import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { Problem } from '../../../libs/infra/http/problem';

/**
 * For commands that take no body (hibernate, resume, cancel): no body, an empty one, `{}` or
 * `null` are all accepted, whatever the Content-Type says (create-api-app.ts reads an empty JSON
 * body as none); a body with fields is refused, naming them, so that a client that thinks it is
 * passing something learns it is not. The OpenAPI document shows no request body.
 */
export const NoBody = createParamDecorator((_data: unknown, context: ExecutionContext): undefined => {
  const body: unknown = context.switchToHttp().getRequest<FastifyRequest>().body;
  if (body === undefined || body === null) return undefined;
  const isObject = typeof body === 'object' && !Array.isArray(body);
  if (isObject && Object.keys(body).length === 0) return undefined;
  const fields = isObject ? Object.keys(body) : ['(body)'];
  throw new Problem(
    400,
    'VALIDATION_FAILED',
    'This command takes no body. Send no body at all, or {}.',
    fields.map((field) => ({ field, message: `${field} is not accepted here; this command takes no body` })),
  );
});
