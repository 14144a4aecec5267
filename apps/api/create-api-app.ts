import { randomUUID } from 'node:crypto';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ProblemFilter, sendProblem, toProblem } from '../../libs/infra/http/problem.filter';
import { createValidationPipe } from '../../libs/infra/http/validation.pipe';
import { httpRequestDuration } from '../../libs/infra/http/metrics';
import { installRateLimit } from '../../libs/infra/http/rate-limit';
import { installBodyDepthLimit } from '../../libs/infra/http/body-depth';
import { installRequestDeadline } from '../../libs/infra/http/request-deadline';
import { TokenService } from '../../libs/infra/auth/auth';
import { NestPinoLogger } from '../../libs/infra/logging/logger';
import { enterContext } from '../../libs/infra/logging/request-context';
import type { Runtime } from '../../libs/infra/runtime';
import { ApiModule } from './api.module';
import { describeApi } from './openapi-document';
import { installWebApp } from './web/web-app';

const CORRELATION_PATTERN = /^[\w.:-]{1,128}$/;

/** Sent on every answer; `cache-control` too, as `no-store`, unless the route set its own. */
const SECURITY_HEADERS: ReadonlyArray<readonly [string, string]> = [
  ['x-content-type-options', 'nosniff'],
  ['x-frame-options', 'DENY'],
  ['referrer-policy', 'no-referrer'],
  ['strict-transport-security', 'max-age=31536000; includeSubDomains'],
];

/** Builds the HTTP API (Nest on Fastify) over a runtime; the caller decides when to listen. */
export async function createApiApp(runtime: Runtime): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: runtime.config.bodyLimitBytes,
    genReqId: () => randomUUID(),
    // Fastify's default of 0 switches off Node's request timeout; with it, headers trickled a byte
    // at a time are cut (bodies: installRequestDeadline). Node checks on a sweep, every second here.
    requestTimeout: runtime.config.requestTimeoutMs,
    http: { connectionsCheckingInterval: 1_000 },
    // Errors Fastify's router raises before any hook or Nest runs (a path parameter over
    // maxParamLength is 414, a malformed URL 400) are problem+json like every other error.
    frameworkErrors: (error: Error, _request: FastifyRequest, reply: FastifyReply) => sendProblem(reply, toProblem(error)),
  });
  const app = await NestFactory.create<NestFastifyApplication>(ApiModule.register(runtime), adapter, {
    logger: new NestPinoLogger(runtime.logger),
    rawBody: true,
    abortOnError: false,
  });
  acceptEmptyJsonBodies(app);
  // The rate limiter names callers with the guard's own TokenService, so that the guard finds the
  // token already verified (token.service.ts) instead of verifying it a second time.
  installHooks(app.getHttpAdapter().getInstance() as unknown as FastifyInstance, runtime, app.get(TokenService));
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ProblemFilter(runtime.logger));
  SwaggerModule.setup('docs', app, describeApi(app), { jsonDocumentUrl: 'docs-json' });
  if (!runtime.config.seller) {
    runtime.logger.warn('SELLER_NAME, SELLER_ADDRESS and SELLER_TAX_ID are not set: invoice PDFs are marked as specimens until they are (a production start refuses this)');
  }
  await installWebApp(app.getHttpAdapter().getInstance() as unknown as FastifyInstance);
  await app.init();
  return app;
}

/**
 * Commands without a body (hibernate, resume, cancel) are often sent with `Content-Type:
 * application/json` and nothing after it, because many client libraries set that header on every
 * request. Fastify's JSON parser refuses an empty body; this one reads it as no body at all, and
 * parses everything else as Fastify does. The raw bytes are kept for the Stripe signature.
 */
function acceptEmptyJsonBodies(app: NestFastifyApplication): void {
  const fastify = app.getHttpAdapter().getInstance() as unknown as FastifyInstance;
  const json = fastify.getDefaultJsonParser('error', 'error');
  app.useBodyParser('application/json', { bodyLimit: fastify.initialConfig.bodyLimit }, (request, body, done) => {
    if (body.toString('utf8').trim() === '') {
      done(null, undefined);
      return;
    }
    json(request as FastifyRequest, body.toString('utf8'), done);
  });
}

/**
 * Per-request plumbing Fastify does best: the correlation id (taken from X-Correlation-Id when
 * sane, else new) entered into the async context so logs and events carry it, the limits (request
 * deadline, rate, body depth), security headers, a latency histogram, a prompt close on shutdown,
 * and problem+json for errors raised before Nest routes the request.
 */
function installHooks(fastify: FastifyInstance, runtime: Runtime, tokens: TokenService): void {
  // The hooks that never wait are written with Fastify's `done` callback rather than as async
  // functions: an async hook costs a promise and a turn of the microtask queue on every request,
  // and a GET passes through six of them (BENCHMARKS.md, reads).
  fastify.addHook('onRequest', (request, reply, done) => {
    const header = request.headers['x-correlation-id'];
    const correlationId = typeof header === 'string' && CORRELATION_PATTERN.test(header) ? header : request.id;
    enterContext({ correlationId, requestId: request.id });
    void reply.header('x-correlation-id', correlationId);
    done();
  });
  fastify.addHook('preClose', async () => {
    // Closing stops accepting and waits for open connections. A keep-alive connection whose
    // request finishes during the close turns idle and would otherwise linger until the
    // keep-alive timeout (72 s), holding up a deploy's SIGTERM well past any grace period.
    const sweep = setInterval(() => fastify.server.closeIdleConnections(), 100);
    fastify.server.once('close', () => clearInterval(sweep));
  });
  installRequestDeadline(fastify, runtime.config.requestTimeoutMs);
  installRateLimit(fastify, { perMinute: runtime.config.rateLimitPerMinute, tokens });
  installBodyDepthLimit(fastify);
  fastify.addHook('onSend', (_request, reply, payload, done) => {
    for (const [name, value] of SECURITY_HEADERS) void reply.header(name, value);
    if (!reply.hasHeader('cache-control')) void reply.header('cache-control', 'no-store');
    done(null, payload);
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions?.url ?? 'unmatched';
    httpRequestDuration.observe({ method: request.method, route, status: String(reply.statusCode) }, reply.elapsedTime / 1000);
    runtime.logger.info({ method: request.method, route, status: reply.statusCode, ms: Math.round(reply.elapsedTime) }, 'request');
    done();
  });
}
