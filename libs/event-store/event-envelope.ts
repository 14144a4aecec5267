import type { StoredEvent, StoredMetadata } from './event-store.port';

/**
 * How a stored event looks to the outside (shared/spec/api.md): the Kafka value and the body of an
 * outgoing webhook are this one envelope, so a consumer can move between the two.
 */
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
