import Link from '@/components/ui/env-link';
import { TraceView } from '@/components/traces/trace-view';
import { PageHeader } from '@/components/ui/page-header';
import { getMutationPolicy } from '@/server/data/redrives';
import { settle } from '@/server/data/settle';
import { getTrace } from '@/server/data/traces';

export const metadata = { title: 'Trace' };

export default async function TracePage({ params }: { params: Promise<{ queue: string; messageId: string }> }) {
  const { queue, messageId } = await params;
  const name = decodeURIComponent(queue);
  const id = decodeURIComponent(messageId);
  // Read on the server like every page: one receive with a short lease per visit.
  const initial = await settle(getTrace(name, id));
  return (
    <>
      <PageHeader
        title={`Trace of ${id}`}
        description={
          <>
            A message of{' '}
            <Link className="font-mono text-sky-700 hover:underline dark:text-sky-300" href={`/queues/${encodeURIComponent(name)}`}>
              {name}
            </Link>
            : where it came from, how often it was tried, what its item looked like, what else failed the same way.
          </>
        }
      />
      <TraceView queue={name} messageId={id} initial={initial} policy={await getMutationPolicy()} />
    </>
  );
}
