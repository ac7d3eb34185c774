'use client';

import { AppError } from '@/lib/errors';
import Link from '@/components/ui/env-link';
import { formatCount } from '@/lib/format';
import { useStreams } from '@/lib/queries/streams';
import type { StreamSummary } from '@/lib/types/streams';
import { DataTable } from '../ui/data-table';
import { EmptyState } from '../ui/empty-state';
import { ErrorPanel } from '../ui/error-panel';
import { Time } from '../ui/time';

function since(ms: number | undefined, watchingSince: number) {
  if (ms === undefined)
    return (
      <>
        none in <Time at={watchingSince} format="elapsed" />
      </>
    );
  return <Time at={ms} format="relative" />;
}

/** Every table with a stream, busiest first, refreshed every 5 s. */
export function StreamList({ initial }: { initial: StreamSummary[] }) {
  const query = useStreams(initial);
  const streams = query.data ?? initial;
  if (streams.length === 0) {
    return <EmptyState title="No table has a stream">Enable a stream on a DynamoDB table (StreamSpecification) and it appears here.</EmptyState>;
  }
  return (
    <div className="space-y-3">
      {query.error && <ErrorPanel code={query.error instanceof AppError ? query.error.code : undefined} message={query.error.message} />}
      <DataTable
        label="Streams"
        rows={streams}
        rowKey={(s) => s.streamArn}
        columns={[
          {
            header: 'Table',
            cell: (s) => (
              <Link href={`/streams/${encodeURIComponent(s.table)}`} className="font-mono text-sky-700 hover:underline dark:text-sky-400">
                {s.table}
              </Link>
            ),
          },
          { header: 'View type', cell: (s) => s.viewType },
          { header: 'Status', cell: (s) => s.status },
          { header: 'Open shards', cell: (s) => formatCount(s.openShards), align: 'right' },
          { header: 'Closed shards', cell: (s) => formatCount(s.closedShards), align: 'right' },
          { header: 'Events/min', cell: (s) => formatCount(s.eventsPerMinute), align: 'right' },
          { header: 'Last event', cell: (s) => since(s.lastEventAt, s.watchingSince) },
          { header: 'Reader', cell: (s) => <span title={s.tailMessage}>{s.tailState.replace('_', ' ')}</span> },
        ]}
      />
      <p className="text-xs text-slate-500">Events per minute are counted by Eddy’s own tail (one reader per shard) while this list or a live view is open.</p>
    </div>
  );
}
