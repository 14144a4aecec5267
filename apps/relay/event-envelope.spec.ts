/** The Kafka envelope carries exactly the contract's value fields and CloudEvents headers. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { StoredEvent } from '../../libs/event-store/event-store.port';
import { toEnvelope } from '../../libs/event-store/event-envelope';
import { toKafkaRecord } from './event-envelope';

const storedEvent: StoredEvent = {
  id: '0192f0c1-7d3a-7cc2-9a51-2b1f6f0e4a10',
  type: 'TierChanged',
  streamId: 'account-acme',
  revision: 4,
  position: '000000000000031a-0000000000000042',
  data: { from: 'basic', to: 'premium', effectiveAt: '2026-03-01T00:00:00.000Z' },
  metadata: {
    correlationId: 'corr-1',
    causationId: 'cause-1',
    actor: 'vendor-7',
    command: 'ChangeTier',
    occurredAt: '2026-03-01T09:15:00.000Z',
    idempotencyKey: 'key-1',
    prevHash: 'a'.repeat(64),
    hash: 'b'.repeat(64),
  },
};

describe('Kafka envelope', () => {
  test('given a stored event, when mapped, then the value holds the contract fields and the whole stored metadata', () => {
    assert.deepEqual(toEnvelope(storedEvent), {
      id: storedEvent.id,
      type: 'TierChanged',
      streamId: 'account-acme',
      revision: 4,
      position: '000000000000031a-0000000000000042',
      occurredAt: '2026-03-01T09:15:00.000Z',
      data: { from: 'basic', to: 'premium', effectiveAt: '2026-03-01T00:00:00.000Z' },
      metadata: storedEvent.metadata,
    });
  });

  test('given a stored event, when mapped to a record, then the key is the stream id and the value is the JSON envelope', () => {
    const record = toKafkaRecord(storedEvent);
    assert.equal(record.key, 'account-acme');
    assert.deepEqual(JSON.parse(record.value), toEnvelope(storedEvent));
  });

  test('given a stored event, when mapped to a record, then the headers are the CloudEvents binary attributes', () => {
    assert.deepEqual(toKafkaRecord(storedEvent).headers, {
      ce_specversion: '1.0',
      ce_id: storedEvent.id,
      ce_type: 'TierChanged',
      ce_source: 'billing-ledger',
      ce_time: '2026-03-01T09:15:00.000Z',
      ce_subject: 'account-acme',
      'content-type': 'application/json',
    });
  });
});
