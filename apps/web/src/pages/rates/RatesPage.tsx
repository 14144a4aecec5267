import { $api } from '../../rest-client/client';
import type { OkBody } from '../../rest-client/types';
import { Badge } from '../../ui/Badge';
import { DataTable } from '../../ui/DataTable';
import { PageHeader } from '../../ui/PageHeader';
import { Empty, ErrorNotice, Loading } from '../../ui/states';
import { When } from '../../ui/When';
import { formatPercent } from '../../format/rates';
import { SetExchangeRateForm, SetTaxRateForm } from './SetRateForms';

type ExchangeEntry = OkBody<'/v1/admin/exchange-rates', 'get'>['items'][number];
type TaxEntry = OkBody<'/v1/admin/tax-rates', 'get'>['items'][number];

/** Exchange and tax rates: what holds now, what held before, who set each and when. */
export function RatesPage() {
  return (
    <>
      <PageHeader title="Rates" subtitle="Exchange rates (units per £1) and tax rates, with their history" />
      <ExchangeRates />
      <TaxRates />
    </>
  );
}

function rateState(entry: { inForce: boolean; scheduled: boolean }) {
  if (entry.inForce) return <Badge status="active" label="In force" />;
  if (entry.scheduled) return <Badge status="info" label="Scheduled" />;
  return <Badge status="neutral" label="Superseded" />;
}

function ExchangeRates() {
  const rates = $api.useQuery('get', '/v1/admin/exchange-rates');
  return (
    <section className="card" aria-labelledby="exchange-rates">
      <div className="card-header">
        <h2 id="exchange-rates">Exchange rates</h2>
        <p>Each invoice converts its lines at the rate in force when it is issued.</p>
      </div>
      {rates.isPending && <Loading what="exchange rates" />}
      {rates.isError && <ErrorNotice error={rates.error} what="exchange rates" retry={() => void rates.refetch()} />}
      <SetExchangeRateForm />
      {rates.data && rates.data.items.length === 0 && <Empty>No exchange rate has been set: only GBP accounts can be opened.</Empty>}
      {rates.data && rates.data.items.length > 0 && (
        <DataTable<ExchangeEntry>
          caption="Exchange rate history"
          testId="exchange-rates"
          rows={rates.data.items}
          rowKey={(row) => `${row.currency}-${row.effectiveAt}-${row.setAt}`}
          columns={[
            { header: 'Currency', cell: (row) => <strong>{row.currency}</strong> },
            { header: 'Rate per £1', numeric: true, cell: (row) => row.rate },
            { header: 'Holds from', cell: (row) => <When instant={row.effectiveAt} /> },
            { header: 'State', cell: rateState },
            { header: 'Set', cell: (row) => <><When instant={row.setAt} /> <span className="muted">by {row.setBy}</span></> },
          ]}
        />
      )}
    </section>
  );
}

function TaxRates() {
  const rates = $api.useQuery('get', '/v1/admin/tax-rates');
  return (
    <section className="card" aria-labelledby="tax-rates">
      <div className="card-header">
        <h2 id="tax-rates">Tax rates</h2>
        <p>A region pays its own rate, else its country&rsquo;s, else 0%.</p>
      </div>
      <SetTaxRateForm />
      {rates.isPending && <Loading what="tax rates" />}
      {rates.isError && <ErrorNotice error={rates.error} what="tax rates" retry={() => void rates.refetch()} />}
      {rates.data && (
        <>
          {rates.data.items.length === 0 ? (
            <Empty>Finance has set no tax rate: the defaults below hold.</Empty>
          ) : (
            <DataTable<TaxEntry>
              caption="Tax rate history"
              testId="tax-rates"
              rows={rates.data.items}
              rowKey={(row) => `${row.region}-${row.effectiveAt}-${row.setAt}`}
              columns={[
                { header: 'Region', cell: (row) => <strong>{row.region}</strong> },
                { header: 'Rate', numeric: true, cell: (row) => formatPercent(row.rate) },
                { header: 'Holds from', cell: (row) => <When instant={row.effectiveAt} /> },
                { header: 'State', cell: rateState },
                { header: 'Set by', cell: (row) => row.setBy },
              ]}
            />
          )}
          <h3 className="subhead">Defaults from the catalog</h3>
          <p className="muted small">{rates.data.defaults.map((entry) => `${entry.region} ${formatPercent(entry.rate)}`).join(' · ')}</p>
        </>
      )}
    </section>
  );
}
