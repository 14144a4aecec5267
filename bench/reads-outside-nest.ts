import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ACCOUNT_ID_PATTERN } from '../apps/api/accounts/account.dto';
import { pageOfKnownAccount } from '../apps/api/accounts/known-account';
import { BEARER_HEADER, TokenService } from '../libs/infra/auth/auth';
import type { Principal } from '../libs/infra/auth/principal';
import { PAGE_SIZE_DEFAULT } from '../libs/infra/http/pagination';
import { notFound, Problem } from '../libs/infra/http/problem';
import { sendProblem, toProblem } from '../libs/infra/http/problem.filter';
import type { Runtime } from '../libs/infra/runtime';
import { findAccount } from '../projections/accounts/accounts.query';
import { listAccountInvoices } from '../projections/invoices/invoices.query';

/**
 * For reference in the reads section, never in the product: the two hot reads answered by Fastify
 * routes on the API's own Fastify instance, so every request hook of the API (correlation id,
 * deadline, rate limit, security headers, metrics, the request log) still runs, but Nest's
 * pipeline does not. Each does the work the Nest route does on a read that succeeds: the bearer
 * check (the rate limiter has verified the token already, as it has for the API), the role, the
 * id's pattern, the read model's query. It measures the lever docs/decisions.md declines ("the
 * hot reads stay in Nest's pipeline"), so that what would meet the goal is a figure of the run.
 */
export const OUTSIDE_NEST_PREFIX = '/bench/outside-nest';

let answered = 0;

/** Reads these routes answered in this process: the smoke test checks the load reached them, not Nest's. */
export function outsideNestAnswers(): number {
  return answered;
}

export function installOutsideNestReads(fastify: FastifyInstance, runtime: Runtime, tokens: TokenService): void {
  fastify.get(`${OUTSIDE_NEST_PREFIX}/v1/accounts/:id`, (request, reply) =>
    answer(request, reply, tokens, async (id) => {
      const account = await findAccount(runtime.pool, id);
      if (!account) throw notFound('account', id);
      return account;
    }),
  );
  fastify.get(`${OUTSIDE_NEST_PREFIX}/v1/accounts/:id/invoices`, (request, reply) =>
    answer(request, reply, tokens, async (id) => pageOfKnownAccount(runtime.pool, id, await listAccountInvoices(runtime.pool, id, PAGE_SIZE_DEFAULT), undefined)),
  );
}

async function answer(request: FastifyRequest, reply: FastifyReply, tokens: TokenService, read: (id: string) => Promise<unknown>): Promise<unknown> {
  try {
    const header = request.headers.authorization;
    if (!header || !BEARER_HEADER.test(header)) throw new Problem(401, 'UNAUTHENTICATED', 'bearer token needed');
    const token = header.slice('Bearer '.length);
    const principal: Principal = tokens.remembered(token) ?? (await tokens.verify(token));
    if (!['admin', 'vendor', 'finance'].includes(principal.role)) throw new Problem(403, 'FORBIDDEN', 'role');
    const { id } = request.params as { id: string };
    if (principal.role === 'vendor' && principal.accountId !== id) throw new Problem(403, 'FORBIDDEN', 'not your account');
    if (!ACCOUNT_ID_PATTERN.test(id)) throw new Problem(400, 'VALIDATION_FAILED', 'id');
    const body = await read(id);
    answered++;
    return body;
  } catch (error) {
    sendProblem(reply, toProblem(error));
    return reply;
  }
}
