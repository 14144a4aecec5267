import type { StoredEvent, StoredMetadata } from '../../libs/event-store/event-store.port';

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
  /**
   * The stored metadata whole (correlationId, causationId, actor, command, occurredAt, the hash
   * chain and any extra keys): the chain's hash covers all of it, so a consumer can only verify
   * a stream's chain (docs/events.md) if nothing is left out.
   */
  readonly metadata: StoredMetadata;
}

export interface KafkaRecord {
  readonly key: string;
  readonly value: string;
  readonly headers: Record<string, string>;
}

export function toEnvelope(event: StoredEvent): EventEnvelope {
  return {
    id: event.id,
    type: event.type,
    streamId: event.streamId,
    revision: event.revision,
    position: event.position,
    occurredAt: event.metadata.occurredAt,
    data: event.data,
    metadata: event.metadata,
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
