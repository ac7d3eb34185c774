import { TableList } from '@/components/streams/table-list';
import { PageHeader } from '@/components/ui/page-header';
import { ResultView } from '@/components/ui/result-view';
import { settle } from '@/server/data/settle';
import { listTables } from '@/server/data/streams';

export const metadata = { title: 'Streams' };

export default async function StreamsPage() {
  const result = await settle(listTables());
  return (
    <>
      <PageHeader title="Streams" description="DynamoDB tables and their streams: what each stream carries (its view type) and the table behind it." />
      <ResultView result={result}>{(tables) => <TableList tables={tables} />}</ResultView>
    </>
  );
}
