'use client';

import { formatCount, formatDuration } from '@/lib/format';
import { moveProgress } from '@/lib/queues/move-progress';
import type { MoveTask, RedriveJob } from '@/lib/types/queues';
import { Time } from '../ui/time';
import { Unknown } from '../ui/unknown';
import { useNow } from '../ui/clock';

const phaseText: Record<RedriveJob['phase'], string> = {
  canary: 'Canary: moving the first messages',
  watching: 'Canary: watching the DLQ for returns',
  moving: 'Moving',
  completed: 'Completed',
  stopped: 'Stopped by the canary',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

const taskText: Record<MoveTask['status'], string> = {
  RUNNING: 'Moving',
  COMPLETED: 'Completed',
  CANCELLING: 'Cancelling',
  CANCELLED: 'Cancelled',
  FAILED: 'Failed',
};

/** A redrive's progress bar: moved / to move, rate, ETA, and how it ended. */
export function MoveTaskProgress({ label, job, task }: { label: string; job?: RedriveJob | null; task?: MoveTask }) {
  const perMessage = job?.perMessage;
  // A skipping redrive goes message by message: its own counters, no move task.
  const t = perMessage ? undefined : (job?.task ?? task);
  const status = job ? phaseText[job.phase] : t ? taskText[t.status] : 'Idle';
  // Without the browser's clock (server render) no rate yet: elapsed 0 gives percent only.
  const now = useNow();
  const taskStart = t?.startedAt === undefined ? undefined : Date.parse(t.startedAt);
  const progress = t
    ? moveProgress({ ...t, startedAt: taskStart }, now ?? taskStart ?? 0)
    : perMessage && job
      ? moveProgress(
          { moved: perMessage.moved + perMessage.sentNotDeleted + perMessage.failed, toMove: perMessage.toMove, startedAt: Date.parse(job.startedAt), status: job.phase === 'completed' ? 'COMPLETED' : 'RUNNING' },
          now ?? Date.parse(job.startedAt),
        )
      : { percent: 0 };
  const failure = job?.message ?? t?.failureReason;
  const bad = job ? ['failed', 'stopped'].includes(job.phase) : t?.status === 'FAILED';
  return (
    <div className="space-y-1 text-sm">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <span data-testid="redrive-status" className={`font-medium ${bad ? 'text-rose-700 dark:text-rose-400' : ''}`}>
          {status}
        </span>
        {t && (
          <span className="text-slate-600 dark:text-slate-400">
            <span data-testid="redrive-moved">
              {t.moved === undefined ? <Unknown reason="SQS did not return ApproximateNumberOfMessagesMoved." /> : formatCount(t.moved)} of {t.toMove === undefined ? <Unknown reason="SQS counts the messages to move once the task is selected to start: not counted yet." /> : formatCount(t.toMove)} moved
            </span>
            {/* The end time is unknown: a rate measured to now would only fall after the end. */}
            {progress.perSecond !== undefined && t.status === 'RUNNING' && ` · ${progress.perSecond.toFixed(progress.perSecond < 10 ? 1 : 0)}/s`}
            {progress.etaSeconds !== undefined && ` · about ${formatDuration(progress.etaSeconds)} left`}
            {t.maxPerSecond ? ` · at most ${t.maxPerSecond}/s` : ''}
          </span>
        )}
      </div>
      {perMessage && (
        <p className="text-slate-600 dark:text-slate-400">
          <span data-testid="redrive-moved">
            {formatCount(perMessage.moved)} of {formatCount(perMessage.toMove)} moved
          </span>{' '}
          one by one{perMessage.sentNotDeleted > 0 ? ` · ${formatCount(perMessage.sentNotDeleted)} sent but still in the DLQ (delete failed)` : ''}
          {perMessage.failed > 0 ? ` · ${formatCount(perMessage.failed)} not moved` : ''}
        </p>
      )}
      <div className="h-2 rounded bg-slate-200 dark:bg-slate-800" role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={progress.percent}>
        <div className={`h-2 rounded ${bad ? 'bg-rose-500' : 'bg-sky-500'}`} style={{ width: `${progress.percent}%` }} />
      </div>
      {job?.canary && (
        <p className="text-xs text-slate-600 dark:text-slate-400">
          Canary: {job.canary.sent} sent, {job.canary.returned} came back{job.canary.watchUntil && job.phase === 'watching' && (
            <>
              , watching until <Time at={job.canary.watchUntil} format="time" />
            </>
          )}
        </p>
      )}
      {perMessage && perMessage.skipped.length > 0 && (
        <details data-testid="redrive-skipped">
          <summary className="cursor-pointer text-slate-600 dark:text-slate-400">{formatCount(perMessage.skipped.length)} skipped, still in the DLQ</summary>
          <ul className="mt-1 max-h-48 space-y-1 overflow-y-auto pl-4 text-xs" aria-label="Skipped messages">
            {perMessage.skipped.slice(0, 200).map((k) => (
              <li key={k.messageId}>
                <span className="font-mono">{k.messageId}</span> ({k.class}): {k.reason}
              </li>
            ))}
          </ul>
        </details>
      )}
      {failure && (
        <p role={bad ? 'alert' : undefined} className={bad ? 'text-rose-700 dark:text-rose-400' : 'text-slate-600 dark:text-slate-400'}>
          {failure}
        </p>
      )}
    </div>
  );
}
