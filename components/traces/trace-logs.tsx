import Link from '@/components/ui/env-link';
import type { Trace } from '@/lib/types/traces';
import { LogLineList } from '../logs/log-line-list';
import { Card } from '../ui/card';

const enc = encodeURIComponent;

/** "Why it failed": the consumer's error lines that name this message, from its CloudWatch Logs. */
export function TraceLogsSection({ trace }: { trace: Trace }) {
  const logs = trace.logs;
  // A server component renders once per request and is never hydrated: reading the clock here is
  // safe. The link's range reaches back from now to the start of the window the lines came from.
  // eslint-disable-next-line react-hooks/purity
  const now = Date.now();
  const title = logs ? `Error lines from ${logs.functionName}’s logs (${logs.errors.length})` : 'Error lines from the logs';
  const filter = logs?.requestIds[0] ? `"${logs.requestIds[0]}"` : `"${trace.message.messageId}"`;
  return (
    <Card title={title}>
      <section aria-label="Error lines from the logs" className="space-y-2">
        {logs && logs.errors.length > 0 && <LogLineList lines={logs.errors} label="Error log lines" />}
        {trace.logsNote && <p className="text-sm text-slate-600 dark:text-slate-400">{trace.logsNote}</p>}
        {logs && (
          <p className="text-xs text-slate-500">
            From {logs.logGroup}, matched on {logs.matchedOn.slice(0, 4).join(', ')}
            {logs.matchedOn.length > 4 ? ` and ${logs.matchedOn.length - 4} more` : ''}. {logs.note.status === 'capped' ? logs.note.message : ''}{' '}
            <Link className="text-sky-700 hover:underline dark:text-sky-300" href={`/functions/${enc(logs.functionName)}?logFilter=${enc(filter)}&logMinutes=${Math.min(10_080, Math.max(15, Math.ceil((now - logs.window.start) / 60_000)))}`}>
              Open the function’s logs
            </Link>
          </p>
        )}
      </section>
    </Card>
  );
}
