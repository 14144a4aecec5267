import { lazy, Suspense, useId, useState, type FormEvent } from 'react';
import { $api } from '../../rest-client/client';
import { addDays, formatCalendarDate, utcDate } from '../../format/dates';
import { Amount } from '../../ui/Amount';
import { ErrorNotice, Loading } from '../../ui/states';
import { MOVEMENT_COLOURS, MOVEMENT_NAMES, MOVEMENTS, summarise, type MrrDay } from './mrr-series';

// The chart library is the largest part of the app: it loads beside the figures, not before them.
const MrrChart = lazy(() => import('./MrrChart').then((module) => ({ default: module.MrrChart })));

const PRESETS = [
  { label: '30 days', days: 30 },
  { label: '90 days', days: 90 },
  { label: '12 months', days: 365 },
] as const;

/** Daily MRR and its movements over a range the user picks (presets or two dates). */
export function MrrPanel({ asOf }: { asOf: string }) {
  // "Today" is the ledger's, as the summary read it: under a manual clock it is not the browser's.
  const today = utcDate(new Date(asOf));
  const [range, setRange] = useState({ from: addDays(today, -89), to: today });
  const report = $api.useQuery('get', '/v1/reports/mrr', { params: { query: range } }, { placeholderData: (previous) => previous });
  const days: readonly MrrDay[] = report.data?.items ?? [];
  const summary = summarise(days);
  return (
    <section className="card" aria-labelledby="mrr-chart">
      <div className="card-header">
        <h2 id="mrr-chart">MRR over time</h2>
        <p>{formatCalendarDate(range.from)} – {formatCalendarDate(range.to)}, in GBP before discounts</p>
      </div>
      <RangePicker range={range} today={today} onChange={setRange} />
      {report.isPending && <Loading what="the MRR report" />}
      {report.isError && <ErrorNotice error={report.error} what="the MRR report" retry={() => void report.refetch()} />}
      {summary && (
        <>
          <p className="range-summary" data-testid="mrr-range">
            From <Amount money={summary.start} /> to <strong><Amount money={summary.end} /></strong> (<Amount money={summary.change} sign="always" tone />).
          </p>
          <Suspense fallback={<div className="chart" aria-hidden="true" />}>
            <MrrChart days={days} />
          </Suspense>
          <ul className="chart-legend" aria-label="Movements over the range">
            {MOVEMENTS.map((key) => (
              <li key={key}>
                <span className="legend-swatch" style={{ background: MOVEMENT_COLOURS[key] }} aria-hidden="true" />
                {MOVEMENT_NAMES[key]} <Amount money={summary.totals[key]} sign="always" />
              </li>
            ))}
          </ul>
          <details className="chart-table">
            <summary>Show the days as a table</summary>
            <table className="data">
              <caption className="visually-hidden">Daily MRR and movements</caption>
              <thead><tr><th scope="col">Day</th><th scope="col" className="num">MRR</th>{MOVEMENTS.map((key) => <th key={key} scope="col" className="num">{MOVEMENT_NAMES[key]}</th>)}</tr></thead>
              <tbody>
                {[...days].reverse().map((day) => (
                  <tr key={day.date}>
                    <td>{formatCalendarDate(day.date)}</td>
                    <td className="num"><Amount money={day.mrr} /></td>
                    {MOVEMENTS.map((key) => <td key={key} className="num"><Amount money={day[key]} /></td>)}
                  </tr>
                ))}
              </tbody>
            </table>
          </details>
        </>
      )}
    </section>
  );
}

function RangePicker({ range, today, onChange }: { range: { from: string; to: string }; today: string; onChange: (range: { from: string; to: string }) => void }) {
  const [draft, setDraft] = useState(range);
  const ids = { from: useId(), to: useId() };
  const preset = PRESETS.find((candidate) => range.to === today && range.from === addDays(today, -(candidate.days - 1)));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (draft.from && draft.to && draft.from <= draft.to) onChange(draft);
  };
  return (
    <div className="form-row filters">
      <div className="segmented" role="group" aria-label="Range">
        {PRESETS.map((candidate) => (
          <button key={candidate.days} type="button" aria-pressed={preset === candidate} onClick={() => { const next = { from: addDays(today, -(candidate.days - 1)), to: today }; setDraft(next); onChange(next); }}>
            {candidate.label}
          </button>
        ))}
      </div>
      <form className="form-row" onSubmit={submit}>
        <div className="field">
          <label htmlFor={ids.from}>From</label>
          <input id={ids.from} type="date" value={draft.from} max={draft.to} onChange={(event) => setDraft({ ...draft, from: event.target.value })} />
        </div>
        <div className="field">
          <label htmlFor={ids.to}>To</label>
          <input id={ids.to} type="date" value={draft.to} min={draft.from} onChange={(event) => setDraft({ ...draft, to: event.target.value })} />
        </div>
        <button type="submit" className="button button-quiet">Show range</button>
      </form>
    </div>
  );
}
