import Link from '@/components/ui/env-link';
import { NeedsAttention } from '@/components/overview/needs-attention';
import { QueueDetailView } from '@/components/queues/queue-detail-view';
import { notFoundIfMissing } from '@/components/ui/not-found';
import { PageHeader } from '@/components/ui/page-header';
import { lagRangeSchema } from '@/lib/lag/ranges';
import { ResultView } from '@/components/ui/result-view';
import { getQueueFindings } from '@/server/data/health';
import { getQueueDetail } from '@/server/data/queues';
import { getMutationPolicy } from '@/server/data/redrives';
import { settle } from '@/server/data/settle';

export async function generateMetadata({ params }: { params: Promise<{ name: string }> }) {
  return { title: decodeURIComponent((await params).name) };
}

export default async function QueuePage({ params, searchParams }: { params: Promise<{ name: string }>; searchParams: Promise<{ minutes?: string }> }) {
  const name = decodeURIComponent((await params).name);
  const result = await settle(getQueueDetail(name, lagRangeSchema.parse((await searchParams).minutes)));
  notFoundIfMissing(result);
  const policy = await getMutationPolicy();
  // The health engine's verdict on this queue, as the graph and the home page show it.
  const findings = getQueueFindings(name);
  return (
    <>
      <PageHeader
        title={name}
        description={
          <Link href="/queues" className="text-sky-700 hover:underline dark:text-sky-300">
            ← All queues
          </Link>
        }
      />
      {findings.length > 0 && (
        <div className="mb-4">
          <NeedsAttention findings={findings} />
        </div>
      )}
      <ResultView result={result}>{(detail) => <QueueDetailView initial={detail} policy={policy} />}</ResultView>
    </>
  );
}
