import { FlowDashboard } from '@/components/flow/flow-dashboard';
import { PageHeader } from '@/components/ui/page-header';
import { ResultView } from '@/components/ui/result-view';
import { getFlow } from '@/server/data/flow';
import { settle } from '@/server/data/settle';

export const dynamic = 'force-dynamic';

export default async function OverviewPage() {
  const result = await settle(getFlow());
  return (
    <>
      <PageHeader
        title="Overview"
        description="Is the event flow healthy, and where is it stuck? Discovered from your AWS configuration alone: streams, consumers, queues and dead-letter queues, with their live figures."
      />
      <ResultView result={result}>{(flow) => <FlowDashboard initial={flow} />}</ResultView>
    </>
  );
}
