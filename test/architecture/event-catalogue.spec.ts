// Every event type the domain can produce is documented in docs/events.md, the contract Kafka
// consumers read: a new type without its row fails here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BILLING_ACCOUNT_EVENT_TYPES } from '../../libs/domain/billing-account/billing-account.events';
import { COUPON_EVENT_TYPES } from '../../libs/domain/coupons/coupon.events';

const catalogue = readFileSync(join(__dirname, '..', '..', '..', 'docs', 'events.md'), 'utf8');

test('every billing-account event type has a row in docs/events.md', () => {
  assert.ok(BILLING_ACCOUNT_EVENT_TYPES.length >= 33);
  for (const type of BILLING_ACCOUNT_EVENT_TYPES) assert.match(catalogue, new RegExp(`\\| \`${type}\` \\|`), `${type} is not documented`);
});

test('the rate events are documented', () => {
  for (const type of ['ExchangeRateSet', 'TaxRateSet']) assert.match(catalogue, new RegExp(`\\| \`${type}\` \\|`));
});

test('the coupon events are documented', () => {
  assert.equal(COUPON_EVENT_TYPES.length, 4);
  for (const type of COUPON_EVENT_TYPES) assert.match(catalogue, new RegExp(`\\| \`${type}\` \\|`), `${type} is not documented`);
});
