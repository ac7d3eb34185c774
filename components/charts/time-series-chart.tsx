'use client';

import { CartesianGrid, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatTime } from '@/lib/format';
import type { SeriesPoint } from '@/lib/types/flow';
import { useDisplayZone } from '../ui/time';

export interface ChartSeries {
  key: string;
  label: string;
  colour: string;
  points: SeriesPoint[];
}

export interface TimeSeriesChartProps {
  /** Says what the chart shows, for screen readers. */
  label: string;
  series: ChartSeries[];
  formatValue?: (value: number) => string;
  /** Horizontal threshold lines, e.g. "lagging" at 60 s. */
  thresholds?: { value: number; label: string; colour: string }[];
  height?: number;
}


/**
 * A line chart over time. Null values are gaps — a period without a datapoint is drawn as a break
 * in the line, never as a fall to zero — and a chart with no datapoint at all says so in words.
 * Straight segments between datapoints: a smoothed curve suggests values nobody measured.
 */
export function TimeSeriesChart({ label, series, formatValue = (v) => String(v), thresholds = [], height = 220 }: TimeSeriesChartProps) {
  const rows = new Map<number, Record<string, number | null>>();
  for (const s of series) {
    for (const p of s.points) {
      const row = rows.get(p.t) ?? { t: p.t };
      row[s.key] = p.value;
      rows.set(p.t, row);
    }
  }
  const zone = useDisplayZone();
  const tick = (t: number) => formatTime(t, { timeZone: zone, seconds: false, zoneName: false });
  const data = [...rows.values()].sort((a, b) => (a.t ?? 0) - (b.t ?? 0));
  const datapoints = series.reduce((n, s) => n + s.points.filter((p) => p.value !== null).length, 0);
  return (
    <figure aria-label={label} className="w-full" data-testid="time-series-chart" data-datapoints={datapoints}>
      {datapoints === 0 ? (
        <p className="flex items-center justify-center rounded-md border border-dashed border-slate-300 text-sm text-slate-500 dark:border-slate-700" style={{ height }}>
          No datapoints in this range.
        </p>
      ) : (
        <ResponsiveContainer width="100%" height={height}>
          <LineChart data={data} margin={{ top: 8, right: 16, bottom: 0, left: 8 }}>
            <CartesianGrid strokeDasharray="3 3" strokeOpacity={0.4} />
            <XAxis dataKey="t" type="number" scale="time" domain={['dataMin', 'dataMax']} tickFormatter={tick} fontSize={11} />
            <YAxis tickFormatter={formatValue} fontSize={11} width={64} />
            <Tooltip labelFormatter={(t) => formatTime(Number(t), { timeZone: zone })} formatter={(v) => (v === null || v === undefined ? 'no data' : formatValue(Number(v)))} />
            {thresholds.map((th) => (
              <ReferenceLine key={th.label} y={th.value} stroke={th.colour} strokeDasharray="4 4" label={{ value: th.label, fontSize: 10, fill: th.colour, position: 'insideTopLeft' }} />
            ))}
            {series.map((s) => (
              <Line key={s.key} type="linear" dataKey={s.key} name={s.label} stroke={s.colour} dot={{ r: 1.5 }} strokeWidth={2} connectNulls={false} isAnimationActive={false} />
            ))}
          </LineChart>
        </ResponsiveContainer>
      )}
      <figcaption className="mt-1 flex flex-wrap gap-3 text-xs text-slate-600 dark:text-slate-400">
        {series.map((s) => (
          <span key={s.key} className="flex items-center gap-1">
            <span aria-hidden="true" className="inline-block h-0.5 w-4" style={{ background: s.colour }} />
            {s.label}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}
