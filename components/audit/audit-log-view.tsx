import type { AuditEntry } from '@/lib/types/audit';
import { DataTable } from '../ui/data-table';
import { EmptyState } from '../ui/empty-state';

/** The audit log, newest first. */
export function AuditLogView({ entries, file }: { entries: AuditEntry[]; file: string }) {
  if (entries.length === 0) {
    return <EmptyState title="No mutations recorded yet">Every redrive, purge and cancellation made through Eddy is appended to {file}.</EmptyState>;
  }
  return (
    <DataTable
      label="Audit log"
      rows={entries}
      rowKey={(e) => e.id}
      columns={[
        { header: 'When', cell: (e) => <time dateTime={e.at}>{new Date(e.at).toLocaleString()}</time> },
        { header: 'Who', cell: (e) => e.actor },
        { header: 'What', cell: (e) => e.action },
        { header: 'Queues', cell: (e) => <span className="font-mono text-xs">{e.queues.join(', ')}</span> },
        { header: 'Outcome', cell: (e) => e.outcome },
        { header: 'Detail', cell: (e) => e.detail ?? '' },
      ]}
    />
  );
}
