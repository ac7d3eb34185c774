import type { LogLine } from '@/lib/types/logs';
import { Time } from '../ui/time';
import { Unknown } from '../ui/unknown';

const kindText: Record<LogLine['kind'], string> = { start: 'START', end: 'END', report: 'REPORT', app: '' };

/** Log events as text (never HTML), with their times; error lines stand out. */
export function LogLineList({ lines, label }: { lines: LogLine[]; label: string }) {
  return (
    <ol aria-label={label} className="divide-y divide-slate-200 rounded border border-slate-200 font-mono text-xs dark:divide-slate-800 dark:border-slate-800">
      {lines.map((line, i) => (
        <li
          key={`${line.timestamp}-${line.stream}-${i}`}
          data-testid="log-line"
          data-error={line.error ? 'true' : 'false'}
          className={`grid grid-cols-[auto_1fr] gap-x-3 px-2 py-1 ${line.error ? 'bg-rose-50 text-rose-950 dark:bg-rose-950/40 dark:text-rose-100' : ''}`}
        >
          {line.timestamp === undefined ? (
            <span className="whitespace-nowrap">
              <Unknown reason="CloudWatch Logs returned this event without its timestamp." />
            </span>
          ) : (
            <Time at={line.timestamp} format="time" milliseconds className="whitespace-nowrap text-slate-500" />
          )}
          <div className="min-w-0">
            {line.error && line.reason && (
              <p className="font-sans text-sm font-semibold" data-testid="log-reason">
                {line.errorType ? `${line.errorType}: ` : ''}
                {line.reason}
              </p>
            )}
            <p className="whitespace-pre-wrap break-all">
              {kindText[line.kind] && <span className="mr-1 font-semibold text-slate-500">{kindText[line.kind]}</span>}
              {line.kind === 'app' ? line.message : line.message.replace(/^(START|END|REPORT) /, '')}
            </p>
          </div>
        </li>
      ))}
    </ol>
  );
}
