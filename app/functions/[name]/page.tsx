import { FunctionDetailView } from '@/components/flow/function-detail-view';
import { FunctionLogView } from '@/components/logs/function-log-view';
import { notFoundIfMissing } from '@/components/ui/not-found';
import { PageHeader } from '@/components/ui/page-header';
import { ResultView } from '@/components/ui/result-view';
import { lagRangeSchema } from '@/lib/lag/ranges';
import { functionLogQuerySchema } from '@/lib/types/logs';
import { getFunctionDetail } from '@/server/data/functions';
import { settle } from '@/server/data/settle';

export const dynamic = 'force-dynamic';

export async function generateMetadata({ params }: { params: Promise<{ name: string }> }) {
  return { title: decodeURIComponent((await params).name) };
}

export default async function FunctionPage({ params, searchParams }: { params: Promise<{ name: string }>; searchParams: Promise<{ minutes?: string; logFilter?: string; logMinutes?: string }> }) {
  const name = decodeURIComponent((await params).name);
  const search = await searchParams;
  const minutes = lagRangeSchema.parse(search.minutes);
  const logs = functionLogQuerySchema.safeParse({ filter: search.logFilter ?? '', minutes: search.logMinutes ?? 15 });
  const logQuery = logs.success ? logs.data : { filter: '', minutes: 15 };
  const result = await settle(getFunctionDetail(name));
  notFoundIfMissing(result);
  return (
    <>
      <PageHeader title={name} description="A consumer: the event source mappings that invoke it, where its environment sends events, and how far behind it runs." />
      <ResultView result={result}>
        {(detail) => (
          <div className="space-y-5">
            <FunctionDetailView detail={detail} minutes={minutes} />
            {detail.kind === 'function' && <FunctionLogView name={name} filter={logQuery.filter} minutes={logQuery.minutes} />}
          </div>
        )}
      </ResultView>
    </>
  );
}
