import type { InvoiceLineView, InvoiceView } from '../../../projections/invoices/invoices.query';
import type { Buyer, Seller } from './invoice-pdf';

/**
 * Documents as GET /v1/invoices/{invoiceId} shows them, for the renderer's tests and golden files: a
 * renewal in EUR with proration lines and credit (and the same with a coupon's discount), a refund's
 * credit note, and a yen invoice. Names
 * with accents on purpose: every one must print and be read back as text.
 */
export const SELLER: Seller = {
  name: 'Café Ó Briain Directory Ltd',
  addressLines: ['Unit 4, Müller Yard', '12 Łódź Street', 'Dublin 2, D02 XY45', 'Ireland'],
  taxId: 'IE 1234567 T',
};

export const BUYER: Buyer = { accountId: 'cafe-o-briain', businessName: 'Café Ó Briain & Müller (Łódź)', email: 'owner@cafe-obriain.example' };

const line = (currency: string, fields: Partial<InvoiceLineView> & Pick<InvoiceLineView, 'kind' | 'description' | 'exact'> & { minor: number }): InvoiceLineView => {
  const { minor, ...rest } = fields;
  return { quantity: 1, unitAmountGbp: 100, days: 31, periodDays: 31, exactGbp: null, ...rest, amount: { amount: minor, currency } };
};

const eur = (amount: number) => ({ amount, currency: 'EUR' });

export const RENEWAL_EUR: InvoiceView = {
  invoiceId: '0194f1c2-7a00-7000-8000-000000000001', id: '0194f1c2-7a00-7000-8000-000000000001', number: 'INV-000042', kind: 'invoice', reason: 'renewal', accountId: BUYER.accountId, status: 'open',
  issuedAt: '2026-04-01T00:00:00.000Z', dueAt: '2026-04-08T00:00:00.000Z', period: { start: '2026-04-01', end: '2026-05-01' }, currency: 'EUR',
  lines: [
    line('EUR', { kind: 'tier', description: 'Pro tier', unitAmountGbp: 300, days: 30, periodDays: 30, exactGbp: '300', exact: '351', minor: 351 }),
    line('EUR', { kind: 'branches', description: 'Additional branches', quantity: 3, unitAmountGbp: 100, days: 30, periodDays: 30, exactGbp: '300', exact: '351', minor: 351 }),
    line('EUR', { kind: 'tier_credit', description: 'Unused time on Starter', quantity: -1, days: 15, exactGbp: '-48.387096774193548387', exact: '-56.612903225806451613', minor: -57 }),
    line('EUR', { kind: 'tier_charge', description: 'Remaining time on Pro', unitAmountGbp: 300, days: 15, exactGbp: '145.16129032258064516', exact: '169.83870967741935484', minor: 170 }),
    line('EUR', { kind: 'branches', description: 'Branch change on 2026-03-20', quantity: 3, days: 12, exactGbp: '116.12903225806451613', exact: '135.87096774193548387', minor: 136 }),
  ],
  subtotal: eur(951), tax: eur(219), taxRate: '0.23', taxRegion: 'IE', exchangeRate: '1.17', total: eur(1170), creditApplied: eur(200), amountDue: eur(970),
  amountPaid: eur(500), amountRemaining: eur(470), refundOf: null,
};

/**
 * The renewal with a coupon's discount, as the domain issues it (discount.ts): 10 % of the rounded
 * lines, 951 × 0.10 = 95.1 → −95, one line of its own after the others, before tax; 856 taxed at
 * 23 % = 196.88 → 197; total 1053, less 200 credit, 853 due.
 */
export const DISCOUNTED_RENEWAL_EUR: InvoiceView = {
  ...RENEWAL_EUR, invoiceId: '0194f1c2-7a00-7000-8000-000000000005', id: '0194f1c2-7a00-7000-8000-000000000005', number: 'INV-000044',
  lines: [
    ...RENEWAL_EUR.lines,
    { kind: 'discount', description: 'Discount (SPRING-10)', quantity: 1, unitAmountGbp: null, days: 1, periodDays: 1, exactGbp: null, exact: '-95.1', amount: eur(-95) },
  ],
  subtotal: eur(856), tax: eur(197), total: eur(1053), creditApplied: eur(200), amountDue: eur(853), amountPaid: eur(0), amountRemaining: eur(853),
};

const gbp = (amount: number) => ({ amount, currency: 'GBP' });

export const REFUND_CREDIT_NOTE: InvoiceView = {
  invoiceId: '0194f1c2-7a00-7000-8000-000000000002', id: '0194f1c2-7a00-7000-8000-000000000002', number: 'CN-000007', kind: 'credit_note', reason: 'refund', accountId: BUYER.accountId, status: 'paid',
  issuedAt: '2026-03-20T14:30:00.000Z', dueAt: null, period: null, currency: 'GBP',
  lines: [{ kind: 'refund', description: 'Refund: service outage on 18 March', quantity: 1, unitAmountGbp: null, days: 1, periodDays: 1, exactGbp: null, exact: '-50', amount: gbp(-50) }],
  subtotal: gbp(-50), tax: gbp(-10), taxRate: '0.20', taxRegion: 'GB', exchangeRate: '1', total: gbp(-60), creditApplied: gbp(0), amountDue: gbp(0),
  amountPaid: gbp(0), amountRemaining: gbp(0), refundOf: { paymentId: '0194f1c2-7a00-7000-8000-0000000000aa', invoiceId: '0194f1c2-7a00-7000-8000-000000000003' },
};

const jpy = (amount: number) => ({ amount, currency: 'JPY' });

export const UPGRADE_JPY: InvoiceView = {
  invoiceId: '0194f1c2-7a00-7000-8000-000000000004', id: '0194f1c2-7a00-7000-8000-000000000004', number: 'INV-000043', kind: 'invoice', reason: 'upgrade', accountId: BUYER.accountId, status: 'paid',
  issuedAt: '2026-03-17T09:15:00.000Z', dueAt: '2026-03-17T09:15:00.000Z', period: null, currency: 'JPY',
  lines: [
    line('JPY', { kind: 'tier_credit', description: 'Unused time on Starter', quantity: -1, days: 15, exactGbp: '-48.387096774193548387', exact: '-90.725806451612903226', minor: -91 }),
    line('JPY', { kind: 'tier_charge', description: 'Remaining time on Pro', unitAmountGbp: 300, days: 15, exactGbp: '145.16129032258064516', exact: '272.17741935483870968', minor: 272 }),
  ],
  subtotal: jpy(181), tax: jpy(0), taxRate: '0', taxRegion: 'US', exchangeRate: '187.5', total: jpy(181), creditApplied: jpy(0), amountDue: jpy(181),
  amountPaid: jpy(181), amountRemaining: jpy(0), refundOf: null,
};
