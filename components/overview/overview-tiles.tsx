import Link from 'next/link';
import { formatCount } from '@/lib/format';

export interface OverviewTilesProps {
  tables: number;
  streams: number;
  queues: number;
  dlqs: number;
  deadLetters: number;
  functions: number;
  dlqsWithMessages: { name: string; messages: number }[];
}

function Tile({ label, value, href, tone = 'plain' }: { label: string; value: number; href?: string; tone?: 'plain' | 'bad' }) {
  const body = (
    <>
      <p className="text-sm text-slate-600 dark:text-slate-400">{label}</p>
      <p className={`mt-1 text-3xl font-semibold tabular-nums ${tone === 'bad' && value > 0 ? 'text-rose-600 dark:text-rose-400' : ''}`}>{formatCount(value)}</p>
    </>
  );
  const className = 'rounded-lg border border-slate-200 bg-white p-4 shadow-sm dark:border-slate-800 dark:bg-slate-900';
  if (!href) return <div className={className}>{body}</div>;
  return (
    <Link href={href} className={`${className} hover:border-sky-400`}>
      {body}
    </Link>
  );
}

/** The account at a glance: what Eddy sees and how many dead letters wait. */
export function OverviewTiles(props: OverviewTilesProps) {
  return (
    <div className="space-y-6">
      <div className="grid grid-cols-2 gap-4 md:grid-cols-3 xl:grid-cols-6">
        <Tile label="Dead letters" value={props.deadLetters} href="/queues" tone="bad" />
        <Tile label="Streams" value={props.streams} href="/streams" />
        <Tile label="Tables" value={props.tables} href="/streams" />
        <Tile label="Queues" value={props.queues} href="/queues" />
        <Tile label="Dead-letter queues" value={props.dlqs} href="/queues" />
        <Tile label="Functions" value={props.functions} />
      </div>
      <section aria-labelledby="dlq-heading">
        <h2 id="dlq-heading" className="mb-2 text-sm font-semibold">
          Dead-letter queues holding messages
        </h2>
        {props.dlqsWithMessages.length === 0 ? (
          <p className="text-sm text-slate-600 dark:text-slate-400">No dead letters. Nothing has failed for good.</p>
        ) : (
          <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white dark:divide-slate-800 dark:border-slate-800 dark:bg-slate-900">
            {props.dlqsWithMessages.map((q) => (
              <li key={q.name} className="flex items-center justify-between px-4 py-2 text-sm">
                <span className="font-mono">{q.name}</span>
                <span className="tabular-nums text-rose-600 dark:text-rose-400">{formatCount(q.messages)} {q.messages === 1 ? 'message' : 'messages'}</span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
