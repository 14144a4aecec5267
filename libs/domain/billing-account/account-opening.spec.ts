// Opening an account: exact AccountOpened data, one account per stream, a currency with a rate, a valid tax region.
import { test } from 'node:test';
import { accountSpec, exchangeRate, historyOf, open } from './billing-account.fixtures';

const spec = accountSpec({ exchangeRates: [exchangeRate('EUR', '1.17')] });

test('opening records exactly the contract fields, openedAt being the command instant', () => {
  spec.given([]).when(open('2026-02-20T09:00:00.000Z')).then([
    { type: 'AccountOpened', data: { accountId: 'acc-1', businessName: 'Corner Shop', email: 'shop@example.com', currency: 'GBP', taxRegion: 'GB', openedAt: '2026-02-20T09:00:00.000Z' } },
  ]);
});

test('a second OpenAccount on the stream is refused', () => {
  spec.given(historyOf([open('2026-02-20T09:00:00Z')])).when(open('2026-02-21T09:00:00Z')).thenRejects('ACCOUNT_ALREADY_EXISTS');
});

test('a currency without a rate at that instant is refused', () => {
  spec.given([]).when(open('2026-02-20T09:00:00Z', { currency: 'USD' })).thenRejects('NO_EXCHANGE_RATE');
  spec.given([]).when(open('2025-12-31T23:59:59Z', { currency: 'EUR' })).thenRejects('NO_EXCHANGE_RATE');
});

test('a currency with a rate in force opens', () => {
  spec.given([]).when(open('2026-02-20T09:00:00Z', { currency: 'EUR', taxRegion: 'IE' })).thenMatch([{ type: 'AccountOpened', data: { currency: 'EUR', taxRegion: 'IE' } }]);
});

test('a malformed tax region, currency or email is a validation failure', () => {
  for (const overrides of [{ taxRegion: 'gb' }, { taxRegion: 'CA-ONTARIO' }, { currency: 'pounds' }, { email: 'nobody' }, { businessName: ' ' }]) {
    spec.given([]).when(open('2026-02-20T09:00:00Z', overrides)).thenRejects('VALIDATION_FAILED');
  }
});

test('a subdivided tax region opens', () => {
  spec.given([]).when(open('2026-02-20T09:00:00Z', { taxRegion: 'CA-ON' })).thenMatch([{ type: 'AccountOpened', data: { taxRegion: 'CA-ON' } }]);
});

test('a command on an account that was never opened is refused', () => {
  spec.given([]).when({ type: 'Subscribe', tier: 'starter', branches: 1, now: '2026-02-20T09:00:00Z' }).thenRejects('ACCOUNT_NOT_FOUND');
});

test('a command without a valid instant is a validation failure', () => {
  spec.given([]).when(open('20 Feb 2026')).thenRejects('VALIDATION_FAILED');
});
