import { Suspense } from 'react';
import { QueueTable } from '@/components/queues/queue-table';
import { PageHeader } from '@/components/ui/page-header';
import { ResultView } from '@/components/ui/result-view';
import { getQueuesFirstPaint } from '@/server/data/queues';
import { settle } from '@/server/data/settle';

export const metadata = { title: 'Queues' };

export default async function QueuesPage() {
  const result = await settle(getQueuesFirstPaint());
  return (
    <>
      <PageHeader title="Queues" description="Every SQS queue, the biggest backlog first: where its dead letters go, how its depth moves and when it drains." />
      <ResultView result={result}>
        {(first) => (
          <Suspense>
            <QueueTable first={first} />
          </Suspense>
        )}
      </ResultView>
    </>
  );
}
