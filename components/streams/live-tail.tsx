'use client';

import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useEnvironmentUrl } from '@/components/layout/environment';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { fetchStreamHistory, useStreamEvent, useStreamEvents, type StreamViewParams } from '@/lib/queries/streams';
import { parseFilter } from '@/lib/streams/filter';
import { parsePosition } from '@/lib/streams/position';
import type { TailStatus } from '@/lib/types/streams';
import { Card } from '../ui/card';
import { ErrorPanel } from '../ui/error-panel';
import { StatusDot } from '../ui/status-dot';
import { EventDetail } from './event-detail';
import { EventList } from './event-list';
import { FilterBar } from './filter-bar';
import { FilterError } from './filter-error';
import { ShardLineage } from './shard-lineage';
import { Time } from '../ui/time';

const VIEW_KEYS = ['type', 'key', 'where', 'q', 'start'] as const;

const tailTone = { running: 'ok', starting: 'idle', stopped: 'idle', stream_disabled: 'warn', no_stream: 'warn', table_gone: 'bad', unreachable: 'bad' } as const;

/** The live tail of one table: filters and start position in the URL, the list, the detail, the lineage. */
export function LiveTail({ table, initialStatus }: { table: string; initialStatus: TailStatus }) {
  const router = useRouter();
  // In the page's environment whether or not Next reports the URL before the proxy's rewrite.
  const inEnvironment = useEnvironmentUrl();
  const pathname = inEnvironment(usePathname());
  const search = useSearchParams();
  const params = useMemo(() => {
    const out: StreamViewParams = {};
    for (const k of VIEW_KEYS) {
      const v = search.get(k);
      if (v) out[k] = v;
    }
    return out;
  }, [search]);
  const selectedId = search.get('event') ?? undefined;
  const [frozen, setFrozen] = useState(false);
  const [older, setOlder] = useState<{ loading: boolean; message?: string; error?: string; next?: string; done?: boolean }>({ loading: false });

  const filterCheck = parseFilter(params);
  const positionCheck = parsePosition(params.start);
  const filterProblem = filterCheck.ok ? undefined : filterCheck;
  const problem = filterProblem?.message ?? (!positionCheck.ok ? positionCheck.message : undefined);

  const live = useStreamEvents(table, params, frozen, !problem);
  const status = live.status ?? initialStatus;

  const navigate = useCallback(
    (next: StreamViewParams, event?: string) => {
      const qs = new URLSearchParams();
      for (const k of VIEW_KEYS) if (next[k]) qs.set(k, next[k] as string);
      if (event) qs.set('event', event);
      const text = qs.toString();
      router.replace(text ? `${pathname}?${text}` : pathname, { scroll: false });
    },
    [router, pathname],
  );

  const selectedLocal = selectedId ? live.events.find((e) => e.eventID === selectedId) : undefined;
  const remote = useStreamEvent(table, selectedId, Boolean(selectedId) && !selectedLocal);
  const selected = selectedLocal ?? remote.data;

  const loadOlder = useCallback(async () => {
    setOlder((o) => ({ ...o, loading: true, error: undefined }));
    try {
      const historyParams = { ...params, start: params.start && params.start !== 'recent' && params.start !== 'live' ? params.start : 'trim_horizon' };
      const page = await fetchStreamHistory(table, historyParams, older.next);
      live.prepend(page.events);
      setOlder({ loading: false, message: `${page.events.length} older event(s) loaded. ${page.message}`, next: page.next, done: !page.next });
    } catch (error) {
      setOlder((o) => ({ ...o, loading: false, error: (error as Error).message }));
    }
  }, [table, params, older.next, live]);

  // "Oldest retained" starts at the trim horizon: the first page from there loads at once, and
  // "Load more older events" pages forward (each page through the shards' read schedulers).
  const autoLoaded = useRef<string | undefined>(undefined);
  useEffect(() => {
    if (params.start !== 'trim_horizon' || problem || autoLoaded.current === table) return;
    autoLoaded.current = table;
    void loadOlder();
  }, [params.start, problem, table, loadOlder]);

  const sinceLast = status.lastEventAt ? <Time at={status.lastEventAt} format="relative" /> : 'none yet';

  return (
    <div className="space-y-4">
      <FilterBar params={params} onChange={(next) => navigate(next)} invalid={filterProblem?.field} />
      {problem && !filterProblem && <ErrorPanel code="invalid" message={problem} />}

      <div className="flex flex-wrap items-center gap-4 text-sm" data-testid="tail-status" data-state={status.state}>
        <span className="flex items-center gap-1.5">
          <StatusDot tone={tailTone[status.state]} pulse={status.state === 'running' && live.connection === 'open'} />
          <span>{status.message}</span>
        </span>
        <span className="tabular-nums" data-testid="events-per-second">
          {status.eventsPerSecond.toFixed(1)} events/s
        </span>
        <span className="text-slate-500">last event {sinceLast}</span>
        <span className="text-slate-500">{live.connection === 'open' ? 'connected' : live.connection === 'reconnecting' ? 'reconnecting…' : 'connecting…'}</span>
        {status.readsSlowed && (
          <span role="status" data-testid="reads-slowed" className="rounded bg-amber-50 px-2 py-0.5 text-amber-900 dark:bg-amber-950/50 dark:text-amber-100">
            {status.readsSlowed}
          </span>
        )}
        <span className="text-slate-500" data-testid="event-count">
          {live.events.length.toLocaleString('en-US')} shown
        </span>
        <button
          type="button"
          aria-pressed={frozen}
          onClick={() => setFrozen((f) => !f)}
          className="ml-auto rounded-md border border-slate-300 px-3 py-1 text-sm hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800"
        >
          {frozen ? `Resume (${live.held.toLocaleString('en-US')} waiting)` : 'Freeze'}
        </button>
      </div>

      {live.cap && (
        <p role="status" className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:bg-amber-950/50 dark:text-amber-100">
          Showing {live.cap.shown.toLocaleString('en-US')} of {live.cap.matched.toLocaleString('en-US')} matching events in the last second: this view is capped to keep the page responsive. Narrow the filter to see them all.
        </p>
      )}
      {live.notices.map((notice, i) => (
        <p key={i} role="status" className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:bg-amber-950/50 dark:text-amber-100">
          {notice}
        </p>
      ))}

      <div className="grid gap-4 xl:grid-cols-[minmax(0,1fr)_440px]">
        <div className="min-w-0 space-y-2">
          <div className="flex items-center gap-3 text-xs text-slate-500">
            <button
              type="button"
              onClick={loadOlder}
              disabled={older.loading || older.done}
              className="rounded-md border border-slate-300 px-2 py-1 text-xs hover:bg-slate-100 disabled:opacity-50 dark:border-slate-700 dark:hover:bg-slate-800"
            >
              {older.loading ? 'Loading older events…' : older.done ? 'No older events' : older.next ? 'Load more older events' : 'Load older events'}
            </button>
            {older.message && <span>{older.message}</span>}
            {older.error && <span className="text-rose-700 dark:text-rose-300">{older.error}</span>}
          </div>
          {filterProblem ? (
            <FilterError message={filterProblem.message} text={filterProblem.field === 'where' ? params.where : undefined} at={filterProblem.at} />
          ) : (
            <EventList events={live.events} dropped={live.dropped} keyNames={status.keyNames} selectedId={selectedId} onSelect={(id) => navigate(params, id)} />
          )}
        </div>
        <div className="space-y-4">
          {selectedId && selected && <EventDetail event={selected} onClose={() => navigate(params)} />}
          {selectedId && !selected && remote.isLoading && <p className="text-sm text-slate-500">Loading event {selectedId}…</p>}
          {selectedId && !selected && remote.error && <ErrorPanel code="not_found" message={remote.error.message} />}
          <Card title="Shard lineage">
            <ShardLineage shards={status.shards} />
            <p className="mt-2 text-xs text-slate-500">Eddy reads each shard once for every viewer, within its own budget of reads per shard; tail running for <Time at={status.startedAt} format="elapsed" />, {status.heldEvents.toLocaleString('en-US')} recent events held.</p>
          </Card>
        </div>
      </div>
    </div>
  );
}
