import { RedriveList } from '@/components/redrives/redrive-list';
import { PageHeader } from '@/components/ui/page-header';
import { ResultView } from '@/components/ui/result-view';
import { getRedriveOverview } from '@/server/data/redrives';
import { settle } from '@/server/data/settle';

export const metadata = { title: 'Redrives' };

export default async function RedrivesPage() {
  const result = await settle(getRedriveOverview());
  return (
    <>
      <PageHeader title="Redrives" description="Message move tasks that put dead letters back, running and recent, across every dead-letter queue." />
      <ResultView result={result}>{(view) => <RedriveList initial={view} />}</ResultView>
    </>
  );
}
