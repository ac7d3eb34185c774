import { notFoundIfMissing } from '@/components/ui/not-found';
import { settle } from '@/server/data/settle';
import { assertTableExists } from '@/server/data/streams';

/** Answers 404 for a table that does not exist (one without a stream is still a page), before the page streams. */
export default async function TableLayout({ children, params }: { children: React.ReactNode; params: Promise<{ table: string }> }) {
  notFoundIfMissing(await settle(assertTableExists(decodeURIComponent((await params).table))));
  return children;
}
