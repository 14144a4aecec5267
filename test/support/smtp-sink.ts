import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerDataStream } from 'smtp-server';

/**
 * A real SMTP server on loopback (the `smtp-server` package) that asks for a login, keeps every
 * message it accepts, parsed with `mailparser`, and can be told to answer like a server in
 * trouble: 421 (try later) to everything, or 550 (refused for good) for one recipient.
 */
export interface SmtpSink {
  readonly url: string;
  readonly messages: ParsedMail[];
  /** While true, every MAIL FROM gets 421: the sender must keep the message and try again. */
  down: boolean;
  /** Recipients refused with 550. */
  readonly refused: Set<string>;
  readonly attempts: number;
  waitFor(count: number, timeoutMs?: number): Promise<ParsedMail[]>;
  close(): Promise<void>;
}

export const SMTP_USER = 'ledger';
export const SMTP_PASSWORD = 'smtp-password-not-for-logs';

export async function startSmtpSink(): Promise<SmtpSink> {
  const messages: ParsedMail[] = [];
  const refused = new Set<string>();
  let attempts = 0;
  const sink = {
    down: false,
    refused,
  } as { down: boolean; refused: Set<string> };
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    logger: false,
    onAuth: (auth, _session, callback) => {
      if (auth.username === SMTP_USER && auth.password === SMTP_PASSWORD) return callback(null, { user: auth.username });
      callback(new Error('invalid login'));
    },
    onMailFrom: (_address, _session, callback) => {
      attempts++;
      if (sink.down) return callback(Object.assign(new Error('service not available, try again later'), { responseCode: 421 }));
      callback();
    },
    onRcptTo: (address, _session, callback) => {
      if (refused.has(address.address)) return callback(Object.assign(new Error('no such mailbox'), { responseCode: 550 }));
      callback();
    },
    onData: (stream: SMTPServerDataStream, _session, callback) => {
      simpleParser(stream).then((parsed) => {
        messages.push(parsed);
        callback();
      }, callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = (server.server.address() as AddressInfo);
  // A getter, not a copied value: Object.assign would read it once.
  Object.defineProperty(sink, 'attempts', { get: () => attempts });
  return Object.assign(sink, {
    url: `smtp://${SMTP_USER}:${SMTP_PASSWORD}@127.0.0.1:${port}`,
    messages,
    waitFor: async (count: number, timeoutMs = 30_000) => {
      const deadline = Date.now() + timeoutMs;
      while (messages.length < count) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${count} emails; got ${messages.length}: ${messages.map((m) => m.subject).join(' | ')}`);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      return messages.slice(0, count);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }) as SmtpSink;
}
