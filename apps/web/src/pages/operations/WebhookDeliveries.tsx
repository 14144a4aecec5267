import { useState } from 'react';
import { $api } from '../../rest-client/client';
import { problemOf } from '../../rest-client/problem';
import type { OkBody } from '../../rest-client/types';
import { useCommandAnswer } from '../../rest-client/use-command';
import { Badge } from '../../ui/Badge';
import { DataTable } from '../../ui/DataTable';
import { Pager, useCursorPages } from '../../ui/Pager';
import { Empty, ErrorNotice, Loading, Notice } from '../../ui/states';
import { When } from '../../ui/When';

type Delivery = OkBody<'/v1/webhook-endpoints/{endpointId}/deliveries', 'get'>['items'][number];
type Status = Delivery['status'];
const FILTERS: ReadonlyArray<{ value: Status | undefined; label: string }> = [
  { value: undefined, label: 'All' },
  { value: 'pending', label: 'Pending' },
  { value: 'failed', label: 'Failed' },
  { value: 'succeeded', label: 'Succeeded' },
];

/**
 * One endpoint's delivery log, newest event first: each event's status, attempts so far, the next
 * attempt the schedule holds, and the last answer (its HTTP status, or why there was none). It is
 * read again every few seconds, since the worker moves it on its own. Only admins reach it.
 */
export function WebhookDeliveries({ endpointId, url }: { endpointId: string; url: string | undefined }) {
  const [status, setStatus] = useState<Status | undefined>();
  const pages = useCursorPages(`${endpointId}|${status ?? ''}`);
  const query = { limit: 20, ...(status ? { status } : {}), ...(pages.cursor ? { cursor: pages.cursor } : {}) };
  const deliveries = $api.useQuery('get', '/v1/webhook-endpoints/{endpointId}/deliveries', { params: { path: { endpointId }, query } }, { refetchInterval: 5_000, placeholderData: (previous) => previous });
  return (
    <div className="subhead" role="region" aria-labelledby="webhook-deliveries" data-testid="webhook-deliveries-panel">
      <div className="card-header">
        <h3 id="webhook-deliveries">Deliveries{url ? <> to <span className="mono">{url}</span></> : ''}</h3>
        <div className="segmented" role="group" aria-label="Deliveries by status">
          {FILTERS.map((filter) => (
            <button key={filter.label} type="button" aria-pressed={status === filter.value} onClick={() => setStatus(filter.value)}>{filter.label}</button>
          ))}
        </div>
      </div>
      {deliveries.isPending && <Loading what="deliveries" />}
      {deliveries.isError && (problemOf(deliveries.error).status === 404
        ? <Notice tone="warning"><p>There is no webhook endpoint <code>{endpointId}</code> any more.</p></Notice>
        : <ErrorNotice error={deliveries.error} what="deliveries" retry={() => void deliveries.refetch()} />)}
      {deliveries.data && deliveries.data.items.length === 0 && <Empty>{status ? `No ${status} delivery.` : 'No event has been sent to this endpoint yet.'}</Empty>}
      {deliveries.data && deliveries.data.items.length > 0 && (
        <>
          <DataTable<Delivery>
            caption="Deliveries to this endpoint"
            testId="webhook-deliveries"
            rows={deliveries.data.items}
            rowKey={(row) => row.deliveryId}
            columns={[
              { header: 'Event', cell: (row) => <div><strong>{row.eventType}</strong><span className="mono muted block">{row.eventId}</span></div> },
              { header: 'Status', cell: (row) => <span data-delivery-status={row.status}><Badge status={row.status} /></span> },
              { header: 'Attempts', numeric: true, cell: (row) => <span data-attempts={row.attempt}>{row.attempt}</span> },
              { header: 'Next attempt', cell: (row) => (row.nextAttemptAt ? <When instant={row.nextAttemptAt} /> : '—') },
              { header: 'Response', cell: (row) => <ResponseCell delivery={row} /> },
              { header: 'Retry', label: '', cell: (row) => (row.status === 'succeeded' ? null : <RetryButton endpointId={endpointId} delivery={row} />) },
            ]}
          />
          <Pager label="Deliveries" page={pages.page} nextCursor={deliveries.data.nextCursor} onNext={pages.next} onPrevious={pages.previous} />
        </>
      )}
    </div>
  );
}

/** The last answer: its HTTP status, or the reason there was none (a timeout, a refused connection). */
function ResponseCell({ delivery }: { delivery: Delivery }) {
  if (delivery.responseStatus === null && !delivery.error) return <span className="muted">Not sent yet</span>;
  return (
    <span data-response-status={delivery.responseStatus ?? ''}>
      {delivery.responseStatus !== null && <strong>HTTP {delivery.responseStatus}</strong>}
      {/* The error is the status again after an answer; it says more only when there was none. */}
      {delivery.error && delivery.error !== `HTTP ${delivery.responseStatus}` && <span className="muted small block">{delivery.error}</span>}
      {delivery.lastAttemptAt && <span className="muted small block">at <When instant={delivery.lastAttemptAt} /></span>}
    </span>
  );
}

/** Sends the delivery again at once, out of its schedule; the API's refusal shows beside the button. */
function RetryButton({ endpointId, delivery }: { endpointId: string; delivery: Delivery }) {
  const { problem, callbacks } = useCommandAnswer();
  const retry = $api.useMutation('post', '/v1/webhook-endpoints/{endpointId}/deliveries/{deliveryId}/retry', callbacks);
  return (
    <span className="confirm-inline">
      <button type="button" className="button button-quiet button-small" disabled={retry.isPending} aria-label={`Retry now: ${delivery.eventType} ${delivery.eventId}`} onClick={() => retry.mutate({ params: { path: { endpointId, deliveryId: delivery.deliveryId } } })}>
        {retry.isPending ? 'Retrying…' : 'Retry now'}
      </button>
      {retry.isSuccess && <span className="small" role="status">Sent again.</span>}
      {problem && <span className="field-error" role="alert">{problem.detail}</span>}
    </span>
  );
}
