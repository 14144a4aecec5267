// A client that trickles its request a byte at a time (slowloris) cannot hold a connection past
// REQUEST_TIMEOUT_MS: the service cuts it off, and keeps serving everyone else meanwhile.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { startTestApp, type TestApp } from '../support/test-app';

const TIMEOUT_MS = 2_000;
/** Node checks the deadline every second; past this the connection was not cut. */
const CUT_BOUND_MS = TIMEOUT_MS + 2_500;

/** Opens a raw connection, sends `head`, then one more byte every 200 ms until the server closes it. */
function trickle(url: string, head: string): Promise<{ closedAfterMs: number; response: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const started = Date.now();
    let response = '';
    const socket: Socket = connect(Number(port), hostname, () => socket.write(head));
    const drip = setInterval(() => socket.writable && socket.write('a'), 200);
    const giveUp = setTimeout(() => socket.destroy(new Error('still open')), CUT_BOUND_MS + 5_000);
    socket.on('data', (chunk) => (response += chunk.toString('utf8')));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearInterval(drip);
      clearTimeout(giveUp);
      const closedAfterMs = Date.now() - started;
      if (closedAfterMs > CUT_BOUND_MS + 4_000) reject(new Error(`the connection stayed open for ${closedAfterMs} ms`));
      else resolve({ closedAfterMs, response });
    });
  });
}

describe('slow clients', () => {
  let app: TestApp;
  let admin: string;

  before(async () => {
    app = await startTestApp({ REQUEST_TIMEOUT_MS: String(TIMEOUT_MS) });
    admin = await app.token({ sub: 'slow-admin', role: 'admin' });
  });
  after(async () => app?.close());

  test('given a body trickled a byte at a time, then the connection is cut once REQUEST_TIMEOUT_MS has passed, and others are served meanwhile', async (t) => {
    const head = `POST /v1/accounts HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${admin}\r\nContent-Type: application/json\r\nContent-Length: 60000\r\n\r\n{"businessName":"`;
    const slow = trickle(app.url, head);
    const meanwhile = await app.request('GET', '/health');
    const { closedAfterMs, response } = await slow;
    t.diagnostic(`cut after ${closedAfterMs} ms; answered ${JSON.stringify(response.split('\r\n')[0] ?? '')}`);
    assert.equal(meanwhile.status, 200);
    assert.ok(closedAfterMs >= TIMEOUT_MS - 100 && closedAfterMs <= CUT_BOUND_MS, `cut after ${closedAfterMs} ms`);
    assert.equal(Number((await app.runtime.pool.query('SELECT count(*) AS n FROM events')).rows[0].n), 0);
  });

  test('given headers trickled a byte at a time, then the connection is cut the same way', async () => {
    const { closedAfterMs } = await trickle(app.url, 'GET /v1/accounts/x HTTP/1.1\r\nHost: x\r\nX-Slow: ');
    assert.ok(closedAfterMs >= TIMEOUT_MS - 100 && closedAfterMs <= CUT_BOUND_MS, `cut after ${closedAfterMs} ms`);
  });
});
