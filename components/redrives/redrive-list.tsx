import { formatCount } from '@/lib/format';
import type { MoveTask } from '@/lib/types/queues';
import { EmptyState } from '../ui/empty-state';

export interface DlqMoveTasksView {
  dlqName: string;
  dlqArn: string;
  tasks: MoveTask[];
}

const statusTone: Record<MoveTask['status'], string> = {
  RUNNING: 'text-sky-700 dark:text-sky-300',
  COMPLETED: 'text-emerald-700 dark:text-emerald-400',
  CANCELLING: 'text-amber-700 dark:text-amber-300',
  CANCELLED: 'text-slate-600 dark:text-slate-400',
  FAILED: 'text-rose-700 dark:text-rose-400',
};

/** Running and recent message move tasks of every DLQ, with their progress. */
export function RedriveList({ rows }: { rows: DlqMoveTasksView[] }) {
  if (rows.length === 0) return <EmptyState title="No dead-letter queues">No queue names another as its dead-letter queue.</EmptyState>;
  const withTasks = rows.filter((r) => r.tasks.length > 0);
  if (withTasks.length === 0) {
    return (
      <EmptyState title="No redrives yet">
        {rows.length} dead-letter {rows.length === 1 ? 'queue' : 'queues'} ({rows.map((r) => r.dlqName).join(', ')}), none redriven recently.
      </EmptyState>
    );
  }
  return (
    <ul className="space-y-3">
      {withTasks.flatMap((row) =>
        row.tasks.map((task) => {
          const pct = task.toMove > 0 ? Math.min(100, Math.round((task.moved / task.toMove) * 100)) : 100;
          return (
            <li key={`${row.dlqArn}-${task.startedAt}`} className="rounded-lg border border-slate-200 bg-white p-4 text-sm dark:border-slate-800 dark:bg-slate-900">
              <div className="flex flex-wrap items-center justify-between gap-2">
                <span className="font-mono">{row.dlqName}</span>
                <span className={`font-medium ${statusTone[task.status]}`}>{task.status}</span>
              </div>
              <div className="mt-2 h-2 rounded bg-slate-200 dark:bg-slate-800" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct} aria-label={`${row.dlqName} redrive progress`}>
                <div className="h-2 rounded bg-sky-500" style={{ width: `${pct}%` }} />
              </div>
              <p className="mt-1 text-slate-600 dark:text-slate-400">
                {formatCount(task.moved)} of {formatCount(task.toMove)} moved · started {new Date(task.startedAt).toLocaleString()}
                {task.failureReason && <span className="text-rose-700 dark:text-rose-400"> · {task.failureReason}</span>}
              </p>
            </li>
          );
        }),
      )}
    </ul>
  );
}
