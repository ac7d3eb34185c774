import { AccessView } from '@/components/access/access-view';
import { PageHeader } from '@/components/ui/page-header';
import { ResultView } from '@/components/ui/result-view';
import { getAccessReport } from '@/server/data/access';
import { actionRefusal } from '@/server/data/auth';
import { settle } from '@/server/data/settle';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Access' };

export default async function AccessPage() {
  const [result, checkRefused] = await Promise.all([settle(getAccessReport()), actionRefusal()]);
  return (
    <>
      <PageHeader
        title="Access"
        description="Every AWS action Eddy uses, by feature, with what Eddy's own calls returned — and the least-privilege IAM policy for the resources in view."
      />
      {/* Its wide tables scroll inside the content on a narrow screen, never the page sideways. */}
      <div className="relative min-w-0 overflow-x-auto">
        <ResultView result={result}>{(report) => <AccessView initial={report} checkRefused={checkRefused} />}</ResultView>
      </div>
    </>
  );
}
