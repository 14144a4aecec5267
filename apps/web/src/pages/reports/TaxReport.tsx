import { useId, useState, type FormEvent } from 'react';
import { $api } from '../../rest-client/client';
import type { OkBody } from '../../rest-client/types';
import { addDays, formatCalendarDate, utcDate } from '../../format/dates';
import { formatPercent } from '../../format/rates';
import { Amount } from '../../ui/Amount';
import { DataTable } from '../../ui/DataTable';
import { downloadFile } from '../../ui/download';
import { Empty, ErrorNotice, Loading } from '../../ui/states';
import { taxReportCsv } from './report-csv';

type Row = OkBody<'/v1/reports/tax', 'get'>['items'][number];

function monthStart(date: string): string {
  return `${date.slice(0, 7)}-01`;
}

/**
 * Taxable amount and tax per region and currency, by issue date (accrual), credit notes negative.
 * The range starts as last month and this one so far, by the ledger's clock (the summary's
 * `asOf`), not the browser's: a ledger on a manual clock, or a browser with a wrong one, would
 * otherwise open on months with nothing in them.
 */
export function TaxReport() {
  const summary = $api.useQuery('get', '/v1/reports/summary');
  if (summary.data) return <TaxReportFrom today={utcDate(new Date(summary.data.asOf))} />;
  return (
    <section className="card" aria-labelledby="tax-report">
      <div className="card-header"><h2 id="tax-report">Tax report</h2></div>
      {summary.isError ? <ErrorNotice error={summary.error} what="the ledger's date" retry={() => void summary.refetch()} /> : <Loading what="the tax report" />}
    </section>
  );
}

function TaxReportFrom({ today }: { today: string }) {
  const [range, setRange] = useState({ from: monthStart(addDays(monthStart(today), -1)), to: today });
  const [draft, setDraft] = useState(range);
  const ids = { from: useId(), to: useId() };
  const report = $api.useQuery('get', '/v1/reports/tax', { params: { query: range } });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setRange(draft);
  };
  return (
    <section className="card" aria-labelledby="tax-report">
      <div className="card-header">
        <h2 id="tax-report">Tax report</h2>
        <p>By issue date; credit notes count negative</p>
      </div>
      <form className="form-row filters" onSubmit={submit}>
        <div className="field">
          <label htmlFor={ids.from}>From (UTC date)</label>
          <input id={ids.from} type="date" value={draft.from} onChange={(event) => setDraft({ ...draft, from: event.target.value })} required />
        </div>
        <div className="field">
          <label htmlFor={ids.to}>To, included</label>
          <input id={ids.to} type="date" value={draft.to} onChange={(event) => setDraft({ ...draft, to: event.target.value })} required />
        </div>
        <button type="submit" className="button">Show</button>
        {report.data && report.data.items.length > 0 && (
          <button type="button" className="button button-quiet" onClick={() => downloadFile(`tax-${range.from}-to-${range.to}.csv`, taxReportCsv(report.data.items))}>
            Download CSV
          </button>
        )}
      </form>
      {report.isPending && <Loading what="the tax report" />}
      {report.isError && <ErrorNotice error={report.error} what="the tax report" />}
      {report.data && report.data.items.length === 0 && <Empty>No invoice or credit note was issued from {formatCalendarDate(range.from)} to {formatCalendarDate(range.to)}.</Empty>}
      {report.data && report.data.items.length > 0 && (
        <DataTable<Row>
          caption={`Tax from ${range.from} to ${range.to}`}
          testId="tax-report"
          rows={report.data.items}
          rowKey={(row) => `${row.region}-${row.currency}`}
          columns={[
            { header: 'Region', cell: (row) => <strong>{row.region}</strong> },
            { header: 'Currency', cell: (row) => row.currency },
            { header: 'Taxable', numeric: true, cell: (row) => <Amount money={row.taxableAmount} /> },
            { header: 'Tax', numeric: true, cell: (row) => <Amount money={row.tax} /> },
            { header: 'Rates', cell: (row) => row.taxRates.map(formatPercent).join(', ') },
            { header: 'Documents', numeric: true, cell: (row) => `${row.invoices} + ${row.creditNotes} CN` },
          ]}
        />
      )}
    </section>
  );
}
