/**
 * The webhook benchmark's receiver, in a process of its own so that its CPU is not counted as the
 * sender's: a bare HTTP server on loopback answering 204 to every POST once its body is read. It
 * prints its port on the first line of stdout and serves until killed.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

let received = 0;
const server = createServer((request, response) => {
  request.on('data', () => undefined);
  request.on('end', () => {
    received++;
    response.writeHead(204).end();
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${(server.address() as AddressInfo).port}\n`);
});
process.on('SIGTERM', () => {
  process.stderr.write(`received ${received}\n`);
  process.exit(0);
});
