import { notFoundIfMissing } from '@/components/ui/not-found';
import { assertQueueExists } from '@/server/data/queues';
import { settle } from '@/server/data/settle';

/** Answers 404 for a queue that does not exist, before the page's loading skeleton streams. */
export default async function QueueLayout({ children, params }: { children: React.ReactNode; params: Promise<{ name: string }> }) {
  notFoundIfMissing(await settle(assertQueueExists(decodeURIComponent((await params).name))));
  return children;
}
