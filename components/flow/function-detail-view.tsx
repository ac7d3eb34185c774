'use client';

import Link from '@/components/ui/env-link';
import { usePathname, useRouter } from 'next/navigation';
import { useEnvironmentUrl } from '@/components/layout/environment';
import { FunctionLagPanel } from '@/components/lag/function-lag-panel';
import { QueueLagChart } from '@/components/lag/queue-lag-chart';
import { NeedsAttention } from '@/components/overview/needs-attention';
import { DataTable } from '@/components/ui/data-table';
import { HEALTH_LABEL } from '@/lib/flow/labels';
import type { LagRangeMinutes } from '@/lib/lag/ranges';
import { GapNotices } from '@/components/ui/gap-notices';
import type { FunctionDetail, FunctionMapping } from '@/lib/types/flow';

const healthText = { ok: 'text-emerald-700 dark:text-emerald-400', lagging: 'text-amber-700 dark:text-amber-400', failing: 'text-rose-700 dark:text-rose-400' } as const;

function retries(m: FunctionMapping): string {
  if (m.sourceKind !== 'stream') return 'queue’s redrive policy';
  const n = m.maximumRetryAttempts ?? -1;
  return n === -1 ? 'until the record expires' : String(n);
}

/** A consumer's page: its mappings, environment links, findings and lag charts. */
export function FunctionDetailView({ detail, minutes }: { detail: FunctionDetail; minutes: LagRangeMinutes }) {
  const router = useRouter();
  // In the page's environment whether or not Next reports the URL before the proxy's rewrite.
  const inEnvironment = useEnvironmentUrl();
  const pathname = inEnvironment(usePathname());
  const setMinutes = (m: LagRangeMinutes) => router.replace(`${pathname}?minutes=${m}`, { scroll: false });
  return (
    <div className="space-y-6">
      <GapNotices gaps={detail.gaps ?? []} />
      <dl className="grid grid-cols-1 gap-x-6 gap-y-1 text-sm sm:grid-cols-[max-content_1fr]">
        <dt className="text-slate-500">Kind</dt>
        <dd>{detail.kind === 'function' ? 'Lambda function' : 'Worker declared in eddy.config.json (not a Lambda function)'}</dd>
        {detail.arn && (
          <>
            <dt className="text-slate-500">ARN</dt>
            <dd className="break-all font-mono text-xs">{detail.arn}</dd>
          </>
        )}
        {detail.runtime && (
          <>
            <dt className="text-slate-500">Runtime</dt>
            <dd>{detail.runtime}</dd>
          </>
        )}
        {detail.description && (
          <>
            <dt className="text-slate-500">Description</dt>
            <dd>{detail.description}</dd>
          </>
        )}
      </dl>

      <section aria-labelledby="mappings-heading" className="space-y-2">
        <h2 id="mappings-heading" className="text-sm font-semibold">
          Event source mappings
        </h2>
        {detail.mappings.length === 0 ? (
          <p className="text-sm text-slate-600 dark:text-slate-400">No event source mapping invokes this {detail.kind === 'function' ? 'function' : 'consumer'}.</p>
        ) : (
          <DataTable
            label="Event source mappings"
            rows={detail.mappings}
            rowKey={(m) => m.uuid}
            columns={[
              {
                header: 'Source',
                cell: (m) =>
                  m.source.href ? (
                    <Link href={m.source.href} className="font-mono text-sky-700 hover:underline dark:text-sky-400">
                      {m.source.kind === 'table' ? `${m.source.name} (stream)` : m.source.name}
                    </Link>
                  ) : (
                    <span className="break-all font-mono text-xs">{m.source.name}</span>
                  ),
              },
              { header: 'State', cell: (m) => m.state },
              {
                header: 'Health',
                cell: (m) => (
                  <span className={healthText[m.health]} title={m.healthReason}>
                    {HEALTH_LABEL[m.health]}
                  </span>
                ),
              },
              { header: 'Last result', cell: (m) => m.lastProcessingResult ?? '—' },
              { header: 'Batch', align: 'right', cell: (m) => m.batchSize ?? '—' },
              { header: 'Retries', cell: retries },
              { header: 'Bisect', cell: (m) => (m.sourceKind === 'stream' ? (m.bisectOnError ? 'yes' : 'no') : '—') },
              {
                header: 'On failure',
                cell: (m) =>
                  m.onFailure ? (
                    <Link href={m.onFailure.href} className="font-mono text-sky-700 hover:underline dark:text-sky-400">
                      {m.onFailure.name}
                    </Link>
                  ) : (
                    '—'
                  ),
              },
            ]}
          />
        )}
      </section>

      {(detail.environmentLinks.length > 0 || detail.declared) && (
        <section aria-labelledby="writes-heading" className="space-y-2">
          <h2 id="writes-heading" className="text-sm font-semibold">
            Sends to
          </h2>
          <ul className="space-y-1 text-sm">
            {detail.environmentLinks.map((l) => (
              <li key={`${l.variable}-${l.kind}`}>
                <span className="font-mono text-xs text-slate-500">{l.variable}</span> names {l.kind}{' '}
                <Link href={l.href} className="font-mono text-sky-700 hover:underline dark:text-sky-400">
                  {l.name}
                </Link>
              </li>
            ))}
            {detail.declared?.reads.map((r) => <li key={`r-${r}`}>reads {r} (declared)</li>)}
            {detail.declared?.writes.map((w) => <li key={`w-${w}`}>writes {w} (declared)</li>)}
          </ul>
          {detail.otherVariables > 0 && (
            <p className="text-xs text-slate-500">
              {detail.otherVariables} other environment {detail.otherVariables === 1 ? 'variable names' : 'variables name'} no known queue or table; their values are not shown, as they may be secrets.
            </p>
          )}
        </section>
      )}

      {detail.findings.length > 0 && <NeedsAttention findings={detail.findings} />}

      {detail.kind === 'function' && <FunctionLagPanel name={detail.name} minutes={minutes} onMinutesChange={setMinutes} />}

      {detail.mappings
        .filter((m) => m.source.kind === 'queue')
        .map((m) => (
          <section key={m.uuid} aria-labelledby={`backlog-${m.uuid}`} className="space-y-2">
            <h2 id={`backlog-${m.uuid}`} className="text-sm font-semibold">
              Backlog of {m.source.name} <span className="font-normal text-slate-500">(CloudWatch AWS/SQS)</span>
            </h2>
            <QueueLagChart name={m.source.name} minutes={minutes} />
          </section>
        ))}
    </div>
  );
}
