import { TopicsView } from '@/components/topics/topics-view';
import { PageHeader } from '@/components/ui/page-header';
import { ResultView } from '@/components/ui/result-view';
import { getTopicsOverview } from '@/server/data/flow';
import { settle } from '@/server/data/settle';

export const metadata = { title: 'Topics' };
export const dynamic = 'force-dynamic';

export default async function TopicsPage() {
  const result = await settle(getTopicsOverview());
  return (
    <>
      <PageHeader title="Topics" description="SNS topics, the queues and functions they fan out to, their filter policies and dead-letter queues, and AWS/SNS figures." />
      <ResultView result={result}>{(view) => <TopicsView initial={view} />}</ResultView>
    </>
  );
}
