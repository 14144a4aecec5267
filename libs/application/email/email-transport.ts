import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createTransport, type SendMailOptions, type Transporter } from 'nodemailer';

/**
 * Where email goes: through the SMTP server of SMTP_URL, or, without one, into `.eml` files under
 * DATA_DIR/outbox so that a local install shows what would have been sent. Both build the same
 * MIME message with nodemailer.
 */
export interface MailTransport {
  send(message: SendMailOptions & { messageId: string }): Promise<void>;
  close(): void;
}

export function createMailTransport(options: { smtpUrl: string | undefined; dataDir: string }): MailTransport {
  return options.smtpUrl ? smtpTransport(options.smtpUrl) : fileTransport(join(options.dataDir, 'outbox'));
}

function smtpTransport(smtpUrl: string): MailTransport {
  const transporter: Transporter = createTransport(smtpUrl, { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 } as never);
  return {
    send: async (message) => {
      await transporter.sendMail(message);
    },
    close: () => transporter.close(),
  };
}

function fileTransport(directory: string): MailTransport {
  const transporter = createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    send: async (message) => {
      const info = (await transporter.sendMail(message)) as unknown as { message: Buffer };
      await mkdir(directory, { recursive: true });
      // Named by the Message-ID: a message sent again after a crash overwrites its own file.
      await writeFile(join(directory, `${message.messageId.replace(/[^\w.@-]/g, '')}.eml`), info.message);
    },
    close: () => transporter.close(),
  };
}

/**
 * A refusal the server will repeat however often we ask (a 5xx reply: no such mailbox, message
 * refused): the message is marked failed. Anything else (connection refused, timeouts, 4xx) is an
 * outage, retried with backoff.
 */
export function isPermanentMailError(error: unknown): boolean {
  const code = (error as { responseCode?: number } | undefined)?.responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
}
