import { ExecutionContext, Inject, Injectable, SetMetadata, type CanActivate } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Pool } from 'pg';
import { isPosition } from '../../event-store/position';
import { waitForFollower, waitForPosition } from '../projections/read-your-writes';
import { POOL, READ_MODEL_NAMES } from '../runtime-tokens';
import { Problem } from './problem';

/**
 * `?after=<position>` on every GET (api.md, conventions), in one place rather than in each
 * controller: the position is checked, taken out of the query (so no query DTO needs to declare
 * it), and the request waits (at most 5 s) until the read models the route reads have applied it.
 * When the wait times out the route answers what it has, with `x-read-model-behind: true`.
 *
 * A route says what it reads with `@ReadsFrom('accounts', 'invoices')`. `@ReadsFrom()` (nothing)
 * is for routes that read the event store itself, or tables the request path writes
 * synchronously: a position a command returned is committed before the answer, so they already
 * include it and need not wait. A route that says nothing waits for every read model, which is
 * always correct, only slower than it needs to be.
 *
 * It is a guard, registered after the AuthGuard, rather than an interceptor: it only has to run
 * before the handler, and a route with no interceptor at all skips Nest's RxJS wrapping of the
 * handler, which cost a hot read about a sixth of its CPU (BENCHMARKS.md, reads). Guards run
 * before pipes, as interceptors do, so `after` is out of the query before the query DTO sees it.
 */
const READS_FROM_KEY = 'billing:reads-from';
const FOLLOWS_KEY = 'billing:follows';

export const ReadsFrom = (...readModels: string[]) => SetMetadata(READS_FROM_KEY, readModels);

/**
 * For routes that read what a feed follower (libs/infra/feed) writes, such as the webhook
 * delivery log or the email outbox: `?after=` waits for that follower's checkpoint instead.
 */
export const ReadsFromFollower = (follower: string) => SetMetadata(FOLLOWS_KEY, follower);

export const READ_MODEL_BEHIND_HEADER = 'x-read-model-behind';

@Injectable()
export class ReadYourWritesGuard implements CanActivate {
  constructor(
    @Inject(POOL) private readonly pool: Pool,
    @Inject(READ_MODEL_NAMES) private readonly allReadModels: readonly string[],
    private readonly reflector: Reflector,
  ) {}

  /** Answers at once, without a promise for Nest to await, when there is nothing to wait for. */
  canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    if (request.method !== 'GET') return true;
    const query = request.query as Record<string, unknown> | undefined;
    if (query === undefined || query === null || !('after' in query)) return true;
    return this.waitForAfter(context, query);
  }

  private async waitForAfter(context: ExecutionContext, query: Record<string, unknown>): Promise<boolean> {
    const http = context.switchToHttp();
    const after = query.after;
    delete query.after;
    if (typeof after !== 'string' || !isPosition(after)) {
      throw new Problem(400, 'VALIDATION_FAILED', 'after is not a ledger position. Send the position a command answered with, or leave after out.', [
        { field: 'after', message: 'after must be a position returned by a command, such as 0000000000000a1f-0000000000000042' },
      ]);
    }
    const targets = [context.getHandler(), context.getClass()];
    const follower = this.reflector.getAllAndOverride<string | undefined>(FOLLOWS_KEY, targets);
    const readModels = this.reflector.getAllAndOverride<string[] | undefined>(READS_FROM_KEY, targets) ?? this.allReadModels;
    const caughtUp = follower !== undefined ? await waitForFollower(this.pool, follower, after) : readModels.length === 0 || (await waitForPosition(this.pool, readModels, after));
    if (!caughtUp) void http.getResponse<FastifyReply>().header(READ_MODEL_BEHIND_HEADER, 'true');
    return true;
  }
}
