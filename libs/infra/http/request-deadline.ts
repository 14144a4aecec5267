import type { FastifyInstance } from 'fastify';

/**
 * A request's body must have arrived within `timeoutMs` of its first byte, or the connection is
 * closed. Node's own request timeout covers the headers, but once they are in it lets a client
 * trickle the body a byte at a time indefinitely (slowloris), holding a socket and a parser. The
 * handler itself may take longer: only a body still arriving is cut.
 */
export function installRequestDeadline(fastify: FastifyInstance, timeoutMs: number): void {
  fastify.addHook('onRequest', async (request) => {
    const raw = request.raw;
    if (raw.complete) return;
    const deadline = setTimeout(() => {
      if (!raw.complete) raw.socket.destroy();
    }, timeoutMs);
    deadline.unref();
    raw.once('end', () => clearTimeout(deadline));
    raw.once('close', () => clearTimeout(deadline));
  });
}
