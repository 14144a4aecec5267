import { ArgumentsHost, Catch, HttpException, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { Logger } from 'pino';
import { InvariantViolation, Rejected } from '../../domain/decider';
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
  if (error instanceof ConcurrencyConflict) return new Problem(409, 'CONCURRENCY_CONFLICT', error.message);
  if (error instanceof InvariantViolation) return new Problem(500, 'INTERNAL_ERROR', 'an internal invariant failed; nothing was recorded');
  if (isDatabaseUnavailable(error)) return new Problem(503, 'SERVICE_UNAVAILABLE', 'the database is unavailable; retry later', undefined, { 'retry-after': '5' });
  const fastify = error as { code?: string; statusCode?: number; message?: string };
  if (fastify.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return new Problem(413, 'PAYLOAD_TOO_LARGE', 'the request body is too large');
  if (fastify.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return new Problem(415, 'UNSUPPORTED_MEDIA_TYPE', 'send application/json');
  if (fastify.code?.startsWith('FST_ERR_CTP_') || (error instanceof SyntaxError && fastify.statusCode === 400)) {
    return new Problem(400, 'VALIDATION_FAILED', 'the body is not valid JSON', [{ field: '(body)', message: fastify.message ?? 'invalid JSON' }]);
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    if (status === 404) return new Problem(404, 'ROUTE_NOT_FOUND', 'no such endpoint');
    if (status === 405) return new Problem(405, 'METHOD_NOT_ALLOWED', 'method not allowed here');
    if (status === 400) return new Problem(400, 'VALIDATION_FAILED', 'the request is not valid', [{ field: '(body)', message: error.message }]);
    if (status === 413) return new Problem(413, 'PAYLOAD_TOO_LARGE', 'the request body is too large');
    if (status === 415) return new Problem(415, 'UNSUPPORTED_MEDIA_TYPE', 'send application/json');
    return new Problem(status, status >= 500 ? 'INTERNAL_ERROR' : 'BAD_REQUEST', error.message);
  }
  if (typeof fastify.statusCode === 'number' && fastify.statusCode >= 400 && fastify.statusCode < 500) {
    const code = fastify.statusCode === 400 ? 'VALIDATION_FAILED' : 'BAD_REQUEST';
    return new Problem(fastify.statusCode, code, fastify.message ?? 'bad request');
  }
  return new Problem(500, 'INTERNAL_ERROR', 'an unexpected error occurred; nothing was recorded');
}

/** Rejections that mean "no such thing": 404 rather than a business rule's 422. */
const NOT_FOUND_CODES: ReadonlySet<string> = new Set(['COUPON_NOT_FOUND', 'DISCOUNT_NOT_FOUND']);

/** Business rules are 422; the domain's own shape checks are 400, and a missing account 404. */
function fromRejection(rejection: Rejected): Problem {
  if (rejection.code === 'VALIDATION_FAILED') {
    return new Problem(400, 'VALIDATION_FAILED', rejection.message, rejection.errors ?? [{ field: '(body)', message: rejection.message }]);
  }
  if (rejection.code === 'ACCOUNT_NOT_FOUND') return new Problem(404, 'ACCOUNT_NOT_FOUND', 'no such account');
  if (NOT_FOUND_CODES.has(rejection.code)) return new Problem(404, rejection.code, rejection.message);
  return new Problem(422, rejection.code, rejection.message);
}
