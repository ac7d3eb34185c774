import { after } from 'next/server';
import { QueueTable } from '@/components/queues/queue-table';
import { PageHeader } from '@/components/ui/page-header';
import { ResultView } from '@/components/ui/result-view';
import { getQueuesFirstPaint, startQueueFiguresRefresh } from '@/server/data/queues';
import { settle } from '@/server/data/settle';

export const metadata = { title: 'Queues' };

/**
 * No loading skeleton and no Suspense boundary: the page waits only for ListQueues, so the names
 * come in the first flush of HTML and show as it is parsed, not when a streamed boundary is
 * revealed by script behind the bundles' evaluation. With names only, the figures' refresh
 * starts once the response is sent (`after`), not while the names are rendered.
 */
export default async function QueuesPage() {
  const result = await settle(getQueuesFirstPaint());
  if (result.ok && result.value.kind === 'names') {
    const { listedAt } = result.value;
    after(() => startQueueFiguresRefresh(listedAt));
  }
  return (
    <>
      <PageHeader title="Queues" description="Every SQS queue, the biggest backlog first: where its dead letters go, how its depth moves and when it drains." />
      <ResultView result={result}>{(first) => <QueueTable first={first} />}</ResultView>
    </>
  );
}
