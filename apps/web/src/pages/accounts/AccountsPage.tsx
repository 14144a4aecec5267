import { useId, useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { $api } from '../../rest-client/client';
import type { OkBody } from '../../rest-client/types';
import { sumMoney } from '../../format/money';
import { Amount } from '../../ui/Amount';
import { Badge, statusLabel } from '../../ui/Badge';
import { DataTable } from '../../ui/DataTable';
import { PageHeader } from '../../ui/PageHeader';
import { Pager, useCursorPages } from '../../ui/Pager';
import { Empty, ErrorNotice, Loading } from '../../ui/states';

type Account = OkBody<'/v1/accounts', 'get'>['items'][number];
type Status = NonNullable<Account['status']>;
type Tier = NonNullable<Account['tier']>;

const STATUSES: readonly Status[] = ['active', 'past_due', 'suspended', 'hibernating', 'cancelled', 'not_subscribed'];
const TIERS: readonly Tier[] = ['starter', 'pro', 'enterprise'];
const PAGE_SIZE = 25;

/** Every account, searchable by id, name or email, filtered by status and tier, a page at a time. */
export function AccountsPage() {
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const status = (STATUSES as readonly string[]).includes(params.get('status') ?? '') ? (params.get('status') as Status) : undefined;
  const tier = (TIERS as readonly string[]).includes(params.get('tier') ?? '') ? (params.get('tier') as Tier) : undefined;
  const pages = useCursorPages(`${q}|${status ?? ''}|${tier ?? ''}`);
  const accounts = $api.useQuery('get', '/v1/accounts', {
    params: { query: { limit: PAGE_SIZE, ...(q ? { q } : {}), ...(status ? { status } : {}), ...(tier ? { tier } : {}), ...(pages.cursor ? { cursor: pages.cursor } : {}) } },
  }, { placeholderData: (previous) => previous });

  const set = (name: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    setParams(next, { replace: true });
  };

  return (
    <>
      <PageHeader title="Accounts" subtitle="Search by id, business name or email; filter by status and tier" />
      <section className="card">
        <Filters q={q} status={status} tier={tier} onSearch={(value) => set('q', value)} onStatus={(value) => set('status', value)} onTier={(value) => set('tier', value)} />
        {accounts.isPending && <Loading what="accounts" />}
        {accounts.isError && <ErrorNotice error={accounts.error} what="accounts" retry={() => void accounts.refetch()} />}
        {accounts.data && accounts.data.items.length === 0 && (
          <Empty>{q || status || tier ? 'No account matches. Try fewer filters or another search.' : 'No accounts yet.'}</Empty>
        )}
        {accounts.data && accounts.data.items.length > 0 && (
          <>
            <DataTable<Account>
              caption="Accounts"
              testId="accounts"
              rows={accounts.data.items}
              rowKey={(row) => row.accountId}
              columns={[
                { header: 'Account', cell: (row) => <><Link to={`/console/accounts/${encodeURIComponent(row.accountId)}`}>{row.businessName}</Link><div className="muted small mono">{row.accountId}</div></> },
                { header: 'Email', cell: (row) => <span className="small">{row.email}</span> },
                { header: 'Status', cell: (row) => <Badge status={row.status} /> },
                { header: 'Tier', cell: (row) => (row.tier ? `${capitalise(row.tier)} · ${row.branches} branch${row.branches === 1 ? '' : 'es'}` : '—') },
                { header: 'Owes', numeric: true, cell: (row) => <Amount money={sumMoney(row.openInvoices.map((invoice) => invoice.amountRemaining), row.currency)} /> },
              ]}
            />
            <Pager label="Accounts" page={pages.page} nextCursor={accounts.data.nextCursor} onNext={pages.next} onPrevious={pages.previous} />
          </>
        )}
      </section>
    </>
  );
}

export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function Filters({ q, status, tier, onSearch, onStatus, onTier }: { q: string; status?: string; tier?: string; onSearch: (value: string) => void; onStatus: (value: string) => void; onTier: (value: string) => void }) {
  const [text, setText] = useState(q);
  const ids = { q: useId(), status: useId(), tier: useId() };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSearch(text.trim());
  };
  return (
    <form className="form-row filters" role="search" onSubmit={submit}>
      <div className="field grow">
        <label htmlFor={ids.q}>Search</label>
        <input id={ids.q} type="search" value={text} onChange={(event) => setText(event.target.value)} placeholder="Id, business name or email" />
      </div>
      <div className="field">
        <label htmlFor={ids.status}>Status</label>
        <select id={ids.status} value={status ?? ''} onChange={(event) => onStatus(event.target.value)}>
          <option value="">Any status</option>
          {STATUSES.map((value) => <option key={value} value={value}>{statusLabel(value)}</option>)}
        </select>
      </div>
      <div className="field">
        <label htmlFor={ids.tier}>Tier</label>
        <select id={ids.tier} value={tier ?? ''} onChange={(event) => onTier(event.target.value)}>
          <option value="">Any tier</option>
          {TIERS.map((value) => <option key={value} value={value}>{capitalise(value)}</option>)}
        </select>
      </div>
      <button type="submit" className="button">Search</button>
    </form>
  );
}
