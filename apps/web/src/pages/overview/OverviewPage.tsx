import { Link } from 'react-router';
import { $api } from '../../rest-client/client';
import type { OkBody } from '../../rest-client/types';
import { Amount } from '../../ui/Amount';
import { statusLabel } from '../../ui/Badge';
import { DataTable } from '../../ui/DataTable';
import { PageHeader } from '../../ui/PageHeader';
import { Empty, ErrorNotice, Loading } from '../../ui/states';
import { When } from '../../ui/When';
import { MrrPanel } from './MrrPanel';

type Summary = OkBody<'/v1/reports/summary', 'get'>;

/** The morning page: what the business is worth now, how it moved, who owes what. */
export function OverviewPage() {
  const summary = $api.useQuery('get', '/v1/reports/summary');
  return (
    <>
      <PageHeader title="Overview" subtitle={summary.data ? <>Figures as of <When instant={summary.data.asOf} /></> : 'MRR, accounts and receivables'} />
      {summary.isPending && <Loading what="the overview" />}
      {summary.isError && <ErrorNotice error={summary.error} what="the overview" retry={() => void summary.refetch()} />}
      {summary.data && <Headline summary={summary.data} />}
      {summary.data && <MrrPanel asOf={summary.data.asOf} />}
      {summary.data && (
        <div className="grid grid-2">
          <AccountsByStatus summary={summary.data} />
          <Receivables summary={summary.data} />
        </div>
      )}
    </>
  );
}

function Headline({ summary }: { summary: Summary }) {
  const open = summary.receivables.filter((book) => book.open.amount > 0);
  const pastDue = summary.receivables.filter((book) => book.pastDue.amount > 0);
  const paying = summary.accounts.byStatus.filter((entry) => entry.status === 'active' || entry.status === 'past_due').reduce((sum, entry) => sum + entry.count, 0);
  return (
    <section className="grid grid-kpis" aria-label="Headline figures">
      <div className="card kpi" data-testid="kpi-mrr">
        <span className="kpi-label">MRR</span>
        <span className="kpi-value"><Amount money={summary.mrr} /></span>
        <span className="kpi-sub">Each account&rsquo;s prices in GBP, before discounts and tax</span>
      </div>
      <div className="card kpi" data-testid="kpi-arr">
        <span className="kpi-label">ARR</span>
        <span className="kpi-value"><Amount money={summary.arr} /></span>
        <span className="kpi-sub">12 × MRR</span>
      </div>
      <div className="card kpi" data-testid="kpi-accounts">
        <span className="kpi-label">Paying accounts</span>
        <span className="kpi-value">{paying.toLocaleString()}</span>
        <span className="kpi-sub">of {summary.accounts.total.toLocaleString()} accounts</span>
      </div>
      <div className="card kpi" data-testid="kpi-receivables">
        <span className="kpi-label">Receivables</span>
        <span className="kpi-value">{open.length === 0 ? 'Nothing owed' : <Amount money={open[0].open} />}</span>
        <span className="kpi-sub">{open.length > 1 ? `open invoices; ${others(open.length - 1)} below` : 'open invoices'}</span>
      </div>
      <div className="card kpi" data-testid="kpi-past-due">
        <span className="kpi-label">Past due</span>
        <span className="kpi-value">{pastDue.length === 0 ? 'None' : <Amount money={pastDue[0].pastDue} />}</span>
        <span className="kpi-sub">
          {pastDue.length === 0 ? 'every invoice is on time' : accountsBehind(pastDue.reduce((sum, book) => sum + book.accountsPastDue, 0))}
          {pastDue.length > 1 && `; ${others(pastDue.length - 1)} below`}
        </span>
      </div>
    </section>
  );
}

function others(count: number): string {
  return count === 1 ? '1 other currency' : `${count} other currencies`;
}

function accountsBehind(count: number): string {
  return count === 1 ? '1 account behind' : `${count.toLocaleString()} accounts behind`;
}

function AccountsByStatus({ summary }: { summary: Summary }) {
  const largest = Math.max(1, ...summary.accounts.byStatus.map((entry) => entry.count));
  return (
    <section className="card" aria-labelledby="by-status">
      <div className="card-header">
        <h2 id="by-status">Accounts by status</h2>
        <p>{summary.accounts.total.toLocaleString()} in all</p>
      </div>
      {summary.accounts.total === 0 ? (
        <Empty>No accounts yet. Open one through the API, or fill an empty ledger with <code>npm run ledger -- demo</code>.</Empty>
      ) : (
        <ul className="bar-list" data-testid="accounts-by-status">
          {summary.accounts.byStatus.map((entry) => (
            <li key={entry.status}>
              <Link to={`/console/accounts?status=${entry.status}`}>{statusLabel(entry.status)}</Link>
              <span className="bar-track" aria-hidden="true">
                <span className="bar-fill" style={{ width: `${Math.round((entry.count / largest) * 100)}%` }} />
              </span>
              <span className="num" data-status-count={entry.status}>
                {entry.count.toLocaleString()} · <Amount money={entry.mrr} />
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function Receivables({ summary }: { summary: Summary }) {
  return (
    <section className="card" aria-labelledby="receivables">
      <div className="card-header">
        <h2 id="receivables">Receivables</h2>
        <p>Open invoices, per currency</p>
      </div>
      {summary.receivables.length === 0 ? (
        <Empty>Every invoice is paid.</Empty>
      ) : (
        <DataTable
          caption="Receivables per currency"
          testId="receivables"
          rows={summary.receivables}
          rowKey={(book) => book.currency}
          columns={[
            { header: 'Currency', cell: (book) => book.currency },
            { header: 'Open', numeric: true, cell: (book) => <Amount money={book.open} /> },
            { header: 'Past due', numeric: true, cell: (book) => <Amount money={book.pastDue} tone /> },
            { header: 'Invoices', numeric: true, cell: (book) => `${book.openInvoices} (${book.pastDueInvoices} late)` },
          ]}
        />
      )}
    </section>
  );
}
