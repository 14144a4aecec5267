import type { FastifyInstance } from 'fastify';

/**
 * A request's body must have arrived within `timeoutMs` of its first byte, or the connection is
 * closed. Node's own request timeout covers the headers, but once they are in it lets a client
 * trickle the body a byte at a time indefinitely (slowloris), holding a socket and a parser. The
 * handler itself may take longer: only a body still arriving is cut.
 */
export function installRequestDeadline(fastify: FastifyInstance, timeoutMs: number): void {
  // A callback hook, not an async one: it never waits, and an async hook costs every request a promise.
  fastify.addHook('onRequest', (request, _reply, done) => {
    const raw = request.raw;
    // A request with neither Content-Length nor Transfer-Encoding has no body (RFC 9112, 6.3),
    // so there is nothing to trickle; this hook may run before Node has marked such a GET complete.
    if (raw.complete || (raw.headers['content-length'] === undefined && raw.headers['transfer-encoding'] === undefined)) {
      done();
      return;
    }
    const deadline = setTimeout(() => {
      if (!raw.complete) raw.socket.destroy();
    }, timeoutMs);
    deadline.unref();
    raw.once('end', () => clearTimeout(deadline));
    raw.once('close', () => clearTimeout(deadline));
    done();
  });
}
