import { FunctionDetailView } from '@/components/flow/function-detail-view';
import { PageHeader } from '@/components/ui/page-header';
import { ResultView } from '@/components/ui/result-view';
import { lagRangeSchema } from '@/lib/lag/ranges';
import { getFunctionDetail } from '@/server/data/functions';
import { settle } from '@/server/data/settle';

export const dynamic = 'force-dynamic';

export async function generateMetadata({ params }: { params: Promise<{ name: string }> }) {
  return { title: decodeURIComponent((await params).name) };
}

export default async function FunctionPage({ params, searchParams }: { params: Promise<{ name: string }>; searchParams: Promise<{ minutes?: string }> }) {
  const name = decodeURIComponent((await params).name);
  const minutes = lagRangeSchema.parse((await searchParams).minutes);
  const result = await settle(getFunctionDetail(name));
  return (
    <>
      <PageHeader title={name} description="A consumer: the event source mappings that invoke it, where its environment sends events, and how far behind it runs." />
      <ResultView result={result}>{(detail) => <FunctionDetailView detail={detail} minutes={minutes} />}</ResultView>
    </>
  );
}
