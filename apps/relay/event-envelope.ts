import type { StoredEvent } from '../../libs/event-store/event-store.port';
import { toEnvelope } from '../../libs/event-store/event-envelope';

/**
 * How a stored event looks on Kafka (shared/spec/api.md "Kafka"): the stream id as key, so one
 * account's events stay in one partition and in order; the shared envelope as a JSON value; and
 * the CloudEvents Kafka binding's binary-mode attributes as headers, so consumers can route
 * without parsing the value.
 */
export const CLOUD_EVENTS_SOURCE = 'billing-ledger';

export interface KafkaRecord {
  readonly key: string;
  readonly value: string;
  readonly headers: Record<string, string>;
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
