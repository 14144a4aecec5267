/** The sender's wire against a real HTTP server: what it sends, and how each kind of answer ends. */
import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { WebhookSender } from './webhook-sender';
import { signWebhook } from './webhook-signature';

interface Seen {
  readonly method: string | undefined;
  readonly url: string | undefined;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

const seen: Seen[] = [];
let server: Server;
let base: string;

before(async () => {
  server = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (body += chunk));
    request.on('end', () => {
      seen.push({ method: request.method, url: request.url, headers: request.headers, body });
      if (request.url === '/ok?x=1') response.writeHead(204).end();
      else if (request.url === '/down') response.writeHead(503, { 'content-type': 'text/plain' }).end('  down for maintenance  ');
      else if (request.url === '/moved') response.writeHead(302, { location: '/ok?x=1' }).end();
      else if (request.url === '/chatty') response.writeHead(500).end('x'.repeat(100_000));
      // '/silent' never answers.
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(() => {
  server.closeAllConnections();
  server.close();
});

const secret = `whsec_${Buffer.alloc(32, 7).toString('base64')}`;
const body = JSON.stringify({ id: 'evt_1', type: 'InvoiceIssued', data: { note: 'Grüße' } });

test('a 2xx is delivered, with the Standard Webhooks headers, the body as it was, path and query kept', async () => {
  const sender = new WebhookSender({ allowPrivate: true });
  const signed = signWebhook(secret, 'evt_1', 1_700_000_000, body);
  const outcome = await sender.post(`${base}/ok?x=1`, signed, body);
  sender.close();
  assert.deepEqual({ ok: outcome.ok, status: outcome.responseStatus, error: outcome.error }, { ok: true, status: 204, error: null });
  const request = seen.at(-1) as Seen;
  assert.equal(request.method, 'POST');
  assert.equal(request.url, '/ok?x=1');
  assert.equal(request.body, body);
  assert.equal(request.headers['content-type'], 'application/json');
  assert.equal(request.headers['content-length'], String(Buffer.byteLength(body)));
  assert.equal(request.headers['user-agent'], 'billing-ledger-webhooks/1');
  assert.equal(request.headers['webhook-id'], 'evt_1');
  assert.equal(request.headers['webhook-timestamp'], '1700000000');
  assert.equal(request.headers['webhook-signature'], signed['webhook-signature']);
});

test('a non-2xx fails with its status and the start of its answer; a redirect is not followed', async () => {
  const sender = new WebhookSender({ allowPrivate: true });
  const signed = signWebhook(secret, 'evt_1', 1_700_000_000, body);
  const down = await sender.post(`${base}/down`, signed, body);
  const before = seen.length;
  const moved = await sender.post(`${base}/moved`, signed, body);
  const chatty = await sender.post(`${base}/chatty`, signed, body);
  sender.close();
  assert.deepEqual({ ok: down.ok, status: down.responseStatus, error: down.error }, { ok: false, status: 503, error: 'HTTP 503: down for maintenance' });
  assert.deepEqual({ ok: moved.ok, status: moved.responseStatus, error: moved.error }, { ok: false, status: 302, error: 'HTTP 302' });
  assert.equal(seen.slice(before).filter((request) => request.url === '/ok?x=1').length, 0, 'the redirect was followed');
  assert.equal(chatty.responseStatus, 500);
  assert.equal(chatty.error, `HTTP 500: ${'x'.repeat(300 - 'HTTP 500: '.length)}`);
});

test('no answer within the timeout fails with a reason; a refused connection and a refused URL fail too', async () => {
  const sender = new WebhookSender({ allowPrivate: true, timeoutMs: 300 });
  const signed = signWebhook(secret, 'evt_1', 1_700_000_000, body);
  const silent = await sender.post(`${base}/silent`, signed, body);
  const refused = await sender.post('http://127.0.0.1:1/nobody', signed, body);
  sender.close();
  assert.deepEqual({ ok: silent.ok, status: silent.responseStatus, error: silent.error }, { ok: false, status: null, error: 'no answer within 0.3 s' });
  assert.equal(refused.ok, false);
  assert.match(String(refused.error), /ECONNREFUSED/);
  const strict = new WebhookSender({ allowPrivate: false });
  const inside = await strict.post(`${base}/ok?x=1`, signed, body);
  strict.close();
  assert.equal(inside.ok, false);
  assert.match(String(inside.error), /127\.0\.0\.1 is a loopback, private or reserved address/);
});
