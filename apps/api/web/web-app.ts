import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { projectRoot } from '../../../libs/infra/database/project-root';

/**
 * Serves the web console and vendor portal (apps/web, bundled into dist/web by `npm run build`)
 * from the api's own origin: the page at `/` and under `/console` and `/portal` (client-side
 * routes), its hashed bundles under `/assets/`. It never shadows the API: /v1, /docs, /health and
 * /metrics stay Nest's, and an unknown path is still the API's problem+json 404.
 *
 * The page's headers say what it may do: load scripts, styles, fonts and data from this origin
 * only, never be framed, never send a referrer. The token travels in the URL fragment (`#token=`),
 * which browsers never send to a server, and the page keeps it out of its history.
 */
export const WEB_CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const PAGE_ROUTES = ['/', '/console', '/console/*', '/portal', '/portal/*'];

const NOT_BUILT = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Billing ledger</title></head>
<body><main><h1>Billing ledger</h1><p>The web console has not been built. Run <code>npm run build</code> (npm start does it for you), then reload.</p>
<p>The API is at <a href="/docs">/docs</a>.</p></main></body></html>`;

export function webAppDirectory(): string {
  return join(projectRoot(), 'dist', 'web');
}

function pageHeaders(reply: FastifyReply): void {
  void reply.headers({
    'content-security-policy': WEB_CONTENT_SECURITY_POLICY,
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
    'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=()',
  });
}

export async function installWebApp(fastify: FastifyInstance, directory = webAppDirectory()): Promise<void> {
  const indexFile = join(directory, 'index.html');
  const built = existsSync(indexFile);
  // Read once: the page is a few hundred bytes of HTML that names the hashed bundles.
  const page = built ? readFileSync(indexFile, 'utf8') : NOT_BUILT;
  for (const url of PAGE_ROUTES) {
    fastify.get(url, async (_request, reply) => {
      pageHeaders(reply);
      // The page itself is always checked again (it names the current bundles); the bundles,
      // whose names carry their content hash, are cached for good.
      return reply.status(built ? 200 : 503).type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(page);
    });
  }
  if (!built) return;
  await fastify.register(fastifyStatic, {
    root: join(directory, 'assets'),
    prefix: '/assets/',
    decorateReply: false,
    index: false,
    list: false,
    dotfiles: 'deny',
    cacheControl: false,
    // npm run build writes .br and .gz beside each script and style (tools/build-web.mjs).
    preCompressed: true,
    setHeaders: (reply) => {
      void reply.header('cache-control', 'public, max-age=31536000, immutable');
      pageHeaders(reply);
    },
  });
}
