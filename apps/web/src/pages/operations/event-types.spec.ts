import assert from 'node:assert/strict';
import { test } from 'node:test';
import { eventTypesOf } from './event-types';

// What an admin types in the register form's "Event types" field, as the API's eventTypes.
test('types separated by commas, spaces or both become the list, in the order typed', () => {
  assert.deepEqual(eventTypesOf(' InvoiceIssued,PaymentFailed  AccountOpened, '), ['InvoiceIssued', 'PaymentFailed', 'AccountOpened']);
});

test('nothing typed is every event', () => {
  assert.deepEqual(eventTypesOf(''), ['*']);
  assert.deepEqual(eventTypesOf(' , '), ['*']);
});
