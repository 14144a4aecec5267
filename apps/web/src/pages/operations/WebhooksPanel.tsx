import { useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import { $api } from '../../rest-client/client';
import type { OkBody, Session } from '../../rest-client/types';
import { useCommandAnswer } from '../../rest-client/use-command';
import { Badge } from '../../ui/Badge';
import { DataTable } from '../../ui/DataTable';
import { Pager, useCursorPages } from '../../ui/Pager';
import { Empty, ErrorNotice, Loading } from '../../ui/states';
import { When } from '../../ui/When';
import { DeleteEndpointButton } from './DeleteEndpointButton';
import { RegisterEndpointForm } from './RegisterEndpointForm';
import { WebhookDeliveries } from './WebhookDeliveries';

type Endpoint = OkBody<'/v1/webhook-endpoints', 'get'>['items'][number];

/**
 * Outgoing webhook endpoints (api.md, "Outgoing webhooks"): registering one, enabling, disabling or
 * deleting it, and for the one picked, its delivery log. The API keeps endpoints and deliveries,
 * deleting included, to admins, so finance is told where they live and shown no list and no
 * action. The endpoint picked is in the address (`?endpoint=`), so a link to one endpoint's
 * deliveries can be shared.
 */
export function WebhooksPanel({ who }: { who: Session }) {
  if (who.role !== 'admin') {
    return (
      <section className="card" aria-labelledby="webhooks">
        <div className="card-header"><h2 id="webhooks">Webhook endpoints</h2></div>
        <p className="muted" data-testid="webhooks-admin-only">Webhook endpoints and their deliveries are managed by admins.</p>
      </section>
    );
  }
  return <WebhookEndpoints />;
}

function WebhookEndpoints() {
  const [search, setSearch] = useSearchParams();
  const picked = search.get('endpoint') ?? undefined;
  const pages = useCursorPages('webhook-endpoints');
  const endpoints = $api.useQuery('get', '/v1/webhook-endpoints', { params: { query: { limit: 10, ...(pages.cursor ? { cursor: pages.cursor } : {}) } } }, { placeholderData: (previous) => previous });
  const pick = (endpointId: string | undefined) => {
    const next = new URLSearchParams(search);
    if (endpointId) next.set('endpoint', endpointId);
    else next.delete('endpoint');
    setSearch(next, { replace: true });
  };
  const pickedEndpoint = endpoints.data?.items.find((endpoint) => endpoint.endpointId === picked);
  // A deleted endpoint's row, and the button that had the focus, leave the list: the focus goes to
  // the panel's heading, and the live region says what happened.
  const heading = useRef<HTMLHeadingElement>(null);
  const [announcement, setAnnouncement] = useState('');
  const deleted = (endpoint: Endpoint) => {
    if (endpoint.endpointId === picked) pick(undefined);
    // The last row of a later page: step back a page, or the empty page would read "No endpoint
    // is registered yet".
    if (pages.page > 1 && endpoints.data?.items.length === 1) pages.previous();
    setAnnouncement(`Endpoint ${endpoint.url} deleted.`);
    heading.current?.focus();
  };
  return (
    <section className="card" aria-labelledby="webhooks">
      <div className="card-header">
        <h2 id="webhooks" ref={heading} tabIndex={-1}>Webhook endpoints</h2>
        <p>Each matching event is sent to each enabled endpoint, and retried until it is accepted or fails for good</p>
      </div>
      <p className="visually-hidden" role="status" data-testid="webhooks-announcement">{announcement}</p>
      {endpoints.isPending && <Loading what="webhook endpoints" />}
      {endpoints.isError && <ErrorNotice error={endpoints.error} what="webhook endpoints" retry={() => void endpoints.refetch()} />}
      {endpoints.data && endpoints.data.items.length === 0 && <Empty>No endpoint is registered yet.</Empty>}
      {endpoints.data && endpoints.data.items.length > 0 && (
        <>
          <DataTable<Endpoint>
            caption="Webhook endpoints"
            testId="webhook-endpoints"
            rows={endpoints.data.items}
            rowKey={(row) => row.endpointId}
            columns={[
              { header: 'URL', cell: (row) => <div><span className="mono">{row.url}</span>{row.description && <span className="muted small block">{row.description}</span>}</div> },
              { header: 'Event types', cell: (row) => (row.eventTypes.includes('*') ? 'Every event' : row.eventTypes.join(', ')) },
              { header: 'Status', cell: (row) => <StatusCell endpoint={row} /> },
              { header: 'Registered', cell: (row) => <When instant={row.createdAt} /> },
              {
                header: 'Deliveries',
                label: '',
                cell: (row) => (
                  <button type="button" className="button button-quiet button-small" aria-pressed={row.endpointId === picked} onClick={() => pick(row.endpointId === picked ? undefined : row.endpointId)}>
                    {row.endpointId === picked ? 'Hide deliveries' : 'Show deliveries'}
                  </button>
                ),
              },
              { header: 'Delete', label: '', cell: (row) => <DeleteEndpointButton endpoint={row} onDeleted={() => deleted(row)} /> },
            ]}
          />
          <Pager label="Webhook endpoints" page={pages.page} nextCursor={endpoints.data.nextCursor} onNext={pages.next} onPrevious={pages.previous} />
        </>
      )}
      {picked && <WebhookDeliveries endpointId={picked} url={pickedEndpoint?.url} />}
      <RegisterEndpointForm />
    </section>
  );
}

/** The endpoint's status, and the switch to the other one (PATCH); a disabled endpoint is sent nothing. */
function StatusCell({ endpoint }: { endpoint: Endpoint }) {
  const { problem, callbacks } = useCommandAnswer();
  const change = $api.useMutation('patch', '/v1/webhook-endpoints/{endpointId}', callbacks);
  const next = endpoint.status === 'enabled' ? 'disabled' : 'enabled';
  return (
    <span className="confirm-inline">
      <Badge status={endpoint.status} />
      <button type="button" className="button button-quiet button-small" disabled={change.isPending} aria-label={`${next === 'disabled' ? 'Disable' : 'Enable'} ${endpoint.url}`}
        onClick={() => change.mutate({ params: { path: { endpointId: endpoint.endpointId } }, body: { status: next } })}>
        {next === 'disabled' ? 'Disable' : 'Enable'}
      </button>
      {problem && <span className="field-error" role="alert">{problem.detail}</span>}
    </span>
  );
}
