import Link from '@/components/ui/env-link';
import { formatCount } from '@/lib/format';

/** DLQs holding messages, most first, each a link to its queue page; `unknown`: why they could not be read. */
export function DlqList({ dlqs, unknown }: { dlqs: { name: string; messages: number }[]; unknown?: string }) {
  return (
    <section aria-labelledby="dlq-heading">
      <h2 id="dlq-heading" className="mb-2 text-sm font-semibold">
        Dead-letter queues holding messages
      </h2>
      {dlqs.length === 0 && unknown ? (
        <p className="text-sm text-slate-600 dark:text-slate-400">Unknown: {unknown}.</p>
      ) : dlqs.length === 0 ? (
        <p className="text-sm text-slate-600 dark:text-slate-400">No dead letters. Nothing has failed for good.</p>
      ) : (
        <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white dark:divide-slate-800 dark:border-slate-800 dark:bg-slate-900">
          {dlqs.map((q) => (
            <li key={q.name} className="flex items-center justify-between px-4 py-2 text-sm">
              <Link href={`/queues/${encodeURIComponent(q.name)}`} className="font-mono hover:underline">
                {q.name}
              </Link>
              <span className="tabular-nums text-rose-600 dark:text-rose-400">
                {formatCount(q.messages)} {q.messages === 1 ? 'message' : 'messages'}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
