import Link from '@/components/ui/env-link';
import type { Gap } from '@/lib/types/access';

/** Renders inline code in a gap's sentence (`sqs:ReceiveMessage`) as code. */
function withCode(message: string) {
  return message.split('`').map((part, i) => (i % 2 === 1 ? <code key={i} className="font-mono text-xs">{part}</code> : part));
}

/**
 * What a page could not show, said in place: one line per missing service or denied action, with
 * a link to /access, where every permission's state is listed.
 */
export function GapNotices({ gaps, label = 'What Eddy could not read' }: { gaps: Gap[]; label?: string }) {
  if (gaps.length === 0) return null;
  return (
    <div role="status" aria-label={label} data-testid="gaps" className="space-y-1 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-950 dark:border-amber-800 dark:bg-amber-950/40 dark:text-amber-100">
      {gaps.map((g) => (
        <p key={`${g.action}:${g.message}`} data-state={g.state}>
          {withCode(g.message)}
        </p>
      ))}
      <p className="text-xs">
        <Link href="/access" className="underline">
          Permissions and services Eddy uses
        </Link>
      </p>
    </div>
  );
}
