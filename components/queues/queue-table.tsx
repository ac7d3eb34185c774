'use client';

import Link from '@/components/ui/env-link';
import { useMemo } from 'react';
import { AppError } from '@/lib/errors';
import { formatCount } from '@/lib/format';
import { queueDepth } from '@/lib/queues/depth';
import { describeForecast } from '@/lib/queues/forecast';
import { useQueues } from '@/lib/queries/queues';
import { queueLines, queueListPage, readQueueListParams } from '@/lib/queues/names';
import type { QueueRow, QueuesFirstPaint } from '@/lib/types/queues';
import { EmptyState } from '../ui/empty-state';
import { ErrorPanel } from '../ui/error-panel';
import { GapNotices } from '../ui/gap-notices';
import { Unknown } from '../ui/unknown';
import { QueueRoleBadges } from './queue-badges';
import { OldestAgeText } from './oldest-age';
import { Sparkline } from './sparkline';
import { useViewParams } from './use-view-params';
import { Time } from '../ui/time';

const PAGE_SIZE = 50;
/** The columns read from the attributes and the sampler, after Queue and Type. */
const FIGURE_COLUMNS = ['Dead letters', 'Visible', 'In flight', 'Delayed', 'Oldest', 'Depth', 'Forecast'] as const;

function forecastTone(q: QueueRow): string {
  if (q.forecast.kind === 'growing') return q.role === 'dlq' ? 'text-rose-700 dark:text-rose-400' : 'text-amber-700 dark:text-amber-300';
  if (q.forecast.kind === 'draining') return 'text-emerald-700 dark:text-emerald-400';
  return 'text-slate-500';
}

/** A figure not read yet: unknown, never 0. */
function Pending() {
  return (
    <span title="Not read yet" className="animate-pulse text-slate-400" data-testid="figure-pending">
      —
    </span>
  );
}

/** A count GetQueueAttributes returned, or "—" with why when it did not. */
function Count({ value, queue }: { value: number | undefined; queue: QueueRow }) {
  return value === undefined ? <Unknown reason={queue.countsUnknownReason ?? 'SQS did not return this count.'} /> : <>{formatCount(value)}</>;
}

/**
 * Every queue, biggest backlog first, filterable by name and role, fifty to a page; the URL holds
 * the view. Painted from the names alone when the server had no current figures: each figure is
 * "—" until the first answer of `/api/queues` fills the table (then sorted by backlog).
 */
export function QueueTable({ first }: { first: QueuesFirstPaint }) {
  const { data, error, refetch } = useQueues(first.kind === 'figures' ? first.listing : undefined, first.kind === 'names' ? first.listedAt : undefined);
  const { params, setParams } = useViewParams();
  const { text, role, page } = readQueueListParams(params);

  const pending = !data;
  const queues = useMemo(() => queueLines(data?.queues, first.kind === 'names' ? first.names : []), [data, first]);
  const dlqCounts = useMemo(() => new Map((data?.queues ?? []).filter((q) => q.role === 'dlq').map((q) => [q.name, queueDepth(q)])), [data]);
  // Only the page in view is rendered (fifty rows), whatever the number of queues.
  const { lines: rows, matching, pages, page: current } = useMemo(() => queueListPage(queues, { text, role, page }, PAGE_SIZE), [queues, text, role, page]);

  if (queues.length === 0) return <EmptyState title="No SQS queues in this region">Create a queue, or check AWS_REGION.</EmptyState>;
  return (
    <div className="space-y-3">
      <GapNotices gaps={data?.gaps ?? []} />
      {error && (
        <ErrorPanel
          code={error instanceof AppError ? error.code : undefined}
          message={data ? <>Showing the figures of <Time at={data.sampledAt} format="time" />: {error.message}</> : <>The queues&rsquo; figures could not be read: {error.message}</>}
          onRetry={() => void refetch()}
        />
      )}
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
          {formatCount(matching)} of {formatCount(queues.length)} queues · {data ? <>sampled <Time at={data.sampledAt} format="time" /></> : 'reading their figures…'}
        </p>
      </div>
      <div className="relative overflow-x-auto rounded-lg border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
        <table className="w-full text-sm" aria-label="Queues" aria-busy={pending}>
          <thead className="bg-slate-50 text-left text-xs uppercase tracking-wide text-slate-500 dark:bg-slate-800/50 dark:text-slate-400">
            <tr>
              {['Queue', 'Type', ...FIGURE_COLUMNS].map((h, i) => (
                <th key={h} scope="col" className={`px-3 py-2 font-medium ${i >= 3 && i <= 6 ? 'text-right' : ''}`}>
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-200 dark:divide-slate-800">
            {rows.map(({ name, fifo, row: q }) => (
              <tr key={name} className="hover:bg-slate-50 dark:hover:bg-slate-800/40">
                <td className="px-3 py-2">
                  <Link href={`/queues/${encodeURIComponent(name)}`} className="font-mono text-sky-700 hover:underline dark:text-sky-300">
                    {name}
                  </Link>
                </td>
                <td className="px-3 py-2">{fifo ? 'FIFO' : 'Standard'}</td>
                {q ? (
                  <>
                    <td className="px-3 py-2">
                      <QueueRoleBadges queue={q} dlqCounts={dlqCounts} />
                    </td>
                    <td className={`px-3 py-2 text-right tabular-nums ${q.role === 'dlq' && q.visible !== undefined && q.visible > 0 ? 'font-semibold text-rose-600 dark:text-rose-400' : ''}`}>
                      <Count value={q.visible} queue={q} />
                    </td>
                    <td className="px-3 py-2 text-right tabular-nums">
                      <Count value={q.inFlight} queue={q} />
                    </td>
                    <td className="px-3 py-2 text-right tabular-nums">
                      <Count value={q.delayed} queue={q} />
                    </td>
                    <td className="px-3 py-2 text-right tabular-nums">
                      <OldestAgeText age={q.oldestAge} />
                    </td>
                    <td className="px-3 py-2">
                      <Sparkline samples={q.history} label={`${q.name} depth`} />
                    </td>
                    <td className={`px-3 py-2 text-xs ${forecastTone(q)}`}>{describeForecast(q.forecast)}</td>
                  </>
                ) : (
                  FIGURE_COLUMNS.map((column, i) => (
                    <td key={column} className={`px-3 py-2 ${i >= 1 && i <= 4 ? 'text-right' : ''}`}>
                      <Pending />
                    </td>
                  ))
                )}
              </tr>
            ))}
          </tbody>
        </table>
        {rows.length === 0 && (
          <p className="px-4 py-6 text-center text-sm text-slate-500">{pending && role !== 'all' ? 'Roles are known once the figures are read…' : 'No queue matches this filter.'}</p>
        )}
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
