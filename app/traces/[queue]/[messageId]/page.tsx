import Link from 'next/link';
import { TraceView } from '@/components/traces/trace-view';
import { notFoundIfMissing } from '@/components/ui/not-found';
import { PageHeader } from '@/components/ui/page-header';
import { assertQueueExists } from '@/server/data/queues';
import { getMutationPolicy } from '@/server/data/redrives';
import { settle } from '@/server/data/settle';

export const metadata = { title: 'Trace' };

export default async function TracePage({ params }: { params: Promise<{ queue: string; messageId: string }> }) {
  const { queue, messageId } = await params;
  const name = decodeURIComponent(queue);
  const id = decodeURIComponent(messageId);
  // A queue that does not exist is a 404; a message no longer in it is said by the trace itself
  // (it may have been redriven a moment ago: the page explains, rather than vanish).
  notFoundIfMissing(await settle(assertQueueExists(name)));
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
      <TraceView queue={name} messageId={id} policy={getMutationPolicy()} />
    </>
  );
}
