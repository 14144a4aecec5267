import type { FastifyReply } from 'fastify';
import { accountView } from '../../../libs/domain/billing-account/account-view';
import type { BillingAccountState } from '../../../libs/domain/billing-account/billing-account.state';
import { invariant } from '../../../libs/domain/decider';
import type { CommandCaller } from '../../../libs/application/commands/billing-commands';
import type { CommandOutcome } from '../../../libs/application/commands/handle-command';
import type { Principal } from '../../../libs/infra/auth/auth';
import type { IdempotencyRequest } from '../../../libs/infra/http/idempotency.interceptor';
import type { AccountCommandResultDto } from './account-view.dto';

/** Who sends a command from an HTTP request, with the request's Idempotency-Key. */
export function callerOf(who: Principal, request: { idempotency?: IdempotencyRequest }): CommandCaller {
  return { actor: who.sub, role: who.role, idempotencyKey: request.idempotency?.key, requestHash: request.idempotency?.requestHash };
}

/** What every account command answers: the account it produced and the position to read it at. */
export function accountAnswer(outcome: CommandOutcome<BillingAccountState>, reply: FastifyReply): AccountCommandResultDto {
  if (outcome.replayed) void reply.header('idempotent-replayed', 'true');
  invariant(outcome.position !== undefined, `account ${outcome.state.accountId} has no events after a command succeeded`);
  return { account: accountView(outcome.state), position: outcome.position };
}
