import { formatBytes, formatCount } from '@/lib/format';
import type { TableSummary } from '@/lib/types/tables';
import { DataTable } from '../ui/data-table';
import { EmptyState } from '../ui/empty-state';

/** Every table with its stream's view type; tables without a stream are listed after. */
export function TableList({ tables }: { tables: TableSummary[] }) {
  if (tables.length === 0) {
    return <EmptyState title="No DynamoDB tables in this region">Create a table with a stream, or check AWS_REGION.</EmptyState>;
  }
  return (
    <DataTable
      label="Tables and streams"
      rows={tables}
      rowKey={(t) => t.arn || t.name}
      columns={[
        { header: 'Table', cell: (t) => <span className="font-mono">{t.name}</span> },
        { header: 'Stream', cell: (t) => (t.stream ? <span className="font-medium text-emerald-700 dark:text-emerald-400">{t.stream.viewType}</span> : <span className="text-slate-500">no stream</span>) },
        { header: 'Stream label', cell: (t) => <span className="font-mono text-xs">{t.stream?.label ?? '—'}</span> },
        { header: 'Keys', cell: (t) => t.keySchema.map((k) => `${k.name} (${k.type === 'HASH' ? 'partition' : 'sort'})`).join(', ') },
        { header: 'Items', cell: (t) => formatCount(t.itemCount), align: 'right' },
        { header: 'Size', cell: (t) => formatBytes(t.sizeBytes), align: 'right' },
      ]}
    />
  );
}
