'use client';

import { TimeSeriesChart } from '@/components/charts/time-series-chart';
import { ErrorPanel } from '@/components/ui/error-panel';
import { Skeleton } from '@/components/ui/skeleton';
import { AppError } from '@/lib/errors';
import { formatMs } from '@/lib/flow/labels';
import type { LagRangeMinutes } from '@/lib/lag/ranges';
import { ITERATOR_AGE_LAGGING_MS } from '@/lib/lag/thresholds';
import { useFunctionMetrics } from '@/lib/queries/flow';
import { DataLossClock } from './data-loss-clock';
import { RangeSelector } from './range-selector';

/** A function's lag: the data-loss clock, IteratorAge, Invocations and Errors over a chosen range. */
export function FunctionLagPanel({ name, minutes, onMinutesChange }: { name: string; minutes: LagRangeMinutes; onMinutesChange: (m: LagRangeMinutes) => void }) {
  const metrics = useFunctionMetrics(name, minutes);
  return (
    <section aria-labelledby="lag-heading" className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id="lag-heading" className="text-sm font-semibold">
          Lag and activity <span className="font-normal text-slate-500">(CloudWatch AWS/Lambda)</span>
        </h2>
        <RangeSelector minutes={minutes} onChange={onMinutesChange} />
      </div>
      {metrics.isPending ? (
        <Skeleton className="h-56" />
      ) : metrics.isError ? (
        <ErrorPanel
          code={metrics.error instanceof AppError ? metrics.error.code : undefined}
          message={`CloudWatch metrics could not be read: ${metrics.error.message}`}
          onRetry={() => void metrics.refetch()}
        />
      ) : (
        <div className="grid gap-4 lg:grid-cols-3">
          {metrics.data.isStreamConsumer && (
            <>
              <DataLossClock iteratorAgeMs={metrics.data.latestIteratorAgeMs} />
              <div className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm lg:col-span-2 dark:border-slate-800 dark:bg-slate-900">
                <h3 className="mb-2 text-sm font-semibold">Iterator age (Maximum)</h3>
                <TimeSeriesChart
                  label={`IteratorAge of ${name}`}
                  series={[{ key: 'age', label: 'IteratorAge', colour: '#7c3aed', points: metrics.data.iteratorAgeMs }]}
                  formatValue={formatMs}
                  thresholds={[{ value: ITERATOR_AGE_LAGGING_MS, label: 'lagging', colour: '#f59e0b' }]}
                />
              </div>
            </>
          )}
          <div className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm lg:col-span-3 dark:border-slate-800 dark:bg-slate-900">
            <h3 className="mb-2 text-sm font-semibold">Invocations and errors (Sum per {metrics.data.periodSeconds / 60} min)</h3>
            <TimeSeriesChart
              label={`Invocations and errors of ${name}`}
              series={[
                { key: 'inv', label: 'Invocations', colour: '#0284c7', points: metrics.data.invocations },
                { key: 'err', label: 'Errors', colour: '#e11d48', points: metrics.data.errors },
              ]}
              formatValue={(v) => String(Math.round(v))}
            />
          </div>
        </div>
      )}
    </section>
  );
}
