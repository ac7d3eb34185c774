import type { Connection } from '@/lib/types/health';
import { ConnectionIndicator } from './connection-indicator';

export function Header({ connection }: { connection: Connection }) {
  return (
    <header className="flex flex-wrap items-center justify-between gap-x-4 gap-y-2 border-b border-slate-200 bg-white px-4 py-3 md:px-6 dark:border-slate-800 dark:bg-slate-900">
      <p className="text-sm text-slate-600 dark:text-slate-400">DynamoDB Streams → consumers → SQS → dead letters, live.</p>
      <div className="flex items-center gap-3">
        {connection.readOnly && (
          <span className="rounded-full bg-amber-100 px-2.5 py-0.5 text-xs font-medium text-amber-900 dark:bg-amber-900/40 dark:text-amber-100" title="Redrives, cancellations and purges are disabled: EDDY_READ_ONLY is set, or Eddy listens beyond this machine without EDDY_OPERATOR_TOKEN">
            Read-only
          </span>
        )}
        <ConnectionIndicator connection={connection} />
      </div>
    </header>
  );
}
