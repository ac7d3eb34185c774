import { Suspense } from 'react';
import { LiveTail } from '@/components/streams/live-tail';
import { OrderingSection } from '@/components/streams/ordering-section';
import { SchemaSection } from '@/components/streams/schema-section';
import { TableIndexes } from '@/components/streams/table-indexes';
import { Card } from '@/components/ui/card';
import { notFoundIfMissing } from '@/components/ui/not-found';
import { PageHeader } from '@/components/ui/page-header';
import { ResultView } from '@/components/ui/result-view';
import { settle } from '@/server/data/settle';
import { getStreamStatus, getTableIndexes } from '@/server/data/streams';

export const dynamic = 'force-dynamic';

export async function generateMetadata({ params }: { params: Promise<{ table: string }> }) {
  const { table } = await params;
  return { title: `${decodeURIComponent(table)} · Streams` };
}

export default async function StreamPage({ params }: { params: Promise<{ table: string }> }) {
  const table = decodeURIComponent((await params).table);
  const [result, indexes] = await Promise.all([settle(getStreamStatus(table)), settle(getTableIndexes(table))]);
  // A table without a stream is still a table (its status says so); only a missing table is a 404.
  notFoundIfMissing(indexes);
  return (
    <>
      <PageHeader title={table} description={result.ok && result.value.viewType ? `Live events of the ${table} stream (${result.value.viewType}).` : `Live events of ${table}.`} />
      <ResultView result={result}>
        {(status) => (
          <Suspense>
            <LiveTail table={table} initialStatus={status} />
          </Suspense>
        )}
      </ResultView>
      <div id="schema" className="mt-6 scroll-mt-4">
        <Card title="Schema">
          <SchemaSection table={table} />
        </Card>
      </div>
      <Card title="Item order" className="mt-6">
        <OrderingSection table={table} keyNames={result.ok ? result.value.keyNames : []} />
      </Card>
      <Card title="Secondary indexes" className="mt-6">
        <ResultView result={indexes}>{(list) => <TableIndexes table={table} indexes={list} />}</ResultView>
      </Card>
    </>
  );
}
