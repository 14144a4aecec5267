// "Pay now": a vendor asks to pay an open invoice with the payment method on file; the request
// names what is left to pay, and is refused for a paid, void or unknown invoice or without a card.
import { test } from 'node:test';
import { accountSpec, failPayment, historyOf, open, pay, starterFromFirstOfMarch, subscribe } from './billing-account.fixtures';

const spec = accountSpec();
const request = (invoiceId: string, now: string) => ({ type: 'RequestPayment' as const, invoiceId, now });

test('given an invoice whose charge declined, when the vendor pays now, then the request names what is left', () => {
  const declined = starterFromFirstOfMarch([failPayment('h-1', '2026-03-01T08:00:05Z'), pay('h-1', 20, '2026-03-01T10:00:00Z')]);
  spec.given(declined).when(request('h-1', '2026-03-01T12:00:00Z')).then([
    { type: 'PaymentRequested', data: { invoiceId: 'h-1', amount: 100, currency: 'GBP', requestedAt: '2026-03-01T12:00:00.000Z' } },
  ]);
});

test('a paid invoice has nothing left to pay', () => {
  spec.given(starterFromFirstOfMarch([pay('h-1', 120, '2026-03-01T08:00:05Z')])).when(request('h-1', '2026-03-02T00:00:00Z')).thenRejects('INVALID_STATE');
});

test('an unknown invoice is refused', () => {
  spec.given(starterFromFirstOfMarch()).when(request('nope', '2026-03-02T00:00:00Z')).thenRejects('INVOICE_NOT_FOUND');
});

test('without a payment method on file there is nothing to charge', () => {
  const noCard = historyOf([open('2026-02-20T09:00:00Z'), subscribe('starter', 1, '2026-03-01T08:00:00Z')]);
  spec.given(noCard).when(request('h-1', '2026-03-02T00:00:00Z')).thenRejects('NO_PAYMENT_METHOD');
});
