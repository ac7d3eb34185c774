'use client';

import { Area, AreaChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatCount, formatTime } from '@/lib/format';
import { depthSource, mergeSeries } from '@/lib/queues/chart-series';
import { depthPoints } from '@/lib/queues/depth';
import { netChangePerMinute } from '@/lib/queues/net-change';
import { lagRangeLabel, type LagRangeMinutes } from '@/lib/lag/ranges';
import type { QueueDetail } from '@/lib/types/queues';
import { RangeSelector } from '../lag/range-selector';
import { Card } from '../ui/card';
import { useDisplayZone } from '../ui/time';



function NoData({ children }: { children: string }) {
  return <p className="flex h-48 items-center justify-center text-sm text-slate-500">{children}</p>;
}

/**
 * A queue's charts over the chosen range (the function page's selector, `?minutes=` in the URL):
 * depth from Eddy's own samples, or from CloudWatch where it reaches further back; age of the
 * oldest message and message rates from CloudWatch when it answers.
 */
export function QueueCharts({ detail, minutes, onMinutesChange, loading = false }: { detail: QueueDetail; minutes: LagRangeMinutes; onMinutesChange: (m: LagRangeMinutes) => void; loading?: boolean }) {
  const zone = useDisplayZone();
  const time = (at: number) => formatTime(at, { timeZone: zone, seconds: false, zoneName: false });
  const fullTime = (at: number) => formatTime(at, { timeZone: zone });
  const periodMs = detail.range.periodSeconds * 1000;
  const domain: [number, number] = [detail.range.end - minutes * 60_000, detail.range.end];
  const { source, rows: depth } = depthSource(detail, domain[0]);
  const age = detail.metrics ? mergeSeries({ age: detail.metrics.ageOfOldest }) : [];
  // CloudWatch sums each period: the period still running holds only part of its messages and
  // would be drawn as a drop. Only periods over by the latest depth sample are shown.
  const last = detail.queue.history.at(-1)?.at;
  const rates = detail.metrics
    ? mergeSeries({
        sent: detail.metrics.sent,
        received: detail.metrics.received,
        deleted: detail.metrics.deleted,
        ...(detail.metrics.receivedByEddy ? { eddy: detail.metrics.receivedByEddy } : {}),
      }).filter((row) => last === undefined || row.at + periodMs <= last)
    : [];
  // Eddy's own receives (browsing, traces, scans) are in CloudWatch's "Received" too: said apart.
  const eddyReceived = rates.reduce((sum, row) => sum + (row.eddy ?? 0), 0);
  // Without CloudWatch's counts, Eddy's own samples still show which way the traffic nets out.
  const net = rates.length === 0 ? netChangePerMinute(depthPoints(detail.queue.history.filter((s) => s.at >= domain[0]))) : [];
  const per = `${detail.range.periodSeconds / 60} min`;
  return (
    <section aria-labelledby="queue-charts-heading" aria-busy={loading} className="space-y-3">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id="queue-charts-heading" className="text-sm font-semibold">
          Charts <span className="font-normal text-slate-500">(last {lagRangeLabel(minutes)})</span>
        </h2>
        <RangeSelector minutes={minutes} onChange={onMinutesChange} />
      </div>
      <div className={`grid gap-4 lg:grid-cols-3 ${loading ? 'opacity-60' : ''}`}>
        <Card title={source === 'samples' ? "Depth (Eddy's samples)" : `Depth (CloudWatch, Maximum per ${per})`}>
          <div data-testid="depth-chart" className="h-48">
            {depth.length < 2 ? (
              <NoData>Gathering samples (every 10 s)…</NoData>
            ) : (
              <ResponsiveContainer width="100%" height="100%">
                <AreaChart data={depth}>
                  <CartesianGrid strokeDasharray="3 3" strokeOpacity={0.3} />
                  <XAxis dataKey="at" tickFormatter={time} type="number" domain={domain} allowDataOverflow fontSize={10} />
                  <YAxis allowDecimals={false} fontSize={10} width={40} />
                  <Tooltip labelFormatter={(v) => fullTime(Number(v))} />
                  <Legend />
                  <Area type="linear" dataKey="visible" name="Visible" stackId="d" stroke="#0ea5e9" fill="#0ea5e9" fillOpacity={0.4} isAnimationActive={false} />
                  <Area type="linear" dataKey="inFlight" name="In flight" stackId="d" stroke="#a855f7" fill="#a855f7" fillOpacity={0.3} isAnimationActive={false} />
                  <Area type="linear" dataKey="delayed" name="Delayed" stackId="d" stroke="#f59e0b" fill="#f59e0b" fillOpacity={0.3} isAnimationActive={false} />
                </AreaChart>
              </ResponsiveContainer>
            )}
          </div>
        </Card>
        <Card title={`Age of oldest message (CloudWatch, per ${per})`}>
          <div className="h-48">
            {age.length === 0 ? (
              <NoData>{detail.metricsError ?? 'No datapoints yet: CloudWatch reports once a minute while the queue is active.'}</NoData>
            ) : (
              <ResponsiveContainer width="100%" height="100%">
                <LineChart data={age}>
                  <CartesianGrid strokeDasharray="3 3" strokeOpacity={0.3} />
                  <XAxis dataKey="at" tickFormatter={time} type="number" domain={domain} allowDataOverflow fontSize={10} />
                  <YAxis unit=" s" fontSize={10} width={50} />
                  <Tooltip labelFormatter={(v) => fullTime(Number(v))} />
                  <Line type="linear" dataKey="age" name="Oldest (s)" stroke="#e11d48" dot={false} isAnimationActive={false} />
                </LineChart>
              </ResponsiveContainer>
            )}
          </div>
        </Card>
        <Card title={rates.length > 0 || net.length === 0 ? `Messages per ${per} (CloudWatch)` : "Net change a minute (Eddy's samples)"}>
          <div className="h-48">
            {rates.length > 0 ? (
              <ResponsiveContainer width="100%" height="100%">
                <LineChart data={rates}>
                  <CartesianGrid strokeDasharray="3 3" strokeOpacity={0.3} />
                  <XAxis dataKey="at" tickFormatter={time} type="number" domain={domain} allowDataOverflow fontSize={10} />
                  <YAxis allowDecimals={false} fontSize={10} width={40} />
                  <Tooltip labelFormatter={(v) => fullTime(Number(v))} />
                  <Legend />
                  <Line type="linear" dataKey="sent" name="Sent" stroke="#0ea5e9" dot={false} isAnimationActive={false} />
                  <Line type="linear" dataKey="received" name="Received" stroke="#a855f7" dot={false} isAnimationActive={false} />
                  <Line type="linear" dataKey="deleted" name="Deleted" stroke="#10b981" dot={false} isAnimationActive={false} />
                  {detail.metrics?.receivedByEddy && (
                    <Line type="linear" dataKey="eddy" name="Received by Eddy" stroke="#64748b" strokeDasharray="4 3" dot={false} isAnimationActive={false} />
                  )}
                </LineChart>
              </ResponsiveContainer>
            ) : net.length > 0 ? (
              <ResponsiveContainer width="100%" height="100%">
                <LineChart data={net}>
                  <CartesianGrid strokeDasharray="3 3" strokeOpacity={0.3} />
                  <XAxis dataKey="at" tickFormatter={time} type="number" domain={domain} allowDataOverflow fontSize={10} />
                  <YAxis fontSize={10} width={40} />
                  <Tooltip labelFormatter={(v) => fullTime(Number(v))} />
                  <Line type="linear" dataKey="perMinute" name="Net change a minute" stroke="#0ea5e9" dot={false} isAnimationActive={false} />
                </LineChart>
              </ResponsiveContainer>
            ) : (
              <NoData>{detail.metricsError ?? 'No datapoints yet: CloudWatch reports once a minute while the queue is active.'}</NoData>
            )}
          </div>
          {rates.length > 0 && detail.metrics?.receivedByEddy && (
            <p className="mt-1 text-xs text-slate-500 dark:text-slate-400" data-testid="eddy-receives-note" title="Counted by Eddy where it calls ReceiveMessage for its own reasons: DLQ browsing, trace scans, the failure-apart scan, redrive selected and resend.">
              {eddyReceived > 0 ? `Received includes Eddy’s own: ${formatCount(eddyReceived)} in this range (dashed), not consumer activity.` : 'Eddy received none of these messages itself (counted since it started).'}
            </p>
          )}
        </Card>
      </div>
    </section>
  );
}
