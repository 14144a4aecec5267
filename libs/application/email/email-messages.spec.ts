// Every email the vendor is sent says, in both its plain-text and its HTML part, what happened,
// what is owed and what happens next, with amounts in the account's currency and dates in words.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { BillingAccountCommand } from '../../domain/billing-account/billing-account.commands';
import {
  advanceTime, cancel, changeTier, exchangeRate, failPayment, hibernate, open, pay, percentOff, redeem, reportCount, setPaymentMethod, subscribe, taxRate,
} from '../../domain/billing-account/billing-account.fixtures';
import { escapeHtml } from './email-format';
import { emailsFor, type RenderedEmail } from './email-messages.fixtures';

const rates = { exchangeRates: [exchangeRate('EUR', '1.17'), exchangeRate('JPY', '190.5')], taxRates: [taxRate('DE', '0.19')] };
const withCard = [open('2026-02-20T09:00:00Z'), setPaymentMethod('2026-02-20T09:05:00Z'), subscribe('starter', 1, '2026-03-01T08:00:00Z')];
const withoutCard = [open('2026-02-20T09:00:00Z'), subscribe('starter', 1, '2026-03-01T08:00:00Z')];
// Declined on 1 March: retries on 2, 4, 8 and 16 March, the last one failing suspends; paid on 20 March.
const cardDunning = emailsFor([
  ...withCard, failPayment('h-1', '2026-03-01T08:00:01Z'), advanceTime('2026-03-08T08:00:01Z'), advanceTime('2026-03-16T08:00:01Z'),
  failPayment('h-1', '2026-03-16T08:00:02Z'), pay('h-1', 120, '2026-03-20T10:00:00Z'),
]);
// Unpaid by 8 March: reminders on 9, 11, 15 and 23 March, suspended after the last.
const reminders = emailsFor([...withoutCard, advanceTime('2026-03-23T08:00:00Z')]);
const yen = emailsFor([open('2026-02-20T09:00:00Z', { currency: 'JPY', taxRegion: 'JP' }), subscribe('starter', 2, '2026-03-01T00:00:00Z')], rates);
// A euro account on Pro steps down to Starter, goes over Starter's limit (grace, then the automatic
// upgrade back to Pro, netted into a credit note), hibernates, then cancels.
const euro = emailsFor([
  open('2026-02-20T09:00:00Z', { currency: 'EUR', taxRegion: 'DE', businessName: '<Café & Co>' }), setPaymentMethod('2026-02-20T09:05:00Z'),
  subscribe('pro', 1, '2026-03-01T00:00:00Z'), changeTier('starter', '2026-03-17T00:00:00Z'), reportCount(11, '2026-03-18T09:00:00Z'),
  hibernate('2026-03-20T00:00:00Z'), advanceTime('2026-04-01T00:00:00Z'), cancel('2026-04-02T00:00:00Z'), advanceTime('2026-05-01T00:00:00Z'),
], rates);
const refundCommand: BillingAccountCommand = { type: 'RefundPayment', paymentId: 'h-2', amount: { amount: 120, currency: 'GBP' }, reason: 'goodwill', now: '2026-03-05T00:00:00Z' };
const refunded = emailsFor([...withCard, pay('h-1', 120, '2026-03-02T00:00:00Z'), refundCommand]);

function only(emails: readonly RenderedEmail[], kind: RenderedEmail['kind']): RenderedEmail[] {
  return emails.filter((email) => email.kind === kind);
}

function one(emails: readonly RenderedEmail[], kind: RenderedEmail['kind']): RenderedEmail {
  const found = only(emails, kind);
  assert.equal(found.length, 1, `one ${kind} email, found ${found.length}`);
  return found[0];
}

/** Each phrase in the plain text, and escaped the same way in the HTML part. */
function says(email: RenderedEmail, ...phrases: string[]): void {
  for (const phrase of phrases) {
    assert.ok(email.text.includes(phrase), `text of "${email.subject}" says ${JSON.stringify(phrase)}:\n${email.text}`);
    assert.ok(email.html.includes(escapeHtml(phrase)), `HTML of "${email.subject}" says ${JSON.stringify(phrase)}:\n${email.html}`);
  }
}

/** A label and amount row of the document table, in both parts. */
function row(email: RenderedEmail, label: string, amount: string): void {
  assert.match(email.text, new RegExp(`\\n  ${label.replace(/[()]/g, '\\$&')} +${amount.replace(/[.$]/g, '\\$&')}\\n`), `text row ${label} ${amount}`);
  assert.ok(email.html.includes(`<tr><td>${escapeHtml(label)}</td><td style="text-align:right">${escapeHtml(amount)}</td></tr>`), `HTML row ${label} ${amount}`);
}

test('the emails of a dunned account with a card come in the order things happened', () => {
  assert.deepEqual(cardDunning.map((email) => email.subject), [
    'Invoice INV-000001: £1.20 due', 'Payment failed: £1.20 overdue', 'Payment retry 1 of 4: £1.20 overdue', 'Payment retry 2 of 4: £1.20 overdue',
    'Payment retry 3 of 4: £1.20 overdue', 'Payment retry 4 of 4: £1.20 overdue', 'Account suspended: £1.20 unpaid', 'Account reactivated',
    // The new period's £1.00 less the 12 of 31 days left of the suspended one (billing-rules.md, dunning): 61p + 12p tax.
    'Invoice INV-000002: £0.73 due',
  ]);
});

test('invoice: its lines and totals, and that the card on file is charged now', () => {
  const invoice = one(cardDunning.slice(0, 1), 'invoice_issued');
  says(invoice, 'Hello Corner Shop,', 'We have issued invoice INV-000001 on 1 March 2026 for 1 March 2026 to 1 April 2026.', 'We are charging £1.20 to your payment method on file now; you do not need to do anything.');
  for (const [label, amount] of [['Starter tier', '£1.00'], ['Subtotal', '£1.00'], ['Tax (20%)', '£0.20'], ['Total', '£1.20'], ['Amount due', '£1.20']]) row(invoice, label, amount);
  says(invoice, 'Invoice INV-000001 is attached as a PDF, and is always in the portal.');
  assert.equal(invoice.document?.number, 'INV-000001', 'the invoice it is about, for its PDF');
});

test('invoice with a discount: the discount is a line of its own, before the subtotal and the tax on it', () => {
  const discounted = emailsFor([...withCard.slice(0, 2), redeem(percentOff('WELCOME-10', '10', 'once'), '2026-02-25T00:00:00Z'), withCard[2]]);
  const invoice = one(discounted, 'invoice_issued');
  assert.equal(invoice.subject, 'Invoice INV-000001: £1.08 due');
  for (const [label, amount] of [['Starter tier', '£1.00'], ['Discount (WELCOME-10)', '-£0.10'], ['Subtotal', '£0.90'], ['Tax (20%)', '£0.18'], ['Total', '£1.08']]) row(invoice, label, amount);
});

test('invoice without a payment method: what to pay by when, and what follows if it is not paid', () => {
  const invoice = one(reminders, 'invoice_issued');
  assert.equal(invoice.subject, 'Invoice INV-000001: £1.20 due');
  says(invoice, 'Please pay £1.20 by 8 March 2026. If it is still unpaid then, we will remind you and, after the last reminder, suspend the account.');
});

test('invoice in yen: whole yen, no decimals, with the narrow symbol', () => {
  const invoice = one(yen, 'invoice_issued');
  assert.equal(invoice.subject, 'Invoice INV-000001: ¥380 due');
  for (const [label, amount] of [['Starter tier', '¥190'], ['Additional branches', '¥190'], ['Subtotal', '¥380'], ['Tax (0%)', '¥0'], ['Total', '¥380']]) row(invoice, label, amount);
  says(invoice, 'Please pay ¥380 by 8 March 2026.');
  assert.doesNotMatch(invoice.text, /¥\d+[.,]\d/, 'no decimals in yen');
});

test('invoice in euros, and one that account credit covers', () => {
  const [first, covered] = only(euro, 'invoice_issued');
  assert.equal(first.subject, 'Invoice INV-000001: €4.18 due');
  for (const [label, amount] of [['Pro tier', '€3.51'], ['Tax (19%)', '€0.67'], ['Total', '€4.18']]) row(first, label, amount);
  says(first, 'We are charging €4.18 to your payment method on file now');
  assert.equal(covered.subject, 'Invoice INV-000002: €0.00 covered by credit');
  for (const [label, amount] of [['Hibernation fee', '€0.58'], ['Total', '€0.69'], ['Credit applied', '-€0.69'], ['Amount due', '€0.00']]) row(covered, label, amount);
  says(covered, 'for 1 April 2026 to 1 May 2026', 'Nothing is due: your account credit covers it.');
});

test('credit note for a refund: which invoice, and that the money is paid back', () => {
  const note = one(refunded, 'credit_note_issued');
  assert.equal(note.subject, 'Credit note CN-000001: £1.20 credited');
  says(note, 'We have issued credit note CN-000001 on 5 March 2026 for the refund of a payment on invoice INV-000001.', 'The £1.20 is being paid back to you.');
  for (const [label, amount] of [['Subtotal', '-£1.00'], ['Tax (20%)', '-£0.20'], ['Total', '-£1.20']]) row(note, label, amount);
  says(note, 'Credit note CN-000001 is attached as a PDF, and is always in the portal.');
  assert.equal(note.document?.number, 'CN-000001');
});

test('credit note for a change of tier: the credit it adds and what it pays', () => {
  const note = one(euro, 'credit_note_issued');
  assert.equal(note.subject, 'Credit note CN-000001: €0.71 credited');
  says(note, 'We have issued credit note CN-000001 on 25 March 2026 for the change of tier.', 'The €0.71 is added to your account credit, now €0.71, which pays your next invoices first.');
  row(note, 'Unused time on Pro', '-€1.70');
});

test('payment failed with a card: what failed, what is owed, every retry date and the suspension date', () => {
  const failed = one(cardDunning, 'payment_failed');
  says(failed, 'The payment for invoice INV-000001 did not go through on 1 March 2026 (card declined). Your listings stay visible for now.', 'You owe £1.20 (INV-000001).',
    'We will try the payment again on 2 March 2026, 4 March 2026, 8 March 2026 and 16 March 2026. If it is still unpaid after the last of these, the account will be suspended on 16 March 2026 and its listings hidden.',
    'If your card has changed, update the payment method in the portal, or pay the open invoices there now.');
});

test('payment overdue without a card: the due date passed, reminders to come, how to pay', () => {
  const overdue = one(reminders, 'payment_failed');
  assert.equal(overdue.subject, 'Payment overdue: £1.20 unpaid');
  says(overdue, 'Invoice INV-000001 was due on 8 March 2026 and has not been paid.', 'You owe £1.20 (INV-000001).', 'We will remind you on 9 March 2026, 11 March 2026, 15 March 2026 and 23 March 2026.',
    'the account will be suspended on 23 March 2026', 'Pay the open invoices in the portal, or add a payment method there so that we can collect automatically.');
});

test('each payment retry: today’s attempt, what is owed, the next attempt and the suspension date; the last says it suspends', () => {
  const steps = only(cardDunning, 'payment_retry');
  assert.equal(steps.length, 4);
  steps.forEach((step, index) => {
    assert.equal(step.subject, `Payment retry ${index + 1} of 4: £1.20 overdue`);
    says(step, `Today we are trying the payment again (attempt ${index + 1} of 4).`, 'You owe £1.20 (INV-000001).');
  });
  says(steps[0], 'If it does not go through, the next attempt is on 4 March 2026, and the account will be suspended on 16 March 2026 if it is still unpaid then.');
  says(steps[1], 'the next attempt is on 8 March 2026, and the account will be suspended on 16 March 2026');
  says(steps[2], 'If it does not go through, the last attempt is on 16 March 2026, and the account will be suspended that day if it is still unpaid then.');
  says(steps[3], 'This is the last attempt: if it fails, the account is suspended today and its listings hidden.');
});

test('each payment reminder: overdue, what is owed, the next reminder and the suspension date; the last says it suspends', () => {
  const steps = only(reminders, 'payment_reminder');
  assert.equal(steps.length, 4);
  steps.forEach((step, index) => {
    assert.equal(step.subject, `Payment reminder ${index + 1} of 4: £1.20 overdue`);
    says(step, `This is reminder ${index + 1} of 4: your payment is overdue.`, 'You owe £1.20 (INV-000001).');
  });
  says(steps[0], 'The next reminder is on 11 March 2026, and the account will be suspended on 23 March 2026 if it is still unpaid then.');
  says(steps[1], 'The next reminder is on 15 March 2026');
  says(steps[2], 'The last reminder is on 23 March 2026, and the account will be suspended that day if it is still unpaid then.');
  says(steps[3], 'This is the last reminder: the account is suspended today and its listings hidden.');
});

test('suspension: when and why, what is owed, and that paying reactivates at once', () => {
  const suspended = one(reminders, 'account_suspended');
  assert.equal(suspended.subject, 'Account suspended: £1.20 unpaid');
  says(suspended, 'Your account was suspended on 23 March 2026 because the overdue payment could not be collected. Your listings are hidden and no new invoices are issued.',
    'You owe £1.20 (INV-000001).', 'Once every open invoice is paid the account is reactivated at once, listings visible again, with a new monthly period starting that day.');
});

test('reactivation: since when, nothing overdue, the new period and its invoice to follow', () => {
  const reactivated = one(cardDunning, 'account_reactivated');
  assert.equal(reactivated.subject, 'Account reactivated');
  says(reactivated, 'your account is active again since 20 March 2026. Your listings are visible.', 'Nothing is overdue any more.',
    'A new billing period runs from 20 March 2026 to 20 April 2026; its invoice follows in a separate email');
});

test('grace started: products and limit, when the automatic upgrade happens, to which tier, and how to avoid it', () => {
  const grace = one(euro, 'grace_started');
  assert.equal(grace.subject, 'Over your product limit: 11 products on Starter (limit 10)');
  says(grace, 'On 18 March 2026 your account listed 11 products, above the 10 your Starter tier allows.', 'Nothing is owed for this now.',
    'If you still have more than 10 products on 25 March 2026, we will move the account automatically to Pro (up to 100 products, £3.00 a month, billed in EUR at the rate of each invoice), the smallest tier that fits',
    'To avoid it, bring the count back within 10 before then.');
});

test('hibernation taking effect: since when, the fee from now on, and how to resume', () => {
  const hibernating = one(euro, 'hibernation_started');
  assert.equal(hibernating.subject, 'Your account is hibernating');
  says(hibernating, 'your account has been hibernating since 1 April 2026: your listings are hidden and your data is kept.',
    'each month is billed at the hibernation fee of £0.50 (in EUR at the rate of each invoice)', 'Resume whenever you like in the portal');
});

test('cancellation taking effect: when, what is still open, and that the history is kept', () => {
  const cancelled = one(euro, 'subscription_cancelled');
  assert.equal(cancelled.subject, 'Your subscription has ended');
  says(cancelled, 'your subscription ended on 1 May 2026. Your listings are hidden and no further invoices will be issued.', '€4.18 is still open; please pay it in the portal.',
    'you can subscribe again at any time.');
  const paidUp = emailsFor([...withCard, pay('h-1', 120, '2026-03-02T00:00:00Z'), cancel('2026-03-10T00:00:00Z'), advanceTime('2026-04-01T00:00:00Z')]);
  says(one(paidUp, 'subscription_cancelled'), 'Nothing is owed.');
});

test('the HTML part escapes a business name; the text part shows it as written', () => {
  for (const email of euro) {
    assert.ok(email.text.startsWith('Hello <Café & Co>,\n'), email.text);
    assert.ok(email.html.includes('<p>Hello &#60;Café &#38; Co&#62;,</p>'), email.html);
    assert.ok(!email.html.includes('<Café'), 'no raw business name in the HTML');
    assert.ok(email.html.includes(`<title>${escapeHtml(email.subject)}</title>`));
  }
});
