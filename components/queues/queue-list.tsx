import { formatCount, formatDuration } from '@/lib/format';
import type { QueueWithRole } from '@/lib/types/queues';
import { DataTable } from '../ui/data-table';
import { EmptyState } from '../ui/empty-state';

function arnName(arn: string): string {
  return arn.split(':').pop() ?? arn;
}

function Role({ queue }: { queue: QueueWithRole }) {
  if (queue.role === 'dlq') return <span className="rounded bg-rose-100 px-1.5 py-0.5 text-xs font-medium text-rose-800 dark:bg-rose-900/40 dark:text-rose-200">DLQ of {queue.sourceNames.join(', ')}</span>;
  if (queue.role === 'source' && queue.redrivePolicy)
    return (
      <span className="text-xs text-slate-600 dark:text-slate-400">
        → {arnName(queue.redrivePolicy.deadLetterTargetArn)} after {queue.redrivePolicy.maxReceiveCount} receives
      </span>
    );
  return <span className="text-xs text-slate-500">—</span>;
}

/** Every queue, biggest backlog first, with its place in the dead-letter wiring. */
export function QueueList({ queues }: { queues: QueueWithRole[] }) {
  if (queues.length === 0) return <EmptyState title="No SQS queues in this region">Create a queue, or check AWS_REGION.</EmptyState>;
  return (
    <DataTable
      label="Queues"
      rows={queues}
      rowKey={(q) => q.url}
      columns={[
        { header: 'Queue', cell: (q) => <span className="font-mono">{q.name}</span> },
        { header: 'Type', cell: (q) => (q.fifo ? 'FIFO' : 'Standard') },
        { header: 'Dead letters', cell: (q) => <Role queue={q} /> },
        { header: 'Visible', cell: (q) => <span className={q.role === 'dlq' && q.visible > 0 ? 'font-semibold text-rose-600 dark:text-rose-400' : ''}>{formatCount(q.visible)}</span>, align: 'right' },
        { header: 'In flight', cell: (q) => formatCount(q.inFlight), align: 'right' },
        { header: 'Delayed', cell: (q) => formatCount(q.delayed), align: 'right' },
        { header: 'Retention', cell: (q) => formatDuration(q.retentionSeconds), align: 'right' },
      ]}
    />
  );
}
