import { useId, useState, type FormEvent } from 'react';
import { $api } from '../../rest-client/client';
import type { OkBody } from '../../rest-client/types';
import { localInputToInstant } from '../../format/dates';
import { Amount } from '../../ui/Amount';
import { DataTable } from '../../ui/DataTable';
import { downloadFile } from '../../ui/download';
import { Empty, ErrorNotice, Loading } from '../../ui/states';
import { When } from '../../ui/When';
import { trialBalanceCsv } from './report-csv';

type Line = OkBody<'/v1/ledger/trial-balance', 'get'>['items'][number];

/** One currency's book as of an instant: each ledger account's debits, credits and balance; they sum to 0. */
export function TrialBalance() {
  const rates = $api.useQuery('get', '/v1/admin/exchange-rates');
  const currencies = ['GBP', ...new Set((rates.data?.items ?? []).map((item) => item.currency))];
  const [query, setQuery] = useState<{ currency: string; asOf?: string }>({ currency: 'GBP' });
  const [draft, setDraft] = useState({ currency: 'GBP', asOf: '' });
  const ids = { currency: useId(), asOf: useId() };
  const balance = $api.useQuery('get', '/v1/ledger/trial-balance', { params: { query } });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const asOf = localInputToInstant(draft.asOf);
    setQuery({ currency: draft.currency, ...(asOf ? { asOf } : {}) });
  };
  return (
    <section className="card" aria-labelledby="trial-balance">
      <div className="card-header">
        <h2 id="trial-balance">Trial balance</h2>
        <p>One book per currency; its balances sum to 0</p>
      </div>
      <form className="form-row filters" onSubmit={submit}>
        <div className="field">
          <label htmlFor={ids.currency}>Book</label>
          <select id={ids.currency} value={draft.currency} onChange={(event) => setDraft({ ...draft, currency: event.target.value })}>
            {currencies.map((currency) => <option key={currency} value={currency}>{currency}</option>)}
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.asOf}>As of (your time zone; empty for now)</label>
          <input id={ids.asOf} type="datetime-local" value={draft.asOf} onChange={(event) => setDraft({ ...draft, asOf: event.target.value })} />
        </div>
        <button type="submit" className="button">Show</button>
        {balance.data && balance.data.items.length > 0 && (
          <button type="button" className="button button-quiet" onClick={() => downloadFile(`trial-balance-${query.currency}${query.asOf ? `-${query.asOf.slice(0, 10)}` : ''}.csv`, trialBalanceCsv(query.currency, balance.data.items))}>
            Download CSV
          </button>
        )}
      </form>
      {balance.isPending && <Loading what="the trial balance" />}
      {balance.isError && <ErrorNotice error={balance.error} what="the trial balance" />}
      {balance.data && balance.data.items.length === 0 && <Empty>No entry in the {query.currency} book{query.asOf ? ' by then' : ''}.</Empty>}
      {balance.data && balance.data.items.length > 0 && (
        <>
          <p className="muted small">{query.currency} book {query.asOf ? <>as of <When instant={query.asOf} /></> : 'now'}</p>
          <DataTable<Line>
            caption={`Trial balance of the ${query.currency} book`}
            testId="trial-balance"
            rows={balance.data.items}
            rowKey={(line) => line.account}
            columns={[
              { header: 'Ledger account', cell: (line) => <strong>{line.account}</strong> },
              { header: 'Debit', numeric: true, cell: (line) => <Amount money={line.debit} /> },
              { header: 'Credit', numeric: true, cell: (line) => <Amount money={line.credit} /> },
              { header: 'Balance', numeric: true, cell: (line) => <Amount money={line.balance} tone /> },
            ]}
            footer={
              <tr>
                <td data-label="">Total</td>
                <td className="num" data-label="Debit"><Amount money={balance.data.totalDebit} /></td>
                <td className="num" data-label="Credit"><Amount money={balance.data.totalCredit} /></td>
                <td className="num" data-label="Balance"><Amount money={balance.data.balance} /></td>
              </tr>
            }
          />
        </>
      )}
    </section>
  );
}
