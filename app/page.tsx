import { OverviewTiles } from '@/components/overview/overview-tiles';
import { PageHeader } from '@/components/ui/page-header';
import { ResultView } from '@/components/ui/result-view';
import { getOverview } from '@/server/data/overview';
import { settle } from '@/server/data/settle';

export default async function OverviewPage() {
  const result = await settle(getOverview());
  return (
    <>
      <PageHeader title="Overview" description="Your tables' streams, the queues they feed and the dead letters that wait, as AWS reports them now." />
      <ResultView result={result}>{(overview) => <OverviewTiles {...overview} />}</ResultView>
    </>
  );
}
