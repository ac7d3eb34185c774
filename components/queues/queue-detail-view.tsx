'use client';

import Link from '@/components/ui/env-link';
import { Suspense, useState, type ReactNode } from 'react';
import { AppError } from '@/lib/errors';
import { lagRangeSchema } from '@/lib/lag/ranges';
import { formatCount, formatDuration } from '@/lib/format';
import { describeForecast } from '@/lib/queues/forecast';
import { afterReceives, describeQueueSettings } from '@/lib/queues/settings';
import { useQueue, useQueues } from '@/lib/queries/queues';
import type { MutationPolicy, QueueDetail } from '@/lib/types/queues';
import { MutationGate } from '../redrive/mutation-gate';
import { RedrivePanel } from '../redrive/redrive-panel';
import { Card } from '../ui/card';
import { ErrorPanel } from '../ui/error-panel';
import { Time } from '../ui/time';
import { Unknown } from '../ui/unknown';
import { FailureApartPanel } from './failure-apart-panel';
import { MessageBrowser } from './message-browser';
import { OldestAgeSource, OldestAgeText } from './oldest-age';
import { QueueCharts } from './queue-charts';
import { useViewParams } from './use-view-params';

function Stat({ label, value, testId, note }: { label: string; value: ReactNode; testId?: string; note?: ReactNode }) {
  return (
    <div className="rounded-lg border border-slate-200 bg-white px-4 py-3 dark:border-slate-800 dark:bg-slate-900">
      <p className="text-xs uppercase tracking-wide text-slate-500">{label}</p>
      <p data-testid={testId} className="text-xl font-semibold tabular-nums">
        {value}
      </p>
      {note && <p className="mt-0.5 truncate text-xs text-slate-500 dark:text-slate-400">{note}</p>}
    </div>
  );
}

/** A queue's page: figures, charts, dead-letter wiring, settings, its messages and its redrive. */
export function QueueDetailView({ initial, policy }: { initial: QueueDetail; policy: MutationPolicy }) {
  const { params, setParams } = useViewParams();
  const minutes = lagRangeSchema.parse(params.get('minutes') ?? undefined);
  const { data, error, isPlaceholderData } = useQueue(initial.queue.name, initial, minutes);
  // The failure-apart scan waits for the browse below: it then reads the messages the browse just
  // received instead of receiving them again (each receive raises their ApproximateReceiveCount).
  const [browseSettled, setBrowseSettled] = useState(false);
  const queues = useQueues();
  const detail = data ?? initial;
  const q = detail.queue;
  const queueNames = (queues.data?.queues ?? []).map((x) => x.name).sort();
  const count = (n: number | undefined) => (n === undefined ? <Unknown reason={q.countsUnknownReason ?? 'SQS did not return this count.'} /> : formatCount(n));
  if (error instanceof AppError && error.code === 'not_found') {
    return <ErrorPanel code="not_found" message={`${q.name} no longer exists: it was deleted while this page was open. Nothing Eddy holds was lost; go back to the queue list.`} />;
  }
  return (
    <div className="space-y-6">
      {error && <ErrorPanel code={error instanceof AppError ? error.code : undefined} message={`Showing earlier figures: ${error.message}`} />}
      <div className="grid grid-cols-2 gap-3 md:grid-cols-5">
        <Stat label="Visible" value={count(q.visible)} testId="queue-visible" />
        <Stat label="In flight" value={count(q.inFlight)} />
        <Stat label="Delayed" value={count(q.delayed)} />
        <Stat label="Oldest message" value={<OldestAgeText age={q.oldestAge} />} note={<OldestAgeSource age={q.oldestAge} />} />
        <Stat label="Forecast" value={describeForecast(q.forecast)} />
      </div>
      <Card title="Dead-letter wiring">
        <div className="space-y-1 text-sm">
          <p>
            {q.fifo ? 'FIFO' : 'Standard'} queue · retention {formatDuration(q.retentionSeconds)} · visibility timeout {formatDuration(q.visibilityTimeoutSeconds)}
          </p>
          {detail.deadLetterQueue && (
            <p>
              Dead letters go to{' '}
              <Link className="font-mono text-sky-700 hover:underline dark:text-sky-300" href={`/queues/${encodeURIComponent(detail.deadLetterQueue.name)}`}>
                {detail.deadLetterQueue.name}
              </Link>{' '}
              {afterReceives(detail.deadLetterQueue.maxReceiveCount)}.
            </p>
          )}
          {detail.sources.length > 0 && (
            <p>
              Dead-letter queue of{' '}
              {detail.sources.map((s, i) => (
                <span key={s.name}>
                  {i > 0 && ', '}
                  <Link className="font-mono text-sky-700 hover:underline dark:text-sky-300" href={`/queues/${encodeURIComponent(s.name)}`}>
                    {s.name}
                  </Link>
                </span>
              ))}
              .
            </p>
          )}
          {q.failureDestinationOf.length > 0 && <p>Lambda on-failure destination of {q.failureDestinationOf.join(', ')}.</p>}
          {detail.retentionWarning && <p className="text-amber-800 dark:text-amber-200">{detail.retentionWarning}</p>}
        </div>
      </Card>
      <QueueCharts detail={detail} minutes={minutes} onMinutesChange={(m) => setParams({ minutes: String(m) })} loading={isPlaceholderData} />
      <MutationGate policy={policy}>
        {(guard, readOnly) => (
          <>
            {(q.role === 'dlq' || q.failureDestinationOf.length > 0) && <RedrivePanel detail={detail} queueNames={queueNames} guard={guard} readOnly={readOnly} />}
            {(q.role === 'dlq' || q.failureDestinationOf.length > 0) && (
              <Card title="What sets these failures apart">
                <Suspense>
                  <FailureApartPanel dlqName={q.name} ready={browseSettled} />
                </Suspense>
              </Card>
            )}
            <Card title="Messages">
              <Suspense>
                <MessageBrowser detail={detail} queueNames={queueNames} guard={guard} readOnly={readOnly} onSettled={() => setBrowseSettled(true)} />
              </Suspense>
            </Card>
          </>
        )}
      </MutationGate>
      <Card title="Settings">
        <dl aria-label="Queue settings" className="grid gap-x-6 gap-y-1 text-sm md:grid-cols-2">
          {describeQueueSettings(detail.attributes).map((setting) => (
            <div key={setting.key} className="flex justify-between gap-3 border-b border-slate-100 py-1 dark:border-slate-800">
              <dt className="text-slate-500" title={setting.key}>
                {setting.label}
              </dt>
              <dd className={`break-all text-right ${setting.key === 'QueueArn' ? 'font-mono text-xs' : ''}`} title={`${setting.key} = ${setting.raw}`}>
                {setting.kind === 'time' ? <Time at={setting.at} /> : setting.text}
              </dd>
            </div>
          ))}
        </dl>
      </Card>
    </div>
  );
}
