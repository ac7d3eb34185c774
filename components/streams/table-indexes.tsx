import { formatBytes, formatCount } from '@/lib/format';
import type { TableIndex } from '@/lib/types/tables';
import { DataTable } from '../ui/data-table';
import { Unknown } from '../ui/unknown';
import { StatusDot, type Tone } from '../ui/status-dot';

const toneByStatus: Record<string, Tone> = { ACTIVE: 'ok', CREATING: 'warn', UPDATING: 'warn', DELETING: 'bad' };

function keys(index: TableIndex): string {
  return index.keySchema.map((k) => `${k.name} (${k.type === 'HASH' ? 'partition' : 'sort'})`).join(', ');
}

function projection(index: TableIndex): string {
  if (index.projection !== 'INCLUDE') return index.projection;
  return `INCLUDE ${index.nonKeyAttributes.join(', ')}`;
}

/**
 * A table's global and local secondary indexes as DescribeTable reports them: keys, projection,
 * status (GSIs only: LSIs have none of their own), items and size (which AWS refreshes about
 * every six hours).
 */
export function TableIndexes({ table, indexes }: { table: string; indexes: TableIndex[] }) {
  if (indexes.length === 0) {
    return (
      <p data-testid="table-indexes-empty" className="text-sm text-slate-500">
        {table} has no secondary indexes.
      </p>
    );
  }
  return (
    <div data-testid="table-indexes">
      <DataTable
        label={`Secondary indexes of ${table}`}
        rows={indexes}
        rowKey={(i) => i.name}
        columns={[
          { header: 'Index', cell: (i) => <span className="font-mono text-xs">{i.name}</span> },
          { header: 'Type', cell: (i) => (i.kind === 'GSI' ? 'global' : 'local') },
          { header: 'Keys', cell: (i) => <span className="font-mono text-xs">{keys(i)}</span> },
          { header: 'Projection', cell: (i) => <span className="text-xs">{projection(i)}</span> },
          {
            header: 'Status',
            cell: (i) =>
              i.status ? (
                <span className="inline-flex items-center gap-1.5">
                  <StatusDot tone={toneByStatus[i.status] ?? 'idle'} />
                  {i.status}
                  {i.backfilling && <span className="text-xs text-slate-500">(backfilling)</span>}
                </span>
              ) : (
                <span className="text-slate-500" title="Local secondary indexes have no status of their own: they follow the table.">
                  with table
                </span>
              ),
          },
          { header: 'Items', cell: (i) => (i.itemCount === undefined ? <Unknown reason="DescribeTable did not return this index's ItemCount." /> : formatCount(i.itemCount)), align: 'right' },
          { header: 'Size', cell: (i) => (i.sizeBytes === undefined ? <Unknown reason="DescribeTable did not return this index's IndexSizeBytes." /> : formatBytes(i.sizeBytes)), align: 'right' },
        ]}
      />
      <p data-testid="table-indexes-staleness" className="mt-1 text-xs text-slate-500">
        Items and size as DynamoDB reports them: AWS updates them about every six hours, so recent writes may not show.
      </p>
    </div>
  );
}
