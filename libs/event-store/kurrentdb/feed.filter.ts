import { eventTypeFilter, excludeSystemEvents, streamNameFilter } from '@kurrent/kurrentdb-client';
import type { Filter } from '@kurrent/kurrentdb-client';
import type { ReadAllFilter } from '../event-store.port';

/**
 * Which events of KurrentDB's $all belong to the ledger's feed. $all also carries the server's
 * own events (`$`-prefixed streams and event types: stats, settings, projection output, links),
 * and may carry other applications' streams. An optional namespace puts the ledger's streams
 * under a common prefix so that one server can host several ledgers, or many isolated test runs.
 *
 * KurrentDB filters on the server by stream name or by event type, not both at once, so the
 * server filter is the most selective one available and `feedMember` checks everything again on
 * the client: the server filter saves traffic, the client check decides.
 */
export interface FeedScope {
  /** Prefix of every ledger stream name in KurrentDB; '' for none. */
  readonly namespace: string;
  readonly filter?: ReadAllFilter;
}

export function toStreamName(namespace: string, streamId: string): string {
  return `${namespace}${streamId}`;
}

function isSystemName(name: string): boolean {
  return name.startsWith('$');
}

function present(list: readonly string[] | undefined): list is readonly string[] {
  return list !== undefined && list.length > 0;
}

/** .NET regular expression metacharacters (the server's regex engine), escaped to match literally. */
export function escapeServerRegex(text: string): string {
  return text.replace(/[\\^$.|?*+()[\]{}#\s]/g, (char) => `\\${char}`);
}

/** The filter object handed to readAll / subscribeToAll. */
export function serverFilter(scope: FeedScope): Filter {
  const prefixes = scope.filter?.streamPrefixes;
  if (present(prefixes)) return streamNameFilter({ prefixes: prefixes.map((prefix) => toStreamName(scope.namespace, prefix)) });
  if (scope.namespace !== '') return streamNameFilter({ prefixes: [scope.namespace] });
  const types = scope.filter?.eventTypes;
  if (present(types)) return eventTypeFilter({ regex: `^(?:${types.map(escapeServerRegex).join('|')})$` });
  return excludeSystemEvents();
}

/**
 * The port's stream id when the event belongs to the scope's feed, otherwise undefined. Server
 * events are never part of the feed, whatever the filter says.
 */
export function feedMember(scope: FeedScope, streamName: string, eventType: string): string | undefined {
  if (isSystemName(streamName) || isSystemName(eventType)) return undefined;
  if (!streamName.startsWith(scope.namespace)) return undefined;
  const streamId = streamName.slice(scope.namespace.length);
  const prefixes = scope.filter?.streamPrefixes;
  if (present(prefixes) && !prefixes.some((prefix) => streamId.startsWith(prefix))) return undefined;
  const types = scope.filter?.eventTypes;
  if (present(types) && !types.includes(eventType)) return undefined;
  return streamId;
}
