import { CallHandler, ExecutionContext, Inject, Injectable, RequestMethod, SetMetadata, type NestInterceptor, type Type } from '@nestjs/common';
import { HTTP_CODE_METADATA, INTERCEPTORS_METADATA, METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { Reflector } from '@nestjs/core';
import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Pool } from 'pg';
import { from, of, mergeMap, catchError, throwError, type Observable } from 'rxjs';
import { rejectionSentence } from '../../domain/rejections';
import { canonicalJson } from '../../event-store/hash-chain';
import type { Principal } from '../auth/auth';
import { POOL } from '../runtime-tokens';
import { Problem } from './problem';
import { toProblem } from './problem.filter';

/**
 * `Idempotency-Key` on commands (api.md): a repeat with the same key and body gets the first
 * answer, status and body, with `Idempotent-Replayed: true`; the same key with another body is
 * 422 IDEMPOTENCY_KEY_REUSED. Answers are cached here for at least 24 h; the events carry the key
 * as well (handle-command.ts), so the effect stays exactly-once even when this cache missed.
 * Refusals that did not run the command (400, 401, 409, 429, 5xx) are not cached: a retry may pass.
 */
export interface IdempotencyRequest {
  readonly key: string;
  readonly requestHash: string;
}

type KeyedRequest = FastifyRequest & { principal?: Principal; idempotency?: IdempotencyRequest };

const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

const WRITES_NOTHING_KEY = 'billing:writes-nothing';

/**
 * A POST that only computes an answer (a preview): there is no effect to make exactly-once, so an
 * Idempotency-Key on it is ignored and no answer is kept for it.
 */
export const WritesNothing = () => SetMetadata(WRITES_NOTHING_KEY, true);
const CACHED_FAILURES = new Set([404, 422]);

@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    @Inject(POOL) private readonly pool: Pool,
    private readonly reflector: Reflector,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const request = http.getRequest<KeyedRequest>();
    const reply = http.getResponse<FastifyReply>();
    const key = request.headers['idempotency-key'];
    if (typeof key !== 'string' || !['POST', 'PUT', 'PATCH'].includes(request.method)) return next.handle();
    if (this.reflector.get<boolean>(WRITES_NOTHING_KEY, context.getHandler())) return next.handle();
    if (!KEY_PATTERN.test(key)) throw new Problem(400, 'VALIDATION_FAILED', 'The Idempotency-Key header is not valid. Send 1 to 255 visible ASCII characters, such as a UUID.', [{ field: 'Idempotency-Key', message: 'Idempotency-Key must be 1 to 255 visible ASCII characters, such as a UUID' }]);

    const principal = request.principal?.sub ?? 'anonymous';
    const requestHash = createHash('sha256').update(`${request.method} ${request.url}\n${canonicalBody(request.body)}`).digest('hex');
    request.idempotency = { key, requestHash };
    const successStatus = this.reflector.get<number>(HTTP_CODE_METADATA, context.getHandler()) ?? (request.method === 'POST' ? 201 : 200);

    return from(this.find(principal, key)).pipe(
      mergeMap((cached) => {
        if (cached) {
          if (cached.request_hash !== requestHash) throw new Problem(422, 'IDEMPOTENCY_KEY_REUSED', rejectionSentence('IDEMPOTENCY_KEY_REUSED'));
          void reply.status(cached.status_code).header('idempotent-replayed', 'true');
          if (cached.status_code >= 400) void reply.header('content-type', 'application/problem+json');
          return of(cached.body);
        }
        return next.handle().pipe(
          mergeMap((body) => from(this.remember(principal, key, requestHash, successStatus, body)).pipe(mergeMap(() => of(body)))),
          catchError((error: unknown) => {
            const problem = toProblem(error);
            if (!CACHED_FAILURES.has(problem.status)) return throwError(() => error);
            return from(this.remember(principal, key, requestHash, problem.status, problem.body())).pipe(mergeMap(() => throwError(() => error)));
          }),
        );
      }),
    );
  }

  private async find(principal: string, key: string) {
    // Named, like the hot reads (docs/decisions.md): every keyed command runs this and the insert
    // below, so each connection parses and plans them once.
    const { rows } = await this.pool.query<{ request_hash: string; status_code: number; body: unknown }>({
      name: 'idempotency_find',
      text: `SELECT request_hash, status_code, body FROM idempotency_keys WHERE principal = $1 AND key = $2 AND created_at > now() - interval '24 hours'`,
      values: [principal, key],
    });
    return rows[0];
  }

  private async remember(principal: string, key: string, requestHash: string, status: number, body: unknown): Promise<void> {
    await this.pool.query({
      name: 'idempotency_remember',
      text: `INSERT INTO idempotency_keys (principal, key, request_hash, status_code, body) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (principal, key) DO UPDATE SET request_hash = EXCLUDED.request_hash, status_code = EXCLUDED.status_code, body = EXCLUDED.body, created_at = now()
       WHERE idempotency_keys.created_at <= now() - interval '24 hours'`,
      values: [principal, key, requestHash, status, JSON.stringify(body ?? null)],
    });
  }
}

const COMMAND_METHODS: ReadonlySet<RequestMethod> = new Set([RequestMethod.POST, RequestMethod.PUT, RequestMethod.PATCH, RequestMethod.ALL]);

/**
 * Binds the interceptor to every handler of `controllers` that answers POST, PUT or PATCH, the
 * only methods it acts on, instead of registering it for every route. A route with no interceptor
 * at all skips Nest's RxJS wrapping of its handler, which cost a hot GET about a sixth of its CPU
 * (BENCHMARKS.md, reads); binding by the route's method, before Nest scans the module, keeps every
 * command covered without a decorator that a new command could forget. Calling it again (an app
 * per test) binds nothing twice.
 */
export function bindIdempotency(controllers: readonly Type[]): void {
  for (const controller of controllers) {
    for (let proto: object | null = controller.prototype as object; proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto) as object | null) {
      for (const name of Object.getOwnPropertyNames(proto)) {
        const handler = Object.getOwnPropertyDescriptor(proto, name)?.value as unknown;
        if (name === 'constructor' || typeof handler !== 'function') continue;
        if (Reflect.getMetadata(PATH_METADATA, handler) === undefined || !COMMAND_METHODS.has(Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod)) continue;
        const bound = (Reflect.getMetadata(INTERCEPTORS_METADATA, handler) as unknown[] | undefined) ?? [];
        if (!bound.includes(IdempotencyInterceptor)) Reflect.defineMetadata(INTERCEPTORS_METADATA, [IdempotencyInterceptor, ...bound], handler);
      }
    }
  }
}

/**
 * The body as canonical JSON for the request hash; no body counts as `{}`, so that a command that
 * takes none may be repeated with or without an empty object. JSON.parse turns a number too large for a
 * double (`1e400`) into Infinity, which canonical JSON refuses; no command accepts such a number,
 * so the request is invalid rather than a server error.
 */
function canonicalBody(body: unknown): string {
  try {
    return canonicalJson(body ?? {});
  } catch {
    throw new Problem(400, 'VALIDATION_FAILED', 'The body holds a number too large to read. Send numbers within the ranges each field states.', [{ field: '(body)', message: 'numbers must be finite' }]);
  }
}
