import { PageHeader } from '../../ui/PageHeader';
import type { Session } from '../../rest-client/types';
import { FollowersPanel } from './FollowersPanel';
import { VerifyPanel } from './VerifyPanel';
import { UnmatchedPanel } from './UnmatchedPanel';
import { WebhooksPanel } from './WebhooksPanel';

/** What keeps the ledger honest and current: read models and their lag, verify runs, loose ends, webhook deliveries. */
export function OperationsPage({ who }: { who: Session }) {
  return (
    <>
      <PageHeader title="Operations" subtitle="Read models and their lag, verify runs and their findings, webhook deliveries" />
      <FollowersPanel who={who} />
      <VerifyPanel />
      <UnmatchedPanel />
      <WebhooksPanel who={who} />
    </>
  );
}
