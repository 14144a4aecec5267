import type { StoredEvent } from '../../libs/event-store/event-store.port';

/**
 * How a stored event looks on Kafka (shared/spec/api.md "Kafka"): the stream id as key, so one
 * account's events stay in one partition and in order; a JSON value; and the CloudEvents Kafka
 * binding's binary-mode attributes as headers, so consumers can route without parsing the value.
 */
export const CLOUD_EVENTS_SOURCE = 'billing-ledger';

export interface EventEnvelope {
  readonly id: string;
  readonly type: string;
  readonly streamId: string;
  readonly revision: number;
  readonly position: string;
  readonly occurredAt: string;
  readonly data: Record<string, unknown>;
  readonly metadata: EnvelopeMetadata;
}

/**
 * Only the metadata named by the public contract leaves the ledger. Other keys (idempotency keys,
 * request hashes, the hash chain) are internal and could change without notice, so they stay out.
 */
export interface EnvelopeMetadata {
  readonly correlationId: string;
  readonly causationId: string;
  readonly actor: string;
  readonly command: string;
}

export interface KafkaRecord {
  readonly key: string;
  readonly value: string;
  readonly headers: Record<string, string>;
}

export function toEnvelope(event: StoredEvent): EventEnvelope {
  const { correlationId, causationId, actor, command, occurredAt } = event.metadata;
  return {
    id: event.id,
    type: event.type,
    streamId: event.streamId,
    revision: event.revision,
    position: event.position,
    occurredAt,
    data: event.data,
    metadata: { correlationId, causationId, actor, command },
  };
}

export function toKafkaRecord(event: StoredEvent): KafkaRecord {
  const envelope = toEnvelope(event);
  return {
    key: event.streamId,
    value: JSON.stringify(envelope),
    headers: {
      ce_specversion: '1.0',
      ce_id: event.id,
      ce_type: event.type,
      ce_source: CLOUD_EVENTS_SOURCE,
      ce_time: envelope.occurredAt,
      ce_subject: event.streamId,
      'content-type': 'application/json',
    },
  };
}
