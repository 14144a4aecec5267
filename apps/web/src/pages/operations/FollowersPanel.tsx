import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { $api } from '../../rest-client/client';
import { problemOf } from '../../rest-client/problem';
import type { OkBody } from '../../rest-client/types';
import type { Session } from '../../rest-client/types';
import { Badge } from '../../ui/Badge';
import { DataTable } from '../../ui/DataTable';
import { ErrorNotice, Loading } from '../../ui/states';
import { When } from '../../ui/When';

type Follower = OkBody<'/v1/admin/projections', 'get'>['items'][number];

/**
 * Rebuilding replays every event into a copy beside the live read model, then swaps: the button
 * says so and asks once more before it starts (admin only).
 */
function RebuildButton({ name }: { name: string }) {
  const queryClient = useQueryClient();
  const [asking, setAsking] = useState(false);
  const rebuild = $api.useMutation('post', '/v1/admin/projections/{name}/rebuild', {
    onSuccess: () => {
      setAsking(false);
      void queryClient.invalidateQueries();
    },
  });
  if (rebuild.isSuccess) return <span className="small">Rebuilt from {rebuild.data.events.toLocaleString()} events.</span>;
  if (rebuild.isError) return <span className="field-error" role="alert">{problemOf(rebuild.error).detail}</span>;
  if (!asking) return <button type="button" className="button button-quiet button-small" onClick={() => setAsking(true)}>Rebuild {name}</button>;
  return (
    <span className="confirm-inline" role="group" aria-label={`Rebuild ${name}`}>
      <span className="small">Replays every event into a copy of {name}, then swaps it in.</span>
      <button type="button" className="button button-small" onClick={() => rebuild.mutate({ params: { path: { name } } })} disabled={rebuild.isPending}>
        {rebuild.isPending ? 'Rebuilding…' : 'Confirm rebuild'}
      </button>
      <button type="button" className="button button-quiet button-small" onClick={() => setAsking(false)} disabled={rebuild.isPending}>Keep</button>
    </span>
  );
}

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
            ...(who.role === 'admin' ? [{ header: 'Rebuild', label: '', cell: (row: Follower) => (row.kind === 'read model' ? <RebuildButton name={row.name} /> : null) }] : []),
          ]}
        />
      )}
    </section>
  );
}
