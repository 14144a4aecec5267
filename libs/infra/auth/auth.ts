import { CanActivate, ExecutionContext, Injectable, SetMetadata, createParamDecorator } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { jwtVerify, SignJWT, errors as joseErrors } from 'jose';
import { Problem } from '../http/problem';
import { currentContext } from '../logging/request-context';

/**
 * Bearer JWTs (HS256, JWT_SECRET) with the contract's claims: `sub`, `role` and, for vendors,
 * `accountId`. Each route names the roles it admits; admin is admitted everywhere; a vendor only
 * reaches routes of its own account (the `:id` path parameter, or `accountId` in the body).
 */
export type Role = 'vendor' | 'finance' | 'admin';
export const ROLES: readonly Role[] = ['vendor', 'finance', 'admin'];

export interface Principal {
  readonly sub: string;
  readonly role: Role;
  readonly accountId?: string;
}

const ROLES_KEY = 'billing:roles';
const PUBLIC_KEY = 'billing:public';

export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);
/** Open routes: health, metrics, docs, and the Stripe webhook (authenticated by its signature). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

type AuthedRequest = FastifyRequest & { principal?: Principal };

export const CurrentPrincipal = createParamDecorator((_data: unknown, ctx: ExecutionContext): Principal => {
  const principal = ctx.switchToHttp().getRequest<AuthedRequest>().principal;
  if (!principal) throw new Problem(401, 'UNAUTHENTICATED', 'a bearer token is required');
  return principal;
});

export class TokenService {
  private readonly key: Uint8Array;

  constructor(secret: string) {
    this.key = new TextEncoder().encode(secret);
  }

  async mint(principal: Principal, ttlSeconds = 3600): Promise<string> {
    const claims: Record<string, string> = { role: principal.role };
    if (principal.accountId) claims.accountId = principal.accountId;
    return new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setSubject(principal.sub).setIssuedAt().setExpirationTime(`${ttlSeconds}s`).sign(this.key);
  }

  async verify(token: string): Promise<Principal> {
    try {
      const { payload } = await jwtVerify(token, this.key, { algorithms: ['HS256'] });
      const role = payload.role;
      if (typeof payload.sub !== 'string' || !ROLES.includes(role as Role)) throw new Problem(401, 'UNAUTHENTICATED', 'the token lacks sub or a known role');
      if (role === 'vendor' && typeof payload.accountId !== 'string') throw new Problem(401, 'UNAUTHENTICATED', 'a vendor token must name its accountId');
      return { sub: payload.sub, role: role as Role, accountId: typeof payload.accountId === 'string' ? payload.accountId : undefined };
    } catch (error) {
      if (error instanceof Problem) throw error;
      const expired = error instanceof joseErrors.JWTExpired;
      throw new Problem(401, 'UNAUTHENTICATED', expired ? 'the token has expired' : 'the token is not valid');
    }
  }
}

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
    if (!header || !/^Bearer [\w-]+\.[\w-]+\.[\w-]+$/.test(header)) throw new Problem(401, 'UNAUTHENTICATED', 'a bearer token is required', undefined, { 'www-authenticate': 'Bearer' });
    const principal = await this.tokens.verify(header.slice('Bearer '.length));
    request.principal = principal;
    const requestContext = currentContext();
    if (requestContext) {
      requestContext.actor = principal.sub;
      requestContext.role = principal.role;
    }
    const allowed = this.reflector.getAllAndOverride<Role[]>(ROLES_KEY, targets) ?? [];
    if (principal.role !== 'admin' && !allowed.includes(principal.role)) throw new Problem(403, 'FORBIDDEN', `the ${principal.role} role may not do this`);
    if (principal.role === 'vendor') assertOwnAccount(principal, request);
    return true;
  }
}

function assertOwnAccount(principal: Principal, request: AuthedRequest): void {
  const params = request.params as Record<string, string> | undefined;
  const body = request.body as Record<string, unknown> | undefined;
  const target = params?.id ?? (typeof body?.accountId === 'string' ? body.accountId : undefined);
  if (target !== undefined && target !== principal.accountId) throw new Problem(403, 'FORBIDDEN', 'a vendor may only act on its own account');
}
