import type { TimelineEntry } from '@/lib/types/traces';
import { Time } from '../ui/time';
import { Unknown } from '../ui/unknown';

const dot: Record<TimelineEntry['tone'], string> = {
  neutral: 'bg-slate-400',
  good: 'bg-emerald-500',
  bad: 'bg-rose-500',
  warn: 'bg-amber-500',
};

const qualifier: Record<TimelineEntry['when'], string> = { after: 'after ', before: 'before ', approximate: '≈ ', exact: '' };

/** A message's life, oldest first; stream entries link to the record they show. */
export function TraceTimeline({ entries }: { entries: TimelineEntry[] }) {
  return (
    <ol aria-label="Timeline" className="relative space-y-3 border-l border-slate-200 pl-5 dark:border-slate-700">
      {entries.map((entry) => (
        <li key={entry.id} data-kind={entry.kind} className="relative">
          <span aria-hidden="true" className={`absolute -left-[1.69rem] top-1.5 h-2.5 w-2.5 rounded-full ring-4 ring-white dark:ring-slate-900 ${dot[entry.tone]}`} />
          <div className="flex flex-wrap items-baseline gap-x-2">
            <span className="w-40 shrink-0 font-mono text-xs tabular-nums text-slate-500">
              {entry.at === undefined ? (
                <Unknown reason="The stream record carries no ApproximateCreationDateTime." />
              ) : (
                <>
                  {qualifier[entry.when]}
                  <Time at={entry.at} format="time" />
                </>
              )}
            </span>
            <span className="text-sm font-medium">
              {entry.eventID ? (
                <a href={`#record-${entry.eventID}`} className="hover:underline">
                  {entry.title}
                </a>
              ) : (
                entry.title
              )}
            </span>
          </div>
          {entry.detail && <p className="ml-38 text-xs text-slate-600 dark:text-slate-400">{entry.detail}</p>}
        </li>
      ))}
    </ol>
  );
}
