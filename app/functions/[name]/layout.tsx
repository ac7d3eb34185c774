import { notFoundIfMissing } from '@/components/ui/not-found';
import { assertFunctionExists } from '@/server/data/functions';
import { settle } from '@/server/data/settle';

/** Answers 404 for a name that is neither a function nor a declared consumer, before the page streams. */
export default async function FunctionLayout({ children, params }: { children: React.ReactNode; params: Promise<{ name: string }> }) {
  notFoundIfMissing(await settle(assertFunctionExists(decodeURIComponent((await params).name))));
  return children;
}
