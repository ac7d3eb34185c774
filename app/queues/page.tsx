import { QueueList } from '@/components/queues/queue-list';
import { PageHeader } from '@/components/ui/page-header';
import { ResultView } from '@/components/ui/result-view';
import { listQueues } from '@/server/data/queues';
import { settle } from '@/server/data/settle';

export const metadata = { title: 'Queues' };

export default async function QueuesPage() {
  const result = await settle(listQueues());
  return (
    <>
      <PageHeader title="Queues" description="Every SQS queue, the biggest backlog first, with where its dead letters go." />
      <ResultView result={result}>{(queues) => <QueueList queues={queues} />}</ResultView>
    </>
  );
}
