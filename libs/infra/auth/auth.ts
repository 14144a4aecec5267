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

/** `Authorization: Bearer <JWT>`, the JWT's three base64url parts separated by dots. */
export const BEARER_HEADER = /^Bearer [\w-]+\.[\w-]+\.[\w-]+$/;

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
  private readonly routes = new WeakMap<object, WeakMap<object, RouteAccess>>();

  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
  ) {}

  /**
   * Answers at once, without a promise for Nest to await, for public routes and for a token that
   * verified before (the rate limiter has usually just verified it); only a token not seen yet waits.
   */
  canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    const route = this.routeOf(context);
    if (route.isPublic) return true;
    const request = context.switchToHttp().getRequest<AuthedRequest>();
    const header = request.headers.authorization;
    if (!header) throw new Problem(401, 'UNAUTHENTICATED', NO_TOKEN, undefined, { 'www-authenticate': 'Bearer' });
    if (!BEARER_HEADER.test(header)) throw new Problem(401, 'UNAUTHENTICATED', MALFORMED_TOKEN, undefined, { 'www-authenticate': 'Bearer' });
    const token = header.slice('Bearer '.length);
    const known = this.tokens.remembered(token);
    if (known) return admit(known, route.allowed, request);
    return this.tokens.verify(token).then((principal) => admit(principal, route.allowed, request));
  }

  /**
   * The route's metadata, read once per controller and handler (a handler inherited by two
   * controllers may meet different class-level roles): it is fixed when the application starts.
   */
  private routeOf(context: ExecutionContext): RouteAccess {
    const [handler, controller] = [context.getHandler(), context.getClass()];
    let routes = this.routes.get(controller);
    if (!routes) this.routes.set(controller, (routes = new WeakMap()));
    let route = routes.get(handler);
    if (!route) {
      const targets = [handler, controller];
      route = { isPublic: this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets) === true, allowed: this.reflector.getAllAndOverride<Role[]>(ROLES_KEY, targets) ?? [] };
      routes.set(handler, route);
    }
    return route;
  }
}

interface RouteAccess {
  readonly isPublic: boolean;
  readonly allowed: readonly Role[];
}

function admit(principal: Principal, allowed: readonly Role[], request: AuthedRequest): true {
  request.principal = principal;
  const requestContext = currentContext();
  if (requestContext) {
    requestContext.actor = principal.sub;
    requestContext.role = principal.role;
  }
  if (principal.role !== 'admin' && !allowed.includes(principal.role)) {
    throw new Problem(403, 'FORBIDDEN', `A ${principal.role} token may not call this endpoint. It is for ${[...allowed, 'admin'].join(' and ')} tokens.`);
  }
  if (principal.role === 'vendor') assertOwnAccount(principal, request);
  return true;
}

function assertOwnAccount(principal: Principal, request: AuthedRequest): void {
  const params = request.params as Record<string, string> | undefined;
  const body = request.body as Record<string, unknown> | undefined;
  const target = params?.id ?? (typeof body?.accountId === 'string' ? body.accountId : undefined);
  if (target !== undefined && target !== principal.accountId) {
    throw new Problem(403, 'FORBIDDEN', `A vendor token may act only on its own account (${principal.accountId}), and this request is about another. Use that account's own token.`);
  }
}
