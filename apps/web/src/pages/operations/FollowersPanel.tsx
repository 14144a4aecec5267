import { $api } from '../../api/client';
import type { Session } from '../../api/types';
import { Badge } from '../../ui/Badge';
import { DataTable } from '../../ui/DataTable';
import { ErrorNotice, Loading } from '../../ui/states';
import { When } from '../../ui/When';

/** Each follower of the feed: up to date, or how many events behind, and why it stopped if it did. */
export function FollowersPanel({ who }: { who: Session }) {
  const followers = $api.useQuery('get', '/v1/admin/projections', {}, { refetchInterval: 5_000 });
  return (
    <section className="card" aria-labelledby="followers">
      <div className="card-header">
        <h2 id="followers">Read models and processes</h2>
        <p>{who.role === 'admin' ? 'Rebuilding a read model replays the events beside the live one, then swaps.' : 'Rebuilding a read model is for admins.'}</p>
      </div>
      {followers.isPending && <Loading what="read models" />}
      {followers.isError && <ErrorNotice error={followers.error} what="read models" retry={() => void followers.refetch()} />}
      {followers.data && (
        <DataTable
          caption="Followers of the event feed"
          testId="followers"
          rows={followers.data.items}
          rowKey={(row) => row.name}
          columns={[
            { header: 'Name', cell: (row) => <strong>{row.name}</strong> },
            { header: 'Kind', cell: (row) => row.kind },
            { header: 'Status', cell: (row) => <Badge status={row.status} /> },
            { header: 'Lag', numeric: true, cell: (row) => (row.eventsBehind === 0 ? 'Up to date' : `${row.eventsBehind.toLocaleString()}${row.eventsBehind >= 1000 ? '+' : ''} events behind`) },
            { header: 'Last moved', cell: (row) => <When instant={row.updatedAt} /> },
            { header: 'Error', cell: (row) => row.error ?? '—' },
          ]}
        />
      )}
    </section>
  );
}
