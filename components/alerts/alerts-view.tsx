'use client';

import Link from '@/components/ui/env-link';
import { AppError } from '@/lib/errors';
import { useAlerts } from '@/lib/queries/alerts';
import type { AlertsOverview } from '@/lib/types/alerts';
import { NeedsAttention } from '../overview/needs-attention';
import { Card } from '../ui/card';
import { EmptyState } from '../ui/empty-state';
import { ErrorPanel } from '../ui/error-panel';
import { Time } from '../ui/time';

const statusStyle = {
  open: 'bg-rose-100 text-rose-800 dark:bg-rose-900/50 dark:text-rose-100',
  resolved: 'bg-emerald-100 text-emerald-800 dark:bg-emerald-900/50 dark:text-emerald-100',
  delivered: 'bg-emerald-100 text-emerald-800 dark:bg-emerald-900/50 dark:text-emerald-100',
  pending: 'bg-slate-100 text-slate-700 dark:bg-slate-800 dark:text-slate-200',
  failed: 'bg-rose-100 text-rose-800 dark:bg-rose-900/50 dark:text-rose-100',
} as const;

function Badge({ status }: { status: keyof typeof statusStyle }) {
  return <span className={`rounded px-1.5 py-0.5 text-xs font-semibold ${statusStyle[status]}`}>{status}</span>;
}

/** The health engine at work: what is open, what changed, and whether the webhooks got it. */
export function AlertsView({ initial }: { initial: AlertsOverview }) {
  const { data, error } = useAlerts(initial);
  const view = data ?? initial;
  return (
    <div className="space-y-4">
      {error && <ErrorPanel code={error instanceof AppError ? error.code : undefined} message={`Showing earlier figures: ${error.message}`} />}
      <p className="text-sm text-slate-600 dark:text-slate-400" data-testid="engine-status">
        {view.evaluatedAt ? (
          <>
            Evaluated {view.evaluations} {view.evaluations === 1 ? 'time' : 'times'}, last at <Time at={view.evaluatedAt} format="time" seconds />, every {view.cadence.everySeconds} s.
          </>
        ) : (
          'Not evaluated yet.'
        )}{' '}
        A finding opens after {view.cadence.openAfter} evaluations in a row and closes after {view.cadence.closeAfterSeconds} s clear.
        {view.lastError && (
          <span className="text-rose-700 dark:text-rose-400">
            {' '}
            The last evaluation failed at <Time at={view.lastError.at} format="time" seconds />: {view.lastError.message}
          </span>
        )}
      </p>
      {view.incompleteBecause && view.incompleteBecause.length > 0 && (
        <div data-testid="engine-incomplete" className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950 dark:border-amber-800 dark:bg-amber-950/40 dark:text-amber-100">
          <p>The last evaluation could not see everything, so no finding resolved on it:</p>
          <ul className="mt-1 list-disc pl-5">
            {view.incompleteBecause.map((reason) => (
              <li key={reason}>{reason}</li>
            ))}
          </ul>
        </div>
      )}
      <NeedsAttention findings={view.open} evaluatedAt={view.evaluatedAt} incomplete={(view.incompleteBecause?.length ?? 0) > 0} />
      <Card title="Recent transitions">
        {view.transitions.length === 0 ? (
          <p className="text-sm text-slate-600 dark:text-slate-400">No finding has opened or resolved since Eddy started.</p>
        ) : (
          <ul className="divide-y divide-slate-200 text-sm dark:divide-slate-800" aria-label="Transitions">
            {view.transitions.map((t) => (
              <li key={`${t.status}:${t.rule}:${t.resource.name}:${t.at}`} className="flex flex-wrap items-center gap-2 py-1.5" data-testid="transition" data-status={t.status}>
                <Time at={t.at} format="time" seconds className="tabular-nums text-slate-500" />
                <Badge status={t.status} />
                <Link href={t.resource.href} className="text-sky-700 hover:underline dark:text-sky-400">
                  {t.title}
                </Link>
                <span className="text-xs text-slate-500">
                  {t.severity}, open since <Time at={t.since} format="time" seconds />
                </span>
              </li>
            ))}
          </ul>
        )}
      </Card>
      <Card title="Webhook deliveries">
        {view.webhooks === 0 ? (
          <EmptyState title="No webhook configured">
            Set <code>EDDY_ALERT_WEBHOOK_URL</code> (one or more URLs, comma-separated) and Eddy POSTs each finding that opens or resolves, as JSON with a <code>text</code> that Slack and Teams show.
          </EmptyState>
        ) : view.deliveries.length === 0 ? (
          <p className="text-sm text-slate-600 dark:text-slate-400">
            {view.webhooks} {view.webhooks === 1 ? 'webhook' : 'webhooks'} configured; nothing sent yet.
          </p>
        ) : (
          <ul className="divide-y divide-slate-200 text-sm dark:divide-slate-800" aria-label="Deliveries">
            {view.deliveries.map((d) => (
              <li key={d.id} className="flex flex-wrap items-center gap-2 py-1.5" data-testid="delivery" data-status={d.status}>
                <Time at={d.queuedAt} format="time" seconds className="tabular-nums text-slate-500" />
                <Badge status={d.status} />
                <span>
                  {d.messageStatus}: {d.summary}
                </span>
                <span className="text-xs text-slate-500">
                  to {d.webhook}, {d.attempts} {d.attempts === 1 ? 'attempt' : 'attempts'}
                  {d.lastError && `, last error: ${d.lastError}`}
                </span>
              </li>
            ))}
          </ul>
        )}
      </Card>
    </div>
  );
}
