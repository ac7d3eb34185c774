'use client';

import Link from '@/components/ui/env-link';
import { useMemo } from 'react';
import { AppError } from '@/lib/errors';
import { formatCount } from '@/lib/format';
import { queueDepth } from '@/lib/queues/depth';
import { describeForecast } from '@/lib/queues/forecast';
import { useQueues } from '@/lib/queries/queues';
import type { QueueListing, QueueRow } from '@/lib/types/queues';
import { EmptyState } from '../ui/empty-state';
import { ErrorPanel } from '../ui/error-panel';
import { QueueRoleBadges } from './queue-badges';
import { OldestAgeText } from './oldest-age';
import { Sparkline } from './sparkline';
import { useViewParams } from './use-view-params';
import { Time } from '../ui/time';

const PAGE_SIZE = 50;
const ROLES = ['all', 'dlq', 'source', 'plain'] as const;
type RoleFilter = (typeof ROLES)[number];

function forecastTone(q: QueueRow): string {
  if (q.forecast.kind === 'growing') return q.role === 'dlq' ? 'text-rose-700 dark:text-rose-400' : 'text-amber-700 dark:text-amber-300';
  if (q.forecast.kind === 'draining') return 'text-emerald-700 dark:text-emerald-400';
  return 'text-slate-500';
}

/** Every queue, biggest backlog first, filterable by name and role, fifty to a page; the URL holds the view. */
export function QueueTable({ initial }: { initial: QueueListing }) {
  const { data, error, refetch } = useQueues(initial);
  const { params, setParams } = useViewParams();
  const text = params.get('q') ?? '';
  const role = (ROLES as readonly string[]).includes(params.get('role') ?? '') ? (params.get('role') as RoleFilter) : 'all';
  const page = Math.max(1, Number(params.get('page')) || 1);


  const queues = useMemo(() => data?.queues ?? [], [data]);
  const dlqCounts = useMemo(() => new Map(queues.filter((q) => q.role === 'dlq').map((q) => [q.name, queueDepth(q)])), [queues]);
  const filtered = useMemo(() => {
    const needle = text.trim().toLowerCase();
    return queues.filter((q) => (role === 'all' || q.role === role) && (!needle || q.name.toLowerCase().includes(needle)));
  }, [queues, text, role]);
  const pages = Math.max(1, Math.ceil(filtered.length / PAGE_SIZE));
  const current = Math.min(page, pages);
  const rows = filtered.slice((current - 1) * PAGE_SIZE, current * PAGE_SIZE);

  if (queues.length === 0) return <EmptyState title="No SQS queues in this region">Create a queue, or check AWS_REGION.</EmptyState>;
  return (
    <div className="space-y-3">
      {error && <ErrorPanel code={error instanceof AppError ? error.code : undefined} message={
            <>
              Showing the figures of {data ? <Time at={data.sampledAt} format="time" /> : '—'}: {error.message}
            </>
          } onRetry={() => void refetch()} />}
      <div className="flex flex-wrap items-end gap-3">
        <label className="text-sm">
          <span className="mb-1 block text-xs font-medium text-slate-600 dark:text-slate-400">Filter by name</span>
          <input
            type="search"
            value={text}
            onChange={(e) => setParams({ q: e.target.value || undefined, page: undefined })}
            placeholder="orders"
            className="w-64 rounded-md border border-slate-300 bg-white px-2 py-1 dark:border-slate-700 dark:bg-slate-900"
          />
        </label>
        <label className="text-sm">
          <span className="mb-1 block text-xs font-medium text-slate-600 dark:text-slate-400">Role</span>
          <select value={role} onChange={(e) => setParams({ role: e.target.value === 'all' ? undefined : e.target.value, page: undefined })} className="rounded-md border border-slate-300 bg-white px-2 py-1 dark:border-slate-700 dark:bg-slate-900">
            <option value="all">All queues</option>
            <option value="dlq">Dead-letter queues</option>
            <option value="source">Queues with a DLQ</option>
            <option value="plain">Other queues</option>
          </select>
        </label>
        <p className="ml-auto text-xs text-slate-500" aria-live="polite">
          {formatCount(filtered.length)} of {formatCount(queues.length)} queues · sampled {data ? <Time at={data.sampledAt} format="time" /> : '—'}
        </p>
      </div>
      <div className="relative overflow-x-auto rounded-lg border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
        <table className="w-full text-sm" aria-label="Queues">
          <thead className="bg-slate-50 text-left text-xs uppercase tracking-wide text-slate-500 dark:bg-slate-800/50 dark:text-slate-400">
            <tr>
              {['Queue', 'Type', 'Dead letters', 'Visible', 'In flight', 'Delayed', 'Oldest', 'Depth', 'Forecast'].map((h, i) => (
                <th key={h} scope="col" className={`px-3 py-2 font-medium ${i >= 3 && i <= 6 ? 'text-right' : ''}`}>
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-200 dark:divide-slate-800">
            {rows.map((q) => (
              <tr key={q.url} className="hover:bg-slate-50 dark:hover:bg-slate-800/40">
                <td className="px-3 py-2">
                  <Link href={`/queues/${encodeURIComponent(q.name)}`} className="font-mono text-sky-700 hover:underline dark:text-sky-300">
                    {q.name}
                  </Link>
                </td>
                <td className="px-3 py-2">{q.fifo ? 'FIFO' : 'Standard'}</td>
                <td className="px-3 py-2">
                  <QueueRoleBadges queue={q} dlqCounts={dlqCounts} />
                </td>
                <td className={`px-3 py-2 text-right tabular-nums ${q.role === 'dlq' && q.visible > 0 ? 'font-semibold text-rose-600 dark:text-rose-400' : ''}`}>{formatCount(q.visible)}</td>
                <td className="px-3 py-2 text-right tabular-nums">{formatCount(q.inFlight)}</td>
                <td className="px-3 py-2 text-right tabular-nums">{formatCount(q.delayed)}</td>
                <td className="px-3 py-2 text-right tabular-nums">
                  <OldestAgeText age={q.oldestAge} />
                </td>
                <td className="px-3 py-2">
                  <Sparkline samples={q.history} label={`${q.name} depth`} />
                </td>
                <td className={`px-3 py-2 text-xs ${forecastTone(q)}`}>{describeForecast(q.forecast)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {rows.length === 0 && <p className="px-4 py-6 text-center text-sm text-slate-500">No queue matches this filter.</p>}
      </div>
      {pages > 1 && (
        <nav aria-label="Pages" className="flex items-center gap-2 text-sm">
          <button type="button" disabled={current <= 1} onClick={() => setParams({ page: String(current - 1) })} className="rounded-md border border-slate-300 px-2 py-1 disabled:opacity-50 dark:border-slate-700">
            Previous
          </button>
          <span>
            Page {current} of {pages}
          </span>
          <button type="button" disabled={current >= pages} onClick={() => setParams({ page: String(current + 1) })} className="rounded-md border border-slate-300 px-2 py-1 disabled:opacity-50 dark:border-slate-700">
            Next
          </button>
        </nav>
      )}
    </div>
  );
}
