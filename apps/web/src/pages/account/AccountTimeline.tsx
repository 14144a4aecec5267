import { useInfiniteQuery } from '@tanstack/react-query';
import { fetchClient } from '../../rest-client/client';
import type { OkBody } from '../../rest-client/types';
import { formatMoney } from '../../format/money';
import { Empty, ErrorNotice, Loading } from '../../ui/states';
import { When } from '../../ui/When';
import { eventDetail, eventTitle } from './event-summary';

type LedgerEvent = OkBody<'/v1/accounts/{id}/events', 'get'>['items'][number];
const PAGE_SIZE = 50;

/**
 * Every event of the account, newest first (what happened lately is what finance opens it for),
 * with who did it (actor), when, and the correlation id that ties it to the request that caused
 * it: the audit trail finance reads (Kaui's timeline). Earlier events load a page at a time.
 */
export function AccountTimeline({ accountId, asOf }: { accountId: string; asOf?: string }) {
  // Page by page with the cursor each answer hands out; the first page is asked without one.
  const events = useInfiniteQuery({
    queryKey: ['get', '/v1/accounts/{id}/events', accountId, asOf ?? null],
    initialPageParam: null as string | null,
    queryFn: async ({ pageParam }) => {
      const { data, error } = await fetchClient.GET('/v1/accounts/{id}/events', {
        params: { path: { id: accountId }, query: { order: 'newest', limit: PAGE_SIZE, ...(asOf ? { asOf } : {}), ...(pageParam ? { cursor: pageParam } : {}) } },
      });
      if (error !== undefined || data === undefined) throw error;
      return data;
    },
    getNextPageParam: (page) => page.nextCursor,
  });
  const items = events.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <section className="card" aria-labelledby="timeline">
      <div className="card-header">
        <h2 id="timeline">Timeline</h2>
        <p>{asOf ? <>Events recorded by <When instant={asOf} /></> : 'Every event, newest first'}</p>
      </div>
      {events.isPending && <Loading what="the timeline" />}
      {events.isError && <ErrorNotice error={events.error} what="the timeline" retry={() => void events.refetch()} />}
      {events.data && items.length === 0 && <Empty>No event was recorded by then.</Empty>}
      {items.length > 0 && (
        <ol className="timeline" data-testid="timeline">
          {items.map((event) => <TimelineEvent key={event.id} event={event} />)}
        </ol>
      )}
      {events.hasNextPage && (
        <button type="button" className="button button-quiet" onClick={() => void events.fetchNextPage()} disabled={events.isFetchingNextPage}>
          {events.isFetchingNextPage ? 'Loading…' : 'Load earlier events'}
        </button>
      )}
    </section>
  );
}

function TimelineEvent({ event }: { event: LedgerEvent }) {
  const data = event.data as Record<string, unknown>;
  const metadata = event.metadata ?? { actor: 'unknown', correlationId: '—', causationId: '—', command: '—', occurredAt: event.occurredAt };
  const money = typeof data.total === 'number' && typeof data.currency === 'string' ? formatMoney({ amount: data.total, currency: data.currency }) : typeof data.amount === 'number' && typeof data.currency === 'string' ? formatMoney({ amount: data.amount, currency: data.currency }) : '';
  const detail = [eventDetail(event.type, data), money].filter(Boolean).join(' · ');
  return (
    <li data-event-type={event.type}>
      <span className="dot" aria-hidden="true" />
      <div>
        <div className="event-head">
          <span className="event-type">{eventTitle(event.type)}</span>
          {detail && <span>{detail}</span>}
        </div>
        <div className="event-meta">
          <When instant={event.occurredAt} long />
          <span>by <strong>{metadata.actor}</strong>{metadata.role ? ` (${metadata.role})` : ''}</span>
          <span>correlation <code>{metadata.correlationId}</code></span>
          <span>#{event.revision}</span>
        </div>
        <details>
          <summary>Data</summary>
          <pre>{JSON.stringify({ type: event.type, position: event.position, data: event.data, command: metadata.command, causationId: metadata.causationId }, null, 2)}</pre>
        </details>
      </div>
    </li>
  );
}
