import { Area, Bar, CartesianGrid, ComposedChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatShortDate } from '../../format/dates';
import { formatMoney } from '../../format/money';
import { chartPoints, MOVEMENT_COLOURS, MOVEMENT_NAMES, type MrrDay } from './mrr-series';

const pounds = (value: number) => formatMoney({ amount: Math.round(value * 100), currency: 'GBP' });
const compactPounds = (value: number) => new Intl.NumberFormat(undefined, { style: 'currency', currency: 'GBP', notation: 'compact', maximumFractionDigits: 1 }).format(value);

/** Daily MRR (a step per day: it changes only when an account does) above its daily movements (bars: gains up, losses down), drawn by Recharts. */
export function MrrChart({ days }: { days: readonly MrrDay[] }) {
  const points = chartPoints(days);
  const byDate = new Map(days.map((day) => [day.date, day]));
  const tooltip = (value: unknown, name: unknown, item: { dataKey?: unknown; payload?: { date?: string } }) => {
    const original = byDate.get(item.payload?.date ?? '');
    const key = String(item.dataKey) as keyof MrrDay;
    const money = original && key !== 'date' ? original[key] : undefined;
    return [money && typeof money === 'object' ? formatMoney(money) : pounds(Number(value)), String(name)];
  };
  return (
    <div aria-hidden="true" className="mrr-charts">
      <div className="chart">
        <ResponsiveContainer width="100%" height="100%">
          <ComposedChart data={points} margin={{ top: 8, right: 8, bottom: 0, left: 0 }} syncId="mrr" accessibilityLayer={false}>
            <defs>
              <linearGradient id="mrr-fill" x1="0" y1="0" x2="0" y2="1">
                <stop offset="0%" stopColor="#3451c6" stopOpacity={0.28} />
                <stop offset="100%" stopColor="#3451c6" stopOpacity={0.02} />
              </linearGradient>
            </defs>
            <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#e3e6ea" />
            <XAxis dataKey="date" tickFormatter={(date: string) => formatShortDate(date)} minTickGap={28} tick={{ fontSize: 12, fill: '#596170' }} />
            <YAxis tickFormatter={compactPounds} width={64} tick={{ fontSize: 12, fill: '#596170' }} domain={[0, 'auto']} />
            <Tooltip formatter={tooltip} labelFormatter={(date) => formatShortDate(String(date))} />
            <Area type="stepAfter" dataKey="mrr" name="MRR" stroke="#3451c6" strokeWidth={2} fill="url(#mrr-fill)" isAnimationActive={false} />
          </ComposedChart>
        </ResponsiveContainer>
      </div>
      <div className="chart chart-small">
        <ResponsiveContainer width="100%" height="100%">
          <ComposedChart data={points} margin={{ top: 4, right: 8, bottom: 0, left: 0 }} stackOffset="sign" syncId="mrr" accessibilityLayer={false}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#e3e6ea" />
            <XAxis dataKey="date" tickFormatter={(date: string) => formatShortDate(date)} minTickGap={28} tick={{ fontSize: 12, fill: '#596170' }} />
            <YAxis tickFormatter={compactPounds} width={64} tick={{ fontSize: 12, fill: '#596170' }} />
            <Tooltip formatter={tooltip} labelFormatter={(date) => formatShortDate(String(date))} />
            <ReferenceLine y={0} stroke="#c5ccd5" />
            {(Object.keys(MOVEMENT_NAMES) as Array<keyof typeof MOVEMENT_NAMES>).map((key) => (
              <Bar key={key} dataKey={key} name={MOVEMENT_NAMES[key]} stackId="moves" fill={MOVEMENT_COLOURS[key]} isAnimationActive={false} />
            ))}
          </ComposedChart>
        </ResponsiveContainer>
      </div>
    </div>
  );
}
