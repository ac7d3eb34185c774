'use client';

import { useAuditLog } from '@/lib/queries/queues';
import type { AuditAction, AuditEntry } from '@/lib/types/audit';
import { DataTable } from '../ui/data-table';
import { EmptyState } from '../ui/empty-state';
import { Time } from '../ui/time';

const outcomeTone: Record<AuditEntry['outcome'], string> = {
  started: 'text-sky-700 dark:text-sky-300',
  succeeded: 'text-emerald-700 dark:text-emerald-400',
  failed: 'text-rose-700 dark:text-rose-400',
  refused: 'text-amber-700 dark:text-amber-300',
  cancelled: 'text-slate-600 dark:text-slate-400',
};

/**
 * Actions as the user chose them in the UI. A canary is the first step of "redrive all" (a few
 * messages first, the rest once they come back), so it is recorded under that name (and old
 * `canary` records are read as such: server/redrive/audit.ts).
 */
const actionText: Record<AuditAction, string> = {
  'redrive-all': 'redrive all',
  'redrive-selected': 'redrive selected',
  'cancel-redrive': 'cancel redrive',
  purge: 'purge',
  'edit-resend': 'edit and resend',
};

/** The audit log, newest first, refreshed while open. */
export function AuditLogView({ entries, file }: { entries: AuditEntry[]; file: string }) {
  const { data } = useAuditLog(entries);
  const rows = data ?? entries;
  if (rows.length === 0) {
    return <EmptyState title="No mutations recorded yet">Every redrive, purge and cancellation made through Eddy is appended to {file}.</EmptyState>;
  }
  return (
    <DataTable
      label="Audit log"
      rows={rows}
      rowKey={(e) => e.id}
      columns={[
        { header: 'When', cell: (e) => <Time at={e.at} /> },
        { header: 'Who', cell: (e) => e.actor },
        { header: 'What', cell: (e) => actionText[e.action as AuditAction] ?? e.action },
        { header: 'Queues', cell: (e) => <span className="font-mono text-xs">{e.queues.join(', ')}</span> },
        { header: 'Outcome', cell: (e) => <span className={outcomeTone[e.outcome]}>{e.outcome}</span> },
        { header: 'Detail', cell: (e) => <span className="whitespace-pre-line">{e.detail ?? ''}</span> },
      ]}
    />
  );
}
