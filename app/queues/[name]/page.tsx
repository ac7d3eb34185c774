import Link from 'next/link';
import { QueueDetailView } from '@/components/queues/queue-detail-view';
import { notFoundIfMissing } from '@/components/ui/not-found';
import { PageHeader } from '@/components/ui/page-header';
import { lagRangeSchema } from '@/lib/lag/ranges';
import { ResultView } from '@/components/ui/result-view';
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
      <ResultView result={result}>{(detail) => <QueueDetailView initial={detail} policy={getMutationPolicy()} />}</ResultView>
    </>
  );
}
