import type { Connection } from '@/lib/types/health';
import { ConnectionIndicator } from './connection-indicator';
import { EnvironmentSwitcher } from './environment-switcher';

/** How this Eddy admits people (server/data/auth.ts `describeAccess`). */
export type HeaderAccess = { mode: 'sign-in'; email: string; role: 'viewer' | 'operator' } | { mode: 'open' } | { mode: 'token' } | { mode: 'read-only'; reason: string };

const ACCESS_WORDS: Record<'open' | 'token', { label: string; title: string }> = {
  open: { label: 'No sign-in · open on this machine', title: 'Eddy listens on loopback only and has no sign-in: anyone on this machine may read and change.' },
  token: { label: 'No sign-in · changes need the operator token', title: 'Anyone who reaches Eddy may read; changes need EDDY_OPERATOR_TOKEN.' },
};

function Access({ access }: { access: HeaderAccess }) {
  if (access.mode === 'sign-in') {
    return (
      <div className="flex items-center gap-2 text-xs text-slate-600 dark:text-slate-400" aria-label="Signed in">
        <span>
          {access.email} · <span className="font-medium">{access.role}</span>
        </span>
        <form method="post" action="/auth/signout">
          <button type="submit" className="rounded-md border border-slate-300 px-2 py-0.5 hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800">
            Sign out
          </button>
        </form>
      </div>
    );
  }
  if (access.mode === 'read-only') return null;
  const words = ACCESS_WORDS[access.mode];
  return (
    <span className="text-xs text-slate-500 dark:text-slate-400" title={words.title}>
      {words.label}
    </span>
  );
}

export function Header({ connection, access }: { connection: Connection; access: HeaderAccess }) {
  return (
    <header className="flex flex-wrap items-center justify-between gap-x-4 gap-y-2 border-b border-slate-200 bg-white px-4 py-3 md:px-6 dark:border-slate-800 dark:bg-slate-900">
      <p className="text-sm text-slate-600 dark:text-slate-400">DynamoDB Streams → consumers → SQS → dead letters, live.</p>
      <div className="flex items-center gap-3">
        <EnvironmentSwitcher />
        <Access access={access} />
        {connection.readOnly && (
          <span className="rounded-full bg-amber-100 px-2.5 py-0.5 text-xs font-medium text-amber-900 dark:bg-amber-900/40 dark:text-amber-100" title={
              access.mode === 'sign-in'
                ? 'Redrives, cancellations and purges are disabled: your role is viewer (operators are listed in EDDY_OPERATORS), or EDDY_READ_ONLY is set'
                : 'Redrives, cancellations and purges are disabled: EDDY_READ_ONLY is set, or Eddy listens beyond this machine without EDDY_OPERATOR_TOKEN'
            }>
            Read-only
          </span>
        )}
        <ConnectionIndicator connection={connection} />
      </div>
    </header>
  );
}
