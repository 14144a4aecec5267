// The invoice PDF renderer alone: every field api.md lists is on the page as real text, accents
// and currency signs included; one invoice gives the same bytes every time; and each kind of
// document keeps its layout, guarded by a golden transcript of where each text run stands.
//
// The golden files (golden/*.layout.txt) hold the layout as text: page, position and size of every
// run rounded to whole points, its font and its text. When a layout change is deliberate, write
// them anew and review the diff like any other change:
//   UPDATE_GOLDEN=1 npm run test:only -- invoice-pdf
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../../infra/database/project-root';
import { layoutTranscript, readPdf } from '../../../test/support/pdf-text';
import { BUYER, DISCOUNTED_RENEWAL_EUR, REFUND_CREDIT_NOTE, RENEWAL_EUR, SELLER, UPGRADE_JPY } from './invoice-pdf.fixtures';
import { renderInvoicePdf, UNCONFIGURED_SELLER } from './invoice-pdf';

const goldenDir = join(projectRoot(), 'libs', 'application', 'documents', 'golden');

async function textOf(bytes: Buffer): Promise<string> {
  return (await readPdf(bytes)).text;
}

function assertGolden(name: string, actual: string): void {
  const file = join(goldenDir, `${name}.layout.txt`);
  if (process.env.UPDATE_GOLDEN === '1') writeFileSync(file, actual);
  assert.ok(existsSync(file), `${file} is missing: run UPDATE_GOLDEN=1 npm run test:only -- invoice-pdf`);
  assert.equal(actual, readFileSync(file, 'utf8'), `the layout of ${name} changed; if that was meant, UPDATE_GOLDEN=1 npm run test:only -- invoice-pdf and review the diff`);
}

describe('invoice PDF', () => {
  test('an invoice shows every field: seller, buyer, dates, period, lines, tax, totals, payments, currency and exchange rate', async () => {
    const text = await textOf(await renderInvoicePdf(RENEWAL_EUR, BUYER, SELLER));

    const expected = [
      'Café Ó Briain Directory Ltd', 'Unit 4, Müller Yard', '12 Łódź Street', 'Dublin 2, D02 XY45', 'Tax registration no. IE 1234567 T',
      'Café Ó Briain & Müller (Łódź)', 'owner@cafe-obriain.example', 'Account cafe-o-briain', 'Tax region IE',
      'Invoice', 'INV-000042', '1 April 2026', '8 April 2026', '1 April 2026 – 30 April 2026', 'Exchange rate', '£1 = 1.17 EUR',
      'Pro tier', 'Additional branches', 'Unused time on Starter', 'Remaining time on Pro', '15 of 31 days of the billing period',
      '€3.51', '\u2212€0.57', '€1.70', '€1.36', 'Subtotal', '€9.51', 'Tax (IE 23%)', '€2.19', 'Total', '€11.70',
      'Credit applied', '\u2212€2.00', 'Amount due', '€9.70', 'Amount paid', '€5.00', 'Amount remaining', '€4.70', 'Amount (EUR)',
    ];
    const lines = text.split('\n');
    for (const field of expected) assert.ok(lines.includes(field), `"${field}" is not a text run of the document:\n${text}`);
  });

  test('a credit note says so and names the invoice and payment it credits', async () => {
    const text = await textOf(await renderInvoicePdf(REFUND_CREDIT_NOTE, BUYER, SELLER, { creditedInvoiceNumber: 'INV-000031' }));

    for (const field of ['Credit note', 'CN-000007', 'Credits invoice', 'INV-000031', 'None (credit note)', '\u2212£0.50', '\u2212£0.60']) {
      assert.ok(text.split('\n').includes(field), `"${field}" missing:\n${text}`);
    }
    assert.match(text.replace(/\n/g, ' '), /credits invoice INV-000031: it records the refund of payment 0194f1c2-7a00-7000-8000-0000000000aa/);
  });

  test('yen have no decimals; a zero rate prints as 0%', async () => {
    const text = await textOf(await renderInvoicePdf(UPGRADE_JPY, BUYER, SELLER));
    for (const field of ['¥272', '\u2212¥91', '¥181', 'Tax (US 0%)', '£1 = 187.5 JPY']) assert.ok(text.split('\n').includes(field), `"${field}" missing:\n${text}`);
    assert.doesNotMatch(text, /¥\d+\.\d/);
  });

  test('the font is embedded as a subset with its text mapping, and the metadata names the document', async () => {
    const bytes = await renderInvoicePdf(RENEWAL_EUR, BUYER, SELLER);
    const raw = bytes.toString('latin1');
    assert.match(raw, /\/BaseFont \/[A-Z]{6}\+Inter-Regular/);
    assert.match(raw, /\/FontFile2 /);
    assert.match(raw, /\/ToUnicode /);
    const { info } = await readPdf(bytes);
    assert.equal(info.Title, 'Invoice INV-000042');
    assert.equal(info.CreationDate, 'D:20260401000000Z');
  });

  test('one invoice gives the same bytes every time; any change in it gives other bytes', async () => {
    const first = await renderInvoicePdf(RENEWAL_EUR, BUYER, SELLER);
    const second = await renderInvoicePdf(structuredClone(RENEWAL_EUR), { ...BUYER }, { ...SELLER });
    const paid = await renderInvoicePdf({ ...RENEWAL_EUR, amountPaid: { amount: 970, currency: 'EUR' }, amountRemaining: { amount: 0, currency: 'EUR' }, status: 'paid' }, BUYER, SELLER);

    assert.ok(first.equals(second), 'the same invoice rendered twice gives other bytes');
    assert.ok(!first.equals(paid));
  });

  test('without a configured seller the document says on its face that it is a specimen', async () => {
    const text = await textOf(await renderInvoicePdf(RENEWAL_EUR, BUYER, UNCONFIGURED_SELLER));
    assert.match(text, /SPECIMEN: the seller is not configured, so this is not a valid tax invoice\./);
    assert.match(text, /Set SELLER_NAME, SELLER_ADDRESS and SELLER_TAX_ID/);
  });

  test('many lines run onto further pages, each with the table header and a page count', async () => {
    const lines = Array.from({ length: 45 }, (_, index) => ({ ...RENEWAL_EUR.lines[index % RENEWAL_EUR.lines.length] }));
    const content = await readPdf(await renderInvoicePdf({ ...RENEWAL_EUR, lines }, BUYER, SELLER));
    assert.ok(content.pages >= 2, `${content.pages} page(s)`);
    for (let page = 1; page <= content.pages; page++) {
      const runs = content.runs.filter((run) => run.page === page).map((run) => run.text);
      if (runs.includes('Pro tier')) assert.ok(runs.includes('Description'), `page ${page} has lines but no table header`);
      assert.ok(runs.includes(`INV-000042 · Page ${page} of ${content.pages}`), `page ${page} has no page count`);
      assert.ok(content.runs.filter((run) => run.page === page).every((run) => run.y < 842 - 20), `page ${page} has text below its edge`);
    }
    assert.equal(content.runs.filter((run) => run.text === 'Pro tier').length, 9);
  });

  test("a coupon's discount line prints its code and amount with no period under it, and the totals are the discounted ones", async () => {
    const content = await readPdf(await renderInvoicePdf(DISCOUNTED_RENEWAL_EUR, BUYER, SELLER));
    const texts = content.runs.map((run) => run.text);
    for (const field of ['Discount (SPRING-10)', '\u2212€0.95', 'Subtotal', '€8.56', '€1.97', '€10.53', '\u2212€2.00', '€8.53']) {
      assert.ok(texts.includes(field), `"${field}" is not a text run of the document:\n${texts.join('\n')}`);
    }
    // A row like any other: its description in the description column, its amount on the same line, in the same font.
    const run = (text: string) => content.runs.find((candidate) => candidate.text === text) as (typeof content.runs)[number];
    assert.equal(Math.round(run('Discount (SPRING-10)').x), Math.round(run('Pro tier').x));
    assert.equal(Math.round(run('\u2212€0.95').y), Math.round(run('Discount (SPRING-10)').y));
    assert.equal(run('\u2212€0.95').font, run('€3.51').font);
    // Only the lines that bill days say which: nothing stands under the discount in its column before the totals.
    const below = content.runs.filter((other) => other.x === run('Discount (SPRING-10)').x && other.y > run('Discount (SPRING-10)').y).sort((left, right) => left.y - right.y)[0];
    assert.ok(below === undefined || !/days|period/i.test(below.text), `the discount line has "${below?.text}" under it`);
    assert.equal(texts.filter((text) => text.startsWith('Full period')).length, 2, 'the tier and branches lines say which period they bill');
  });

  test('the layout of an invoice is the golden one', async () => {
    assertGolden('invoice', layoutTranscript(await readPdf(await renderInvoicePdf(RENEWAL_EUR, BUYER, SELLER))));
  });

  test('the layout of a discounted invoice is the golden one', async () => {
    assertGolden('discounted-invoice', layoutTranscript(await readPdf(await renderInvoicePdf(DISCOUNTED_RENEWAL_EUR, BUYER, SELLER))));
  });

  test('the layout of a credit note is the golden one', async () => {
    assertGolden('credit-note', layoutTranscript(await readPdf(await renderInvoicePdf(REFUND_CREDIT_NOTE, BUYER, SELLER, { creditedInvoiceNumber: 'INV-000031' }))));
  });
});
