import { CanActivate, ExecutionContext, Injectable, SetMetadata, createParamDecorator } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { Problem } from '../http/problem';
import { currentContext } from '../logging/request-context';
import type { Principal, Role } from './principal';
import { TokenService } from './token.service';

export { ROLES, type Principal, type Role } from './principal';
export { TokenService, type TokenServiceOptions } from './token.service';

/**
 * Bearer JWTs (HS256, JWT_SECRET) with the contract's claims: `sub`, `role` and, for vendors,
 * `accountId`. Each route names the roles it admits; admin is admitted everywhere; a vendor only
 * reaches routes of its own account (the `:id` path parameter, or `accountId` in the body).
 */
const ROLES_KEY = 'billing:roles';
const PUBLIC_KEY = 'billing:public';

const NO_TOKEN = 'This endpoint needs a bearer token. Send the header Authorization: Bearer <token> with a token this ledger issued.';
const MALFORMED_TOKEN = 'The Authorization header is not a bearer token. Send Authorization: Bearer <token>, where the token is a JWT (three base64url parts separated by dots) this ledger issued.';

export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);
/** Open routes: health, metrics, docs, and the Stripe webhook (authenticated by its signature). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

type AuthedRequest = FastifyRequest & { principal?: Principal };

export const CurrentPrincipal = createParamDecorator((_data: unknown, ctx: ExecutionContext): Principal => {
  const principal = ctx.switchToHttp().getRequest<AuthedRequest>().principal;
  if (!principal) throw new Problem(401, 'UNAUTHENTICATED', NO_TOKEN);
  return principal;
});

@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const request = context.switchToHttp().getRequest<AuthedRequest>();
    const header = request.headers.authorization;
    if (!header) throw new Problem(401, 'UNAUTHENTICATED', NO_TOKEN, undefined, { 'www-authenticate': 'Bearer' });
    if (!/^Bearer [\w-]+\.[\w-]+\.[\w-]+$/.test(header)) throw new Problem(401, 'UNAUTHENTICATED', MALFORMED_TOKEN, undefined, { 'www-authenticate': 'Bearer' });
    const principal = await this.tokens.verify(header.slice('Bearer '.length));
    request.principal = principal;
    const requestContext = currentContext();
    if (requestContext) {
      requestContext.actor = principal.sub;
      requestContext.role = principal.role;
    }
    const allowed = this.reflector.getAllAndOverride<Role[]>(ROLES_KEY, targets) ?? [];
    if (principal.role !== 'admin' && !allowed.includes(principal.role)) {
      throw new Problem(403, 'FORBIDDEN', `A ${principal.role} token may not call this endpoint. It is for ${[...allowed, 'admin'].join(' and ')} tokens.`);
    }
    if (principal.role === 'vendor') assertOwnAccount(principal, request);
    return true;
  }
}

function assertOwnAccount(principal: Principal, request: AuthedRequest): void {
  const params = request.params as Record<string, string> | undefined;
  const body = request.body as Record<string, unknown> | undefined;
  const target = params?.id ?? (typeof body?.accountId === 'string' ? body.accountId : undefined);
  if (target !== undefined && target !== principal.accountId) {
    throw new Problem(403, 'FORBIDDEN', `A vendor token may act only on its own account (${principal.accountId}), and this request is about another. Use that account's own token.`);
  }
}
