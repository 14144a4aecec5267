import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { $api } from '../../rest-client/client';
import { problemOf } from '../../rest-client/problem';
import type { OkBody } from '../../rest-client/types';
import { Badge } from '../../ui/Badge';
import { DataTable } from '../../ui/DataTable';
import { ErrorNotice, Notice } from '../../ui/states';
import { When } from '../../ui/When';

/**
 * A verify run: every hash chain, every read model against a rebuild, the ledger's invariants.
 * It runs on the server; the page polls it and shows its progress, then its findings.
 */
export function VerifyPanel() {
  const queryClient = useQueryClient();
  const [runId, setRunId] = useState<string | undefined>();
  const runs = $api.useQuery('get', '/v1/admin/verify-runs');
  const latestId = runId ?? runs.data?.items[0]?.runId;
  const run = $api.useQuery('get', '/v1/admin/verify-runs/{runId}', { params: { path: { runId: latestId ?? '' } } }, {
    enabled: latestId !== undefined,
    refetchInterval: (query) => (query.state.data?.status === 'running' ? 1_000 : false),
  });
  const start = $api.useMutation('post', '/v1/admin/verify-runs', {
    onSuccess: (answer) => {
      setRunId(answer.runId);
      void queryClient.invalidateQueries({ queryKey: ['get', '/v1/admin/verify-runs'] });
    },
  });
  const current = run.data;
  const running = current?.status === 'running';
  return (
    <section className="card" aria-labelledby="verify">
      <div className="card-header">
        <h2 id="verify">Verify</h2>
        <button type="button" className="button" onClick={() => start.mutate({})} disabled={start.isPending || running}>
          {running ? 'Verifying…' : 'Run verify'}
        </button>
      </div>
      <p className="muted small">Checks every stream&rsquo;s hash chain, rebuilds every read model beside the live one and compares them, and checks the ledger&rsquo;s invariants. It reads a lot on a large ledger.</p>
      {start.isError && <Notice tone="error" live><p>{problemOf(start.error).detail}</p></Notice>}
      {run.isError && <ErrorNotice error={run.error} what="the verify run" />}
      {current && <RunResult run={current} />}
      {runs.data && runs.data.items.length > 1 && (
        <details>
          <summary>Earlier runs</summary>
          <DataTable
            caption="Earlier verify runs"
            rows={runs.data.items.slice(1)}
            rowKey={(row) => row.runId}
            columns={[
              { header: 'Started', cell: (row) => <When instant={row.startedAt} /> },
              { header: 'By', cell: (row) => row.requestedBy },
              { header: 'Result', cell: (row) => <Badge status={row.status === 'passed' ? 'succeeded' : row.status === 'running' ? 'pending' : 'failed'} label={row.status} /> },
              { header: 'Findings', numeric: true, cell: (row) => row.findings.length },
            ]}
          />
        </details>
      )}
    </section>
  );
}

type Run = OkBody<'/v1/admin/verify-runs/{runId}', 'get'>;

function RunResult({ run }: { run: Run }) {
  if (run.status === 'running') {
    const share = run.eventsTotal ? Math.min(100, Math.round((run.eventsChecked / run.eventsTotal) * 100)) : undefined;
    return (
      <div role="status" aria-live="polite" data-testid="verify-result" data-status="running">
        <p>
          Checking {run.phase ?? 'the ledger'}: {run.eventsChecked.toLocaleString()}
          {run.eventsTotal ? ` of ${run.eventsTotal.toLocaleString()}` : ''} events.
        </p>
        {share !== undefined && <progress max={100} value={share} aria-label="Verify progress" />}
      </div>
    );
  }
  const tone = run.status === 'passed' ? 'success' : 'error';
  return (
    <div data-testid="verify-result" data-status={run.status}>
      <Notice tone={tone} live>
        <p>
          {run.status === 'passed' && <>Verified: {run.events?.toLocaleString()} events in {run.streams?.toLocaleString()} streams, {run.readModels} read models; every invariant holds.</>}
          {run.status === 'failed' && <>{run.findings.length} finding{run.findings.length === 1 ? '' : 's'} in {run.events?.toLocaleString()} events.</>}
          {run.status === 'error' && <>The run could not finish: {run.error}</>}
          {run.status === 'interrupted' && <>The run stopped before it finished (its server went away). Start another.</>}{' '}
          Started by {run.requestedBy}, <When instant={run.startedAt} />.
        </p>
      </Notice>
      {run.findings.length > 0 && (
        <ul className="findings">
          {run.findings.map((finding, index) => (
            <li key={index}>
              <strong>{finding.check}</strong>: {finding.detail}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
