'use client';

import { AppError } from '@/lib/errors';
import Link from '@/components/ui/env-link';
import { useRedrives } from '@/lib/queries/queues';
import type { MoveTask, RedriveJob } from '@/lib/types/queues';
import { MoveTaskProgress } from '../redrive/move-task-progress';
import { EmptyState } from '../ui/empty-state';
import { ErrorPanel } from '../ui/error-panel';
import { Time } from '../ui/time';
import { Unknown } from '../ui/unknown';

export interface RedriveOverviewView {
  dlqs: { dlqName: string; dlqArn: string; tasks: MoveTask[] }[];
  jobs: RedriveJob[];
}

/** Running and recent redrives across DLQs: move tasks from ListMessageMoveTasks, and Eddy's canaries. */
export function RedriveList({ initial }: { initial: RedriveOverviewView }) {
  const { data, error } = useRedrives<RedriveOverviewView>(initial);
  const view = data ?? initial;
  if (view.dlqs.length === 0) return <EmptyState title="No dead-letter queues">No queue names another as its dead-letter queue.</EmptyState>;
  const withTasks = view.dlqs.filter((r) => r.tasks.length > 0);
  // A canary that stopped before any move task has no task to list: show Eddy's job.
  const taskless = view.jobs.filter((j) => !j.task);
  // Newest first, like every list in Eddy: Eddy's own jobs and AWS's move tasks in one order. A
  // task whose start SQS did not return cannot be placed in time: after the others, in SQS's order.
  const entries = [
    ...taskless.map((job) => ({ kind: 'job' as const, at: Date.parse(job.startedAt), job })),
    ...withTasks.flatMap((row) =>
      row.tasks.map((task, i) => ({ kind: 'task' as const, at: task.startedAt === undefined ? -Infinity : Date.parse(task.startedAt), key: `${row.dlqArn}-${task.startedAt ?? i}`, dlqName: row.dlqName, dlqArn: row.dlqArn, task })),
    ),
  ].sort((x, y) => (x.at === y.at ? 0 : y.at - x.at));
  return (
    <div className="space-y-3">
      {error && <ErrorPanel code={error instanceof AppError ? error.code : undefined} message={`Showing earlier figures: ${error.message}`} />}
      {withTasks.length === 0 && taskless.length === 0 && (
        <EmptyState title="No redrives yet">
          {view.dlqs.length} dead-letter {view.dlqs.length === 1 ? 'queue' : 'queues'} ({view.dlqs.map((r) => r.dlqName).join(', ')}), none redriven recently.
        </EmptyState>
      )}
      <ul className="space-y-3" aria-label="Redrives">
        {entries.map((entry) =>
          entry.kind === 'job' ? (
            <li key={entry.job.id} className="rounded-lg border border-slate-200 bg-white p-4 text-sm dark:border-slate-800 dark:bg-slate-900">
              <Link href={`/queues/${encodeURIComponent(entry.job.dlqName)}`} className="font-mono text-sky-700 hover:underline dark:text-sky-300">
                {entry.job.dlqName}
              </Link>
              <span className="ml-2 text-xs text-slate-500">
                started <Time at={entry.job.startedAt} />
              </span>
              <MoveTaskProgress label={`${entry.job.dlqName} redrive progress`} job={entry.job} />
            </li>
          ) : (
            <li key={entry.key} className="rounded-lg border border-slate-200 bg-white p-4 text-sm dark:border-slate-800 dark:bg-slate-900">
              <div className="mb-1 flex flex-wrap items-center gap-2">
                <Link href={`/queues/${encodeURIComponent(entry.dlqName)}`} className="font-mono text-sky-700 hover:underline dark:text-sky-300">
                  {entry.dlqName}
                </Link>
                <span className="text-xs text-slate-500">
                  → {entry.task.destinationArn ? entry.task.destinationArn.split(':').pop() : 'original sources'} · started{' '}
                  {entry.task.startedAt === undefined ? <Unknown reason="SQS did not return this task's StartedTimestamp." /> : <Time at={entry.task.startedAt} />}
                </span>
              </div>
              <MoveTaskProgress label={`${entry.dlqName} redrive progress`} task={entry.task} />
            </li>
          ),
        )}
      </ul>
    </div>
  );
}
