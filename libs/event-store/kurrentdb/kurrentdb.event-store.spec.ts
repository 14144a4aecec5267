// Proves the engine's wiring that needs no server: the factory takes both URL schemes, refuses bad settings, and surfaces the client's connection errors through every operation.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { UnavailableError } from '@kurrent/kurrentdb-client';
import type { NewEvent } from '../event-store.port';
import { createKurrentDbEventStore } from './kurrentdb.event-store';

// Port 1 on loopback refuses connections at once; one discovery attempt keeps the failure quick.
const NOBODY_LISTENS = '127.0.0.1:1?tls=false&maxDiscoverAttempts=1';

const event: NewEvent = {
  id: '00000000-0000-4000-8000-000000000001',
  type: 'AccountOpened',
  data: {},
  metadata: { correlationId: 'c', causationId: 'c', actor: 'test', command: 'OpenAccount', occurredAt: '2026-11-24T07:00:00.000Z' },
};

describe('KurrentDB engine without a server', () => {
  for (const scheme of ['kurrentdb', 'esdb']) {
    test(`given a ${scheme}:// address where nobody listens, when used, then each operation fails with the client's UnavailableError and close still resolves`, async () => {
      const store = createKurrentDbEventStore(`${scheme}://${NOBODY_LISTENS}`);
      await assert.rejects(store.readStream('account-1'), UnavailableError);
      await assert.rejects(store.append('account-1', [event], { expectedRevision: 'any' }), UnavailableError);
      await assert.rejects(store.readAll(), UnavailableError);
      await assert.rejects(store.headPosition(), UnavailableError);
      const subscription = store.subscribe(undefined, async () => undefined);
      await assert.rejects(subscription.done, UnavailableError);
      await store.close();
    });
  }

  test('given a namespace starting with $, when the store is built, then it is refused (that prefix belongs to KurrentDB)', () => {
    assert.throws(() => createKurrentDbEventStore(`kurrentdb://${NOBODY_LISTENS}`, { namespace: '$ledger.' }), TypeError);
  });

  test('given no events, when appending, then it is refused before anything is sent', async () => {
    const store = createKurrentDbEventStore(`kurrentdb://${NOBODY_LISTENS}`);
    await assert.rejects(store.append('account-1', [], { expectedRevision: 'any' }), TypeError);
    await store.close();
  });

  test('given a connection string that is not one, when the store is built, then the client refuses it', () => {
    assert.throws(() => createKurrentDbEventStore('postgres://localhost/ledger'));
  });
});
