import { $api } from '../../rest-client/client';
import type { OkBody } from '../../rest-client/types';
import { DataTable } from '../../ui/DataTable';
import { Empty, ErrorNotice, Loading } from '../../ui/states';
import { When } from '../../ui/When';

type Unmatched = OkBody<'/v1/admin/stripe/unmatched', 'get'>['items'][number];

/** Stripe events that matched no invoice or payment yet: kept, and retried when their counterpart appears. */
export function UnmatchedPanel() {
  const unmatched = $api.useQuery('get', '/v1/admin/stripe/unmatched');
  return (
    <section className="card" aria-labelledby="unmatched">
      <div className="card-header">
        <h2 id="unmatched">Stripe events waiting</h2>
        <p>Verified events that match nothing yet; never dropped</p>
      </div>
      {unmatched.isPending && <Loading what="unmatched Stripe events" />}
      {unmatched.isError && <ErrorNotice error={unmatched.error} what="unmatched Stripe events" retry={() => void unmatched.refetch()} />}
      {unmatched.data && unmatched.data.items.length === 0 && <Empty>None: every Stripe event found its invoice or payment.</Empty>}
      {unmatched.data && unmatched.data.items.length > 0 && (
        <DataTable<Unmatched>
          caption="Unmatched Stripe events"
          testId="unmatched"
          rows={unmatched.data.items}
          rowKey={(row) => row.stripeEventId}
          columns={[
            { header: 'Stripe event', cell: (row) => <><span className="mono">{row.stripeEventId}</span><div className="muted small">{row.type}</div></> },
            { header: 'Why', cell: (row) => row.reason },
            { header: 'Received', cell: (row) => <When instant={row.receivedAt} /> },
            { header: 'Tries', numeric: true, cell: (row) => row.attempts },
            { header: 'Last tried', cell: (row) => <When instant={row.lastTriedAt} /> },
          ]}
        />
      )}
    </section>
  );
}
