import { PageHeader } from '../../ui/PageHeader';
import type { Session } from '../../api/types';
import { FollowersPanel } from './FollowersPanel';
import { VerifyPanel } from './VerifyPanel';
import { UnmatchedPanel } from './UnmatchedPanel';
import { Notice } from '../../ui/states';

/** What keeps the ledger honest and current: read models and their lag, verify runs, loose ends. */
export function OperationsPage({ who }: { who: Session }) {
  return (
    <>
      <PageHeader title="Operations" subtitle="Read models and their lag, verify runs and their findings" />
      <FollowersPanel who={who} />
      <VerifyPanel />
      <UnmatchedPanel />
      <section className="card" aria-labelledby="webhooks">
        <div className="card-header">
          <h2 id="webhooks">Webhook endpoints</h2>
        </div>
        <Notice tone="info">
          <p>Outgoing webhook endpoints and their deliveries are not available in this build of the ledger yet.</p>
        </Notice>
      </section>
    </>
  );
}
