import { formatDuration } from '@/lib/format';
import { dataLossClock } from '@/lib/lag/data-loss';
import { DATA_LOSS_CRITICAL_MS, DATA_LOSS_WARNING_MS } from '@/lib/lag/thresholds';

const levelStyle = {
  ok: { bar: 'bg-emerald-500', text: 'text-emerald-700 dark:text-emerald-400', words: 'safe' },
  warning: { bar: 'bg-amber-500', text: 'text-amber-700 dark:text-amber-400', words: 'warning' },
  critical: { bar: 'bg-rose-500', text: 'text-rose-700 dark:text-rose-400', words: 'critical' },
  lost: { bar: 'bg-rose-700', text: 'text-rose-800 dark:text-rose-300', words: 'records are being trimmed unread' },
} as const;

/**
 * The stream data-loss clock: how long before records this consumer has not read yet are trimmed
 * (24 h retention minus its iterator age), with the warning and critical thresholds.
 */
export function DataLossClock({ iteratorAgeMs }: { iteratorAgeMs: number | null }) {
  const clock = dataLossClock(iteratorAgeMs);
  return (
    <section aria-label="Data-loss clock" className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm dark:border-slate-800 dark:bg-slate-900">
      <h3 className="text-sm font-semibold">Data-loss clock</h3>
      {!clock ? (
        <p className="mt-2 text-sm text-slate-600 dark:text-slate-400" data-testid="data-loss-remaining">
          — No IteratorAge datapoint in this range, so the time left cannot be measured.
        </p>
      ) : (
        <>
          <p className={`mt-1 text-2xl font-semibold tabular-nums ${levelStyle[clock.level].text}`} data-testid="data-loss-remaining" data-level={clock.level}>
            {clock.level === 'lost' ? 'Losing records' : `${formatDuration(clock.remainingMs / 1000)} left`}
          </p>
          <div
            role="meter"
            aria-label="Share of the 24 h stream retention used by the lag"
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={Math.round(clock.usedShare * 100)}
            className="mt-2 h-2 w-full overflow-hidden rounded-full bg-slate-200 dark:bg-slate-800"
          >
            <div className={`h-full ${levelStyle[clock.level].bar}`} style={{ width: `${Math.max(1, clock.usedShare * 100)}%` }} />
          </div>
          <p className="mt-2 text-xs text-slate-600 dark:text-slate-400">
            {levelStyle[clock.level].words}: the stream keeps records 24 h; unread ones are trimmed for good. Warning below {formatDuration(DATA_LOSS_WARNING_MS / 1000)}{' '}
            left, critical below {formatDuration(DATA_LOSS_CRITICAL_MS / 1000)}.
          </p>
        </>
      )}
    </section>
  );
}
