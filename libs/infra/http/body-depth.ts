import type { FastifyInstance } from 'fastify';
import { Problem } from './problem';
import { sendProblem } from './problem.filter';

/**
 * Refuses JSON bodies nested deeper than any request of this API needs. JSON.parse copes with
 * deep nesting, but the recursive code after it (class-transformer, validation, canonical JSON
 * for idempotency) overflows the stack on a few thousand levels, which would be a 500.
 */
export const BODY_DEPTH_MAX = 32;

/** Depth of a parsed JSON value, walked without recursion; stops counting past `limit`. */
export function exceedsDepth(value: unknown, limit: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop() as [unknown, number];
    if (current === null || typeof current !== 'object') continue;
    if (depth >= limit) return true;
    for (const child of Object.values(current as Record<string, unknown>)) stack.push([child, depth + 1]);
  }
  return false;
}

export function installBodyDepthLimit(fastify: FastifyInstance, limit = BODY_DEPTH_MAX): void {
  // A callback hook, not an async one: it never waits, and an async hook costs every request a
  // promise. Answering without calling `done` ends the request here.
  fastify.addHook('preValidation', (request, reply, done) => {
    if (!exceedsDepth(request.body, limit)) {
      done();
      return;
    }
    sendProblem(reply, new Problem(400, 'VALIDATION_FAILED', `The body is nested deeper than ${limit} levels. Send the flat JSON object the endpoint documents.`, [{ field: '(body)', message: `the body may nest at most ${limit} levels` }]));
  });
}
