import { uuidV7 } from './uuid-v7';
import type { EventMetadata } from '../../event-store/event-store.port';
import { currentContext } from '../../infra/logging/request-context';

/**
 * The metadata every command's events carry: the request's correlation id (or a fresh one for
 * work no request started), the request as cause, who acted, which command, and when.
 */
export function commandMetadata(actor: string, role: string | undefined, command: string, occurredAt: string): EventMetadata {
  const request = currentContext();
  return {
    correlationId: request?.correlationId ?? uuidV7(),
    causationId: request?.requestId ?? uuidV7(),
    actor,
    ...(role ? { role } : {}),
    command,
    occurredAt,
  };
}
