import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { $api } from '../../rest-client/client';
import { problemOf } from '../../rest-client/problem';
import { PageHeader } from '../../ui/PageHeader';
import { ErrorNotice, Loading, Notice } from '../../ui/states';
import { When } from '../../ui/When';
import { AccountFacts } from './AccountFacts';
import { AccountInvoices } from './AccountInvoices';
import { AccountPayments } from './AccountPayments';
import { AccountTimeline } from './AccountTimeline';
import { AsOfPicker } from './AsOfPicker';

/**
 * One account as finance sees it: its state now (or as of any instant, folded from its events
 * alone), its invoices, its payments, and every event with who and when (Kaui's timeline).
 */
export function AccountPage() {
  const { accountId = '' } = useParams();
  const [asOf, setAsOf] = useState<string | undefined>();
  const account = $api.useQuery('get', '/v1/accounts/{id}', { params: { path: { id: accountId } } });
  if (account.isPending) return <Loading what="the account" />;
  if (account.isError) {
    const missing = problemOf(account.error).status === 404;
    return (
      <>
        <PageHeader title={missing ? 'No such account' : 'Account'} breadcrumb={<Link to="/console/accounts">Accounts</Link>} />
        {missing ? <Notice tone="warning"><p>There is no account <code>{accountId}</code>. <Link to="/console/accounts">Search the accounts</Link>.</p></Notice> : <ErrorNotice error={account.error} what="the account" retry={() => void account.refetch()} />}
      </>
    );
  }
  const now = account.data;
  return (
    <>
      <PageHeader title={now.businessName} subtitle={<><span className="mono">{now.accountId}</span> · {now.email}</>} breadcrumb={<Link to="/console/accounts">Accounts</Link>} />
      <div className="grid grid-2">
        <section className="card" aria-labelledby="state-now">
          <div className="card-header"><h2 id="state-now">Now</h2></div>
          <AccountFacts account={now} />
        </section>
        <section className="card" aria-labelledby="state-then">
          <div className="card-header">
            <h2 id="state-then">As of an instant</h2>
            <p>Folded from the events alone</p>
          </div>
          <AsOfPicker value={asOf} onChange={setAsOf} />
          {asOf && <PastState accountId={accountId} asOf={asOf} />}
        </section>
      </div>
      <AccountInvoices accountId={accountId} />
      <AccountPayments accountId={accountId} currency={now.currency} />
      <AccountTimeline accountId={accountId} asOf={asOf} />
    </>
  );
}

function PastState({ accountId, asOf }: { accountId: string; asOf: string }) {
  const state = $api.useQuery('get', '/v1/accounts/{id}/state', { params: { path: { id: accountId }, query: { asOf } } });
  if (state.isPending) return <Loading what="the account as it was" />;
  if (state.isError) {
    const problem = problemOf(state.error);
    return problem.status === 404 ? <Notice tone="info"><p>The account did not exist yet at <When instant={asOf} />.</p></Notice> : <ErrorNotice error={state.error} what="the account as it was" />;
  }
  return (
    <div data-testid="past-state">
      <p className="muted small">As it stood at <When instant={asOf} />, after event {state.data.revision + 1}.</p>
      <AccountFacts account={state.data.account} />
    </div>
  );
}
