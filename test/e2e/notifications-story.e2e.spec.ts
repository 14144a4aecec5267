// A dunned vendor's story told to the vendor by email over a real SMTP server (read back with
// mailparser) and to a subscriber by signed webhooks (verified with the standardwebhooks
// library): decline, four retries, suspension, payment, reactivation. Then an SMTP outage that
// holds up nothing else and loses no email, and a recipient the server refuses for good.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ParsedMail } from 'mailparser';
import { Webhook } from 'standardwebhooks';
import { apiClient } from '../support/api-client';
import { startTestApp, type TestApp } from '../support/test-app';
import { until } from '../support/until';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver';
import { openSubscribedAccount, settle, streamOf } from './payments-support';

describe('a dunned vendor hears about it by email and webhooks', () => {
  let app: TestApp;
  let admin: string;
  let smtp: SmtpSink;
  let receiver: WebhookReceiver;
  let secret: string;
  const accountId = 'story-shop';

  const subjects = (from = 0) => smtp.messages.slice(from).map((message) => message.subject);

  /** The document as GET /v1/invoices/{invoiceId}/pdf answers it now, as bytes. */
  async function pdfOf(invoiceId: string): Promise<Buffer> {
    const finance = apiClient(app.url, await app.token({ sub: 'finance-story', role: 'finance' }));
    const answer = await finance.GET('/v1/invoices/{invoiceId}/pdf', { params: { path: { invoiceId } }, parseAs: 'arrayBuffer' });
    assert.equal(answer.response.status, 200);
    return Buffer.from(answer.data as ArrayBuffer);
  }

  /** The one attachment of an invoice or credit note email: its PDF, named by the document's number, the same bytes as the API's. */
  async function assertAttachedPdf(message: ParsedMail, number: string, invoiceId: string): Promise<void> {
    assert.equal(message.attachments.length, 1, `"${message.subject}" carries one attachment`);
    const [pdf] = message.attachments;
    assert.deepEqual([pdf.filename, pdf.contentType, pdf.contentDisposition], [`${number}.pdf`, 'application/pdf', 'attachment']);
    assert.equal(pdf.content.subarray(0, 5).toString('latin1'), '%PDF-');
    assert.ok(pdf.content.equals(await pdfOf(invoiceId)), `the attachment of "${message.subject}" is the bytes GET /v1/invoices/${invoiceId}/pdf answers`);
  }

  async function mailTo(address: string, subject: RegExp): Promise<ParsedMail> {
    const find = () => smtp.messages.find((message) => message.to && !Array.isArray(message.to) && message.to.text === address && subject.test(message.subject ?? ''));
    await until(() => find() !== undefined, `an email to ${address} with a subject like ${subject}`, 30_000);
    return find() as ParsedMail;
  }

  before(async () => {
    smtp = await startSmtpSink();
    receiver = await startWebhookReceiver();
    app = await startTestApp({ WEBHOOK_ALLOW_PRIVATE: 'true', SMTP_URL: smtp.url, MAIL_FROM: 'Billing <billing@ledger.test>' });
    admin = await app.token({ sub: 'admin-story', role: 'admin' });
    const endpoint = await app.request('POST', '/v1/webhook-endpoints', { token: admin, body: { url: `${receiver.url}/hooks`, eventTypes: ['*'] } });
    assert.equal(endpoint.status, 201);
    secret = endpoint.body.secret;
  });
  after(async () => {
    await app?.close();
    await receiver?.close();
    await smtp?.close();
  });

  test('the first invoice and its declined charge: an invoice email with lines and totals, then a payment-failed email with the schedule', async () => {
    await openSubscribedAccount(app, admin, accountId, { paymentMethod: { gateway: 'sandbox', token: 'tok_decline' } });
    await settle(app, admin);
    const [invoice, failed] = await smtp.waitFor(2);
    assert.equal(invoice.subject, 'Invoice INV-000001: £1.20 due');
    assert.deepEqual(invoice.to && !Array.isArray(invoice.to) ? invoice.to.value.map((a) => a.address) : [], [`${accountId}@example.com`]);
    assert.equal(invoice.from?.value[0].address, 'billing@ledger.test');
    assert.match(invoice.text ?? '', /Starter[^\n]*£1\.00/);
    assert.match(invoice.text ?? '', /Tax \(20%\)\s+£0\.20/);
    assert.match(invoice.text ?? '', /Amount due\s+£1\.20/);
    assert.match(invoice.text ?? '', /We are charging £1\.20 to your payment method on file now/);
    assert.match(String(invoice.html), /<td style="text-align:right">£1\.20<\/td>/);
    const issued = (await streamOf(app, accountId)).find((event) => event.type === 'InvoiceIssued');
    assert.equal(invoice.messageId, `<${issued?.id}@billing-ledger>`, 'the Message-ID derives from the event id');
    assert.match(invoice.text ?? '', /Invoice INV-000001 is attached as a PDF/);
    await assertAttachedPdf(invoice, 'INV-000001', String(issued?.data.invoiceId));

    assert.equal(failed.subject, 'Payment failed: £1.20 overdue');
    assert.match(failed.text ?? '', /did not go through on 1 March 2026 \(card declined\)/);
    assert.match(failed.text ?? '', /You owe £1\.20 \(INV-000001\)/);
    assert.match(failed.text ?? '', /on 2 March 2026, 4 March 2026, 8 March 2026 and 16 March 2026/);
    assert.match(failed.text ?? '', /suspended on 16 March 2026/);
  });

  test('each retry is announced with what is owed, the next try and the suspension date; the last one fails and suspends', async () => {
    for (const [step, day, next] of [[1, '02', '4 March 2026'], [2, '04', '8 March 2026'], [3, '08', '16 March 2026']] as const) {
      await settle(app, admin, `2026-03-${day}T00:00:00.000Z`);
      const [retry] = (await smtp.waitFor(2 + step)).slice(-1);
      assert.equal(retry.subject, `Payment retry ${step} of 4: £1.20 overdue`);
      const words = step < 3 ? `the next attempt is on ${next}, and the account will be suspended on 16 March 2026` : `the last attempt is on ${next}, and the account will be suspended that day`;
      assert.match(retry.text ?? '', new RegExp(words));
    }
    await settle(app, admin, '2026-03-16T00:00:00.000Z');
    const [lastRetry, suspended] = (await smtp.waitFor(7)).slice(-2);
    assert.equal(lastRetry.subject, 'Payment retry 4 of 4: £1.20 overdue');
    assert.match(lastRetry.text ?? '', /This is the last attempt/);
    assert.equal(suspended.subject, 'Account suspended: £1.20 unpaid');
    assert.match(suspended.text ?? '', /Your listings are hidden/);
    assert.match(suspended.text ?? '', /reactivated at once/);
  });

  test('paying reactivates the account: a reactivation email, then the new period invoice', async () => {
    const set = await app.request('PUT', `/v1/accounts/${accountId}/payment-method`, { token: admin, body: { gateway: 'sandbox', token: 'tok_ok' } });
    assert.equal(set.status, 200);
    await settle(app, admin);
    const [reactivated, invoice] = (await smtp.waitFor(9)).slice(-2);
    assert.equal(reactivated.subject, 'Account reactivated');
    assert.match(reactivated.text ?? '', /A new billing period runs from 16 March 2026 to 16 April 2026/);
    assert.match(invoice.subject ?? '', /^Invoice INV-000002: /);
    assert.deepEqual(subjects(), [
      'Invoice INV-000001: £1.20 due', 'Payment failed: £1.20 overdue', 'Payment retry 1 of 4: £1.20 overdue', 'Payment retry 2 of 4: £1.20 overdue',
      'Payment retry 3 of 4: £1.20 overdue', 'Payment retry 4 of 4: £1.20 overdue', 'Account suspended: £1.20 unpaid', 'Account reactivated', invoice.subject,
    ]);
    assert.ok(smtp.messages.every((message) => message.text && message.html), 'every email has a plain-text and an HTML part');
    assert.equal(new Set(smtp.messages.map((message) => message.messageId)).size, 9, 'no email sent twice');

    // The outbox row is written once the server has accepted the message, a moment after the sink
    // has it: ?after= waits for the email follower to pass the invoice's event.
    const issuedLast = (await streamOf(app, accountId)).filter((event) => event.type === 'InvoiceIssued').at(-1);
    const outbox = await app.request('GET', `/v1/admin/outbox?limit=3&after=${String(issuedLast?.position)}`, { token: admin });
    assert.equal(outbox.status, 200);
    assert.deepEqual(outbox.body.items.map((item: { subject: string }) => item.subject), [invoice.subject, 'Account reactivated', 'Account suspended: £1.20 unpaid']);
    assert.ok(outbox.body.items.every((item: { sentAt?: string; to: string }) => item.sentAt && item.to === `${accountId}@example.com`));
    assert.ok(outbox.body.nextCursor);
    process.stdout.write(`\n--- one email as it came out (${reactivated.messageId}) ---\nSubject: ${reactivated.subject}\n\n${reactivated.text}\n--- outbox page ---\n${JSON.stringify(outbox.body.items[1], null, 2)}\n`);
  });

  test('the whole story reached the webhook endpoint, every delivery verified by the standardwebhooks library', async () => {
    const events = await streamOf(app, accountId);
    await receiver.waitFor((received) => events.every((event) => received.some((entry) => entry.headers['webhook-id'] === event.id)), 20_000, 'the story');
    const verifier = new Webhook(secret);
    const types = receiver.received.map((entry) => verifier.verify(entry.body, entry.headers) as { type: string; streamId: string }).filter((body) => body.streamId === `account-${accountId}`).map((body) => body.type);
    for (const type of ['AccountOpened', 'InvoiceIssued', 'PaymentFailed', 'DunningStepReached', 'NotificationRequested', 'AccountSuspended', 'PaymentRecorded', 'AccountReactivated']) {
      assert.ok(types.includes(type), `${type} was delivered`);
    }
    assert.deepEqual(types, events.map((event) => event.type), 'one account’s events arrive in order');
    const endpoint = (await app.request('GET', '/v1/webhook-endpoints', { token: admin })).body.items[0];
    const log = await app.request('GET', `/v1/webhook-endpoints/${endpoint.endpointId}/deliveries?limit=1&status=succeeded`, { token: admin });
    process.stdout.write(`--- delivery log page ---\n${JSON.stringify(log.body, null, 2)}\n`);
  });

  test('an SMTP server answering 421 holds up only email: commands and webhooks go on, and every email arrives once it recovers', async (t) => {
    smtp.down = true;
    t.after(() => {
      smtp.down = false;
    });
    const before = smtp.messages.length;
    const attempts = smtp.attempts;
    const opened = await app.request('POST', '/v1/accounts', { token: admin, body: { accountId: 'outage-shop', businessName: 'Outage Shop', email: 'outage@example.com', currency: 'GBP', taxRegion: 'IE' } });
    assert.equal(opened.status, 201);
    const subscribed = await app.request('POST', '/v1/accounts/outage-shop/subscription', { token: admin, body: { tier: 'pro', branches: 2 } });
    assert.equal(subscribed.status, 201, 'commands go on');
    await receiver.waitFor((received) => received.some((entry) => JSON.parse(entry.body).streamId === 'account-outage-shop' && JSON.parse(entry.body).type === 'InvoiceIssued'), 20_000, 'webhooks during the outage');
    const deadline = Date.now() + 20_000;
    while (smtp.attempts < attempts + 2 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    assert.ok(smtp.attempts >= attempts + 2, 'the sender kept trying');
    assert.equal(smtp.messages.length, before, 'nothing accepted while down');
    await app.worker.email?.follower.sampleLag();
    const metrics = await app.request('GET', '/metrics');
    assert.match(String(metrics.body), /emails_total\{outcome="retried"\} [1-9]/);
    assert.match(String(metrics.body), /feed_follower_lag_events\{follower="email"\} [1-9]/, 'the email follower is behind');
    smtp.down = false;
    const [invoice] = (await smtp.waitFor(before + 1, 90_000)).slice(-1);
    assert.match(invoice.subject ?? '', /^Invoice INV-\d{6}: £4\.92 due/);
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.equal(smtp.messages.length, before + 1, 'sent once');
  });

  test('a recipient refused for good is marked failed in the outbox and the next emails still go', async () => {
    smtp.refused.add('refused@example.com');
    const opened = await app.request('POST', '/v1/accounts', { token: admin, body: { accountId: 'refused-shop', businessName: 'Refused', email: 'refused@example.com', currency: 'GBP', taxRegion: 'GB' } });
    await app.request('POST', '/v1/accounts/refused-shop/subscription', { token: admin, body: { tier: 'starter', branches: 1 } });
    const after = await app.request('POST', '/v1/accounts', { token: admin, body: { accountId: 'after-refused', businessName: 'After', email: 'after@example.com', currency: 'GBP', taxRegion: 'GB' } });
    await app.request('POST', '/v1/accounts/after-refused/subscription', { token: admin, body: { tier: 'starter', branches: 1 } });
    assert.equal(opened.status + after.status, 402);
    await smtp.waitFor(smtp.messages.length + 1);
    assert.ok(smtp.messages.some((message) => message.to && !Array.isArray(message.to) && message.to.text === 'after@example.com'));
    const outbox = await app.request('GET', '/v1/admin/outbox?limit=5', { token: admin });
    const refused = outbox.body.items.find((item: { to: string }) => item.to === 'refused@example.com');
    assert.ok(refused?.failedAt && refused.sentAt === undefined, JSON.stringify(outbox.body.items));
    assert.match(refused.error, /no such mailbox/);
  });

  test('a coupon’s discount is a row of the invoice email; the invoice and a refund’s credit note each carry their PDF, the bytes GET …/pdf answers', async () => {
    const shop = 'coupon-shop';
    const to = `${shop}@example.com`;
    const coupon = await app.request('POST', '/v1/coupons', { token: admin, body: { code: 'STORY-10', percentOff: '10', duration: 'forever' } });
    assert.equal(coupon.status, 201, JSON.stringify(coupon.body));
    const opened = await app.request('POST', '/v1/accounts', { token: admin, body: { accountId: shop, businessName: 'Coupon Shop', email: to, currency: 'GBP', taxRegion: 'GB' } });
    assert.equal(opened.status, 201, JSON.stringify(opened.body));
    const redeemed = await app.request('POST', `/v1/accounts/${shop}/discount`, { token: admin, body: { code: 'STORY-10' } });
    assert.equal(redeemed.status, 201, JSON.stringify(redeemed.body));
    const subscribed = await app.request('POST', `/v1/accounts/${shop}/subscription`, { token: admin, body: { tier: 'pro', branches: 1 } });
    assert.equal(subscribed.status, 201, JSON.stringify(subscribed.body));

    // Pro £3.00, 10 % off after rounding and before tax: −£0.30, then 20 % tax on £2.70.
    const invoice = await mailTo(to, /^Invoice INV-\d{6}: £3\.24 due$/);
    for (const [label, amount] of [['Pro tier', '£3.00'], ['Discount (STORY-10)', '-£0.30'], ['Subtotal', '£2.70'], ['Tax (20%)', '£0.54'], ['Total', '£3.24']]) {
      assert.match(invoice.text ?? '', new RegExp(`\\n  ${label.replace(/[().]/g, '\\$&')} +${amount.replace(/[.$]/g, '\\$&')}\\n`), `text row ${label} ${amount}`);
      assert.ok(String(invoice.html).includes(`<tr><td>${label}</td><td style="text-align:right">${amount}</td></tr>`), `HTML row ${label} ${amount}`);
    }
    const issued = (await streamOf(app, shop)).find((event) => event.type === 'InvoiceIssued');
    const invoiceId = String(issued?.data.invoiceId);
    const invoiceNumber = /^Invoice (INV-\d{6})/.exec(invoice.subject ?? '')?.[1] as string;
    // Compared while the invoice is still open: a payment changes what its PDF shows.
    await assertAttachedPdf(invoice, invoiceNumber, invoiceId);

    const paid = await app.request('POST', `/v1/accounts/${shop}/payments`, { token: admin, body: { invoiceId, amount: { amount: 324, currency: 'GBP' }, reference: 'bank-coupon-shop' } });
    assert.equal(paid.status, 201, JSON.stringify(paid.body));
    const paymentId = (await streamOf(app, shop)).find((event) => event.type === 'PaymentRecorded')?.data.paymentId;
    const refunded = await app.request('POST', `/v1/payments/${String(paymentId)}/refunds`, { token: admin, body: { amount: { amount: 120, currency: 'GBP' }, reason: 'goodwill' } });
    assert.equal(refunded.status, 201, JSON.stringify(refunded.body));
    const note = await mailTo(to, /^Credit note CN-\d{6}: £1\.20 credited$/);
    assert.match(note.text ?? '', new RegExp(`for the refund of a payment on invoice ${invoiceNumber}`));
    const credited = (await streamOf(app, shop)).filter((event) => event.type === 'InvoiceIssued').at(-1);
    assert.equal(credited?.data.kind, 'credit_note');
    await assertAttachedPdf(note, /^Credit note (CN-\d{6})/.exec(note.subject ?? '')?.[1] as string, String(credited?.data.invoiceId));
  });
});
