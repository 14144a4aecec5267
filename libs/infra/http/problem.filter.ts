import { ArgumentsHost, Catch, HttpException, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { Logger } from 'pino';
import { InvariantViolation, Rejected } from '../../domain/decider';
import type { RejectionCode } from '../../domain/rejections';
import { ConcurrencyConflict } from '../../event-store/event-store.port';
import { isDatabaseUnavailable } from '../database/database-errors';
import { currentContext } from '../logging/request-context';
import { Problem } from './problem';

/** Turns whatever was thrown into the problem+json the contract promises. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const problem = toProblem(error);
    if (problem.status >= 500) this.logger.error({ err: error, status: problem.status }, 'request failed');
    sendProblem(reply, problem);
  }
}

export function sendProblem(reply: FastifyReply, problem: Problem): void {
  void reply
    .status(problem.status)
    .headers(problem.headers)
    .header('content-type', 'application/problem+json')
    .send(problem.body(currentContext()?.correlationId));
}

export function toProblem(error: unknown): Problem {
  if (error instanceof Problem) return error;
  if (error instanceof Rejected) return fromRejection(error);
  if (error instanceof ConcurrencyConflict) return new Problem(409, 'CONCURRENCY_CONFLICT', `The account kept changing while this command ran and ${error.attempts} attempts were used up; nothing was recorded. Read the account again and retry.`);
  if (error instanceof InvariantViolation) return new Problem(500, 'INTERNAL_ERROR', 'An internal invariant failed and nothing was recorded. Report this with the correlationId.');
  if (isDatabaseUnavailable(error)) return new Problem(503, 'SERVICE_UNAVAILABLE', 'The database is unavailable and nothing was recorded. Retry after the seconds Retry-After gives.', undefined, { 'retry-after': '5' });
  const fastify = error as { code?: string; statusCode?: number; message?: string };
  if (fastify.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return TOO_LARGE;
  if (fastify.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return unsupportedMediaType();
  if (fastify.code?.startsWith('FST_ERR_CTP_') || (error instanceof SyntaxError && fastify.statusCode === 400)) {
    return new Problem(400, 'VALIDATION_FAILED', 'The body is not valid JSON. Send a JSON object, or no body at all for commands that take none.', [{ field: '(body)', message: `the body must be JSON: ${fastify.message ?? 'it does not parse'}` }]);
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    if (status === 404) return new Problem(404, 'ROUTE_NOT_FOUND', 'No endpoint has this method and path. The endpoints are listed at /docs.');
    if (status === 405) return new Problem(405, 'METHOD_NOT_ALLOWED', 'This path does not take this method. The endpoints are listed at /docs.');
    if (status === 400) return new Problem(400, 'VALIDATION_FAILED', 'The request is not valid. Correct the field named in errors and send it again.', [{ field: '(request)', message: error.message }]);
    if (status === 413) return TOO_LARGE;
    if (status === 415) return unsupportedMediaType();
    return new Problem(status, status >= 500 ? 'INTERNAL_ERROR' : 'BAD_REQUEST', error.message);
  }
  if (fastify.statusCode === 414) return new Problem(414, 'URI_TOO_LONG', 'A path parameter is longer than this server reads. Send a shorter id.');
  if (typeof fastify.statusCode === 'number' && fastify.statusCode >= 400 && fastify.statusCode < 500) {
    const code = fastify.statusCode === 400 ? 'VALIDATION_FAILED' : 'BAD_REQUEST';
    return new Problem(fastify.statusCode, code, fastify.message ?? 'bad request');
  }
  return new Problem(500, 'INTERNAL_ERROR', 'An unexpected error occurred and nothing was recorded. Report this with the correlationId.');
}

const TOO_LARGE = new Problem(413, 'PAYLOAD_TOO_LARGE', 'The request body is larger than this server accepts. Send a smaller body.');

const unsupportedMediaType = () => new Problem(415, 'UNSUPPORTED_MEDIA_TYPE', 'The body must be JSON. Send it with Content-Type: application/json.');

/** Refusals that mean "no such thing": 404 rather than a business rule's 422. */
const NOT_FOUND_CODES: ReadonlySet<RejectionCode> = new Set<RejectionCode>(['ACCOUNT_NOT_FOUND', 'COUPON_NOT_FOUND', 'DISCOUNT_NOT_FOUND']);

/**
 * Business rules are 422; the domain's own shape checks are 400 naming each field at fault, and a
 * missing account, coupon or discount 404. The detail is the sentence rejections.ts gives the code.
 */
function fromRejection(rejection: Rejected): Problem {
  if (rejection.code === 'VALIDATION_FAILED') {
    const errors = rejection.errors.length > 0 ? rejection.errors : [{ field: '(body)', message: rejection.specifics ?? 'the request is not valid' }];
    return new Problem(400, 'VALIDATION_FAILED', rejection.message, errors);
  }
  if (NOT_FOUND_CODES.has(rejection.code)) return new Problem(404, rejection.code, rejection.message);
  return new Problem(422, rejection.code, rejection.message);
}
