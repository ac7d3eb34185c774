'use client';

import { AppError } from '@/lib/errors';
import { formatCount } from '@/lib/format';
import { useFailureApart, useRefreshFailureApart } from '@/lib/queries/dlq-tools';
import { filterFor, formatShare } from '@/lib/queues/failure-apart';
import { buttonClass } from '../ui/buttons';
import { ErrorPanel } from '../ui/error-panel';
import { Time } from '../ui/time';
import { Unknown } from '../ui/unknown';
import { useViewParams } from './use-view-params';

/**
 * "What sets these failures apart": the attribute values far more common among the dead letters
 * than in the recent traffic of the same source, ranked by lift weighted by support. Each value
 * filters the messages below to the dead letters that carry it. Asked for once `ready` (the
 * page's browse is done), so the server can compare the messages that browse just received.
 */
export function FailureApartPanel({ dlqName, ready }: { dlqName: string; ready: boolean }) {
  const { setParams } = useViewParams();
  // The messages below show the dead letters carrying the value: the filter goes to the URL.
  const onFilter = (filter: { where?: string; attr?: string }) => setParams({ q: undefined, where: filter.where, attr: filter.attr });
  const apart = useFailureApart(dlqName, ready);
  const refresh = useRefreshFailureApart(dlqName);
  if (apart.error) return <ErrorPanel code={apart.error instanceof AppError ? apart.error.code : undefined} message={apart.error.message} onRetry={() => void apart.refetch()} />;
  const data = apart.data;
  if (!data) {
    return (
      <p className="text-sm text-slate-500" aria-busy="true">
        {ready ? 'Comparing the dead letters with the recent traffic of their source…' : 'Waiting for the browse below: the comparison reads the dead letters it receives rather than receiving them again…'}
      </p>
    );
  }
  return (
    <div className="space-y-3 text-sm" data-testid="failure-apart">
      <p className="text-slate-600 dark:text-slate-400">
        {formatCount(data.failuresCompared)} failure{data.failuresCompared === 1 ? '' : 's'} ({formatCount(data.failuresRead)} of{' '}
        {data.approximateTotal === undefined ? <Unknown reason="SQS did not return the queue's message counts." /> : <>about {formatCount(data.approximateTotal)}</>} dead letters read
        {data.reusedBrowseAt ? ' — those the browse below received, not received again' : ''}
        {data.resolvedFailureRecords > 0 ? `, ${formatCount(data.resolvedFailureRecords)} Lambda failure records resolved to their stream records` : ''})
        {data.baseline ? ` against ${formatCount(data.baseline.records)} recent items of the ${data.baseline.table} stream (${data.baseline.source === 'ring' ? 'the live tail' : 'older-range read'})` : ''} · computed{' '}
        <Time at={data.computedAt} format="time" />
        {data.cached ? ' (cached)' : ''} · {formatCount(data.sqsCalls)} SQS calls{' '}
        <button type="button" className={`${buttonClass.plain} ml-2 !px-2 !py-0.5 text-xs`} disabled={refresh.isPending} onClick={() => refresh.mutate()}>
          {refresh.isPending ? 'Comparing…' : 'Compare again'}
        </button>
      </p>
      {refresh.error && (
        <p role="alert" className="text-rose-700 dark:text-rose-300">
          {refresh.error.message}
        </p>
      )}
      {data.unavailable && (
        <p role="note" className="text-amber-800 dark:text-amber-200">
          {data.unavailable}
        </p>
      )}
      {!data.unavailable && data.values.length === 0 && <p>No value is markedly more common among the failures than in the recent traffic: the cause is probably not in the data (look at the logs on a trace).</p>}
      {data.values.length > 0 && (
        <ol aria-label="Values that set the failures apart" className="divide-y divide-slate-200 rounded-md border border-slate-200 dark:divide-slate-800 dark:border-slate-800">
          {data.values.map((v, i) => (
            <li key={`${v.path}=${v.value}`} data-testid="apart-value" data-path={v.path} data-value={v.value} className="flex flex-wrap items-center gap-x-3 gap-y-1 px-3 py-2">
              <span className="w-5 text-right tabular-nums text-slate-500">{i + 1}.</span>
              <code className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs dark:bg-slate-800">
                {v.path} = {v.value}
              </code>
              <span>
                — <strong>{formatShare(v.failureShare)}</strong> of failures, {formatShare(v.baselineShare)} of all {data.baseline ? 'recent items' : 'traffic'}
              </span>
              <span className="text-xs text-slate-500" title="How many times more common among the failures (the baseline share smoothed by half a record)">
                × {v.lift >= 100 ? Math.round(v.lift) : v.lift.toFixed(1)}
              </span>
              {v.also.length > 0 && <span className="text-xs text-slate-500">always with {v.also.map((a) => `${a.path} = ${a.value}`).join(', ')}</span>}
              {v.narrower.length > 0 && (
                <span className="text-xs text-slate-500" title="Values found only on failures that carry this one, and not markedly more failure-prone: a narrower view of the same cause">
                  including {v.narrower.map((n) => `${n.path} = ${n.value} (${n.failures})`).join(', ')}
                </span>
              )}
              <button type="button" className={`${buttonClass.plain} ml-auto !px-2 !py-0.5 text-xs`} onClick={() => onFilter(filterFor(v))}>
                Show these
              </button>
            </li>
          ))}
        </ol>
      )}
      {data.uncomparablePaths.length > 0 && <p className="text-xs text-slate-500">Not compared (the source&apos;s records never carry them): {data.uncomparablePaths.slice(0, 12).join(', ')}{data.uncomparablePaths.length > 12 ? '…' : ''}</p>}
    </div>
  );
}
