import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A real HTTP server on loopback standing in for a customer's webhook endpoint: it records every
 * request (headers and raw body) and answers as the test says (a status, a redirect, or nothing
 * at all until released).
 */
export interface ReceivedWebhook {
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body: string;
}

export type Answer = { status: number; headers?: Record<string, string>; body?: string } | 'hold';

export interface WebhookReceiver {
  readonly url: string;
  readonly received: ReceivedWebhook[];
  /** How to answer the next requests (default 200). */
  answer(answer: Answer | ((request: ReceivedWebhook) => Answer)): void;
  /** Answers every held request with this status. */
  release(status?: number): void;
  readonly held: number;
  waitFor(predicate: (received: readonly ReceivedWebhook[]) => boolean, timeoutMs?: number, what?: string): Promise<void>;
  close(): Promise<void>;
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  const held: ServerResponse[] = [];
  let answer: (request: ReceivedWebhook) => Answer = () => ({ status: 200 });
  const server: Server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const headers = Object.fromEntries(Object.entries(request.headers).map(([name, value]) => [name, String(value)]));
      const entry = { path: request.url ?? '/', headers, body: Buffer.concat(chunks).toString('utf8') };
      received.push(entry);
      const reply = answer(entry);
      if (reply === 'hold') {
        held.push(response);
        return;
      }
      response.writeHead(reply.status, reply.headers ?? {});
      response.end(reply.body ?? '');
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    answer: (next) => {
      answer = typeof next === 'function' ? next : () => next;
    },
    release: (status = 200) => {
      for (const response of held.splice(0)) if (!response.destroyed) response.writeHead(status).end();
    },
    get held() {
      return held.filter((response) => !response.destroyed && !response.writableEnded).length;
    },
    waitFor: async (predicate, timeoutMs = 20_000, what = 'webhooks') => {
      const deadline = Date.now() + timeoutMs;
      while (!predicate(received)) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; received ${received.length}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    close: async () => {
      for (const response of held.splice(0)) response.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
