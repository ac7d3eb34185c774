'use client';

import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useEnvironmentUrl } from '@/components/layout/environment';
import { useState } from 'react';
import { AppError } from '@/lib/errors';
import { useFunctionLogs } from '@/lib/queries/logs';
import { Card } from '../ui/card';
import { ErrorPanel } from '../ui/error-panel';
import { LogLineList } from './log-line-list';

const RANGES = [
  { minutes: 5, label: 'Last 5 minutes' },
  { minutes: 15, label: 'Last 15 minutes' },
  { minutes: 60, label: 'Last hour' },
  { minutes: 360, label: 'Last 6 hours' },
  { minutes: 1440, label: 'Last 24 hours' },
  { minutes: 10_080, label: 'Last 7 days' },
];

/**
 * The function's CloudWatch Logs: a filter pattern (CloudWatch's own syntax), a time range and
 * follow. Filter and range live in the URL (`logFilter`, `logMinutes`), so a trace can link here.
 */
export function FunctionLogView({ name, filter, minutes }: { name: string; filter: string; minutes: number }) {
  const router = useRouter();
  // In the page's environment whether or not Next reports the URL before the proxy's rewrite.
  const inEnvironment = useEnvironmentUrl();
  const pathname = inEnvironment(usePathname());
  const searchParams = useSearchParams();
  const [draft, setDraft] = useState(filter);
  const [follow, setFollow] = useState(false);
  const query = useFunctionLogs(name, filter, minutes, follow);

  const navigate = (next: { logFilter?: string; logMinutes?: number }) => {
    const params = new URLSearchParams(searchParams.toString());
    if (next.logFilter !== undefined) {
      if (next.logFilter) params.set('logFilter', next.logFilter);
      else params.delete('logFilter');
    }
    if (next.logMinutes !== undefined) params.set('logMinutes', String(next.logMinutes));
    router.replace(`${pathname}?${params.toString()}`, { scroll: false });
  };
  const ranges = RANGES.some((r) => r.minutes === minutes) ? RANGES : [...RANGES, { minutes, label: `Last ${minutes} minutes` }].sort((a, b) => a.minutes - b.minutes);
  const page = query.data;

  return (
    <Card title="Logs">
      <section aria-label="Function logs" className="space-y-3">
        <form
          className="flex flex-wrap items-end gap-2"
          onSubmit={(event) => {
            event.preventDefault();
            navigate({ logFilter: draft.trim() });
          }}
        >
          <label className="flex min-w-64 flex-1 flex-col text-xs text-slate-500">
            Filter pattern
            <input
              value={draft}
              onChange={(event) => setDraft(event.target.value)}
              placeholder={'ERROR   ·   "GLASS-VASE"   ·   { $.level = "ERROR" }'}
              className="mt-0.5 rounded-md border border-slate-300 bg-white px-2 py-1 font-mono text-sm text-slate-900 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100"
            />
          </label>
          <button type="submit" className="rounded-md border border-slate-300 px-2.5 py-1 text-sm hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800">
            Apply filter
          </button>
          <label className="flex flex-col text-xs text-slate-500">
            Time range
            <select
              value={minutes}
              onChange={(event) => navigate({ logMinutes: Number(event.target.value) })}
              className="mt-0.5 rounded-md border border-slate-300 bg-white px-2 py-1 text-sm text-slate-900 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100"
            >
              {ranges.map((r) => (
                <option key={r.minutes} value={r.minutes}>
                  {r.label}
                </option>
              ))}
            </select>
          </label>
          <label className="flex items-center gap-1.5 pb-1 text-sm">
            <input type="checkbox" checked={follow} onChange={(event) => setFollow(event.target.checked)} />
            Follow
          </label>
        </form>
        {query.error ? (
          <ErrorPanel code={query.error instanceof AppError ? query.error.code : undefined} message={query.error.message} onRetry={() => void query.refetch()} />
        ) : !page ? (
          <p aria-busy="true" className="text-sm text-slate-600 dark:text-slate-400">
            Reading the logs…
          </p>
        ) : (
          <>
            <p className="text-xs text-slate-500" data-testid="log-summary">
              {page.lines.length} event(s) from {page.logGroup}
              {follow ? ' · following, read every 2 s' : ''} · {page.note.status === 'complete' ? '' : page.note.message}
            </p>
            {page.lines.length > 0 ? <LogLineList lines={page.lines} label="Log events" /> : <p className="text-sm text-slate-600 dark:text-slate-400">{page.note.status === 'complete' ? 'No event matches in this time range.' : ''}</p>}
          </>
        )}
      </section>
    </Card>
  );
}
