import { StreamList } from '@/components/streams/stream-list';
import { PageHeader } from '@/components/ui/page-header';
import { ResultView } from '@/components/ui/result-view';
import { settle } from '@/server/data/settle';
import { listStreams } from '@/server/data/streams';

export const metadata = { title: 'Streams' };
export const dynamic = 'force-dynamic';

export default async function StreamsPage() {
  const result = await settle(listStreams());
  return (
    <>
      <PageHeader title="Streams" description="Every DynamoDB table with a stream, busiest first: open a stream to watch its events live, decoded and filterable." />
      <ResultView result={result}>{(streams) => <StreamList initial={streams} />}</ResultView>
    </>
  );
}
