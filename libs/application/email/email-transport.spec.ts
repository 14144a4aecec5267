// Without SMTP_URL, email lands as .eml files under DATA_DIR/outbox: the same MIME message, with its
// attachment, that an SMTP server would have been given, read back here with mailparser.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { createMailTransport } from './email-transport';

test('the outbox file holds the whole message, its PDF attachment included, named by the Message-ID', async (t) => {
  const dataDir = await mkdtemp(join(tmpdir(), 'ledger-outbox-'));
  t.after(() => rm(dataDir, { recursive: true, force: true }));
  const transport = createMailTransport({ smtpUrl: undefined, dataDir });
  t.after(() => transport.close());
  const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.from([0, 1, 2, 250, 251, 252, 253, 254, 255])]);
  await transport.send({
    messageId: '<evt-1@billing-ledger>', from: 'billing@ledger.test', to: 'shop@example.com', subject: 'Invoice INV-000001: £1.20 due',
    text: 'Hello', html: '<p>Hello</p>', attachments: [{ filename: 'INV-000001.pdf', content: pdf, contentType: 'application/pdf' }],
  });
  assert.deepEqual(await readdir(join(dataDir, 'outbox')), ['evt-1@billing-ledger.eml']);
  const parsed = await simpleParser(await readFile(join(dataDir, 'outbox', 'evt-1@billing-ledger.eml')));
  assert.equal(parsed.subject, 'Invoice INV-000001: £1.20 due');
  assert.equal(parsed.messageId, '<evt-1@billing-ledger>');
  assert.equal(parsed.attachments.length, 1);
  const [attached] = parsed.attachments;
  assert.deepEqual([attached.filename, attached.contentType], ['INV-000001.pdf', 'application/pdf']);
  assert.ok(attached.content.equals(pdf), 'the attachment comes back byte for byte');
});
