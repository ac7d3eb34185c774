import { notFoundIfMissing } from '@/components/ui/not-found';
import { assertQueueExists } from '@/server/data/queues';
import { settle } from '@/server/data/settle';

/**
 * Answers 404 when the trace's queue does not exist, before the page streams. A message no longer
 * in it is said by the trace itself: it may have been redriven a moment ago.
 */
export default async function TraceQueueLayout({ children, params }: { children: React.ReactNode; params: Promise<{ queue: string }> }) {
  notFoundIfMissing(await settle(assertQueueExists(decodeURIComponent((await params).queue))));
  return children;
}
