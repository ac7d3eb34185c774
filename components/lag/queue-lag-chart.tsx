'use client';

import { TimeSeriesChart } from '@/components/charts/time-series-chart';
import { ErrorPanel } from '@/components/ui/error-panel';
import { Skeleton } from '@/components/ui/skeleton';
import { AppError } from '@/lib/errors';
import { formatDuration } from '@/lib/format';
import type { LagRangeMinutes } from '@/lib/lag/ranges';
import { QUEUE_OLDEST_AGE_LAGGING_SECONDS } from '@/lib/lag/thresholds';
import { useQueueLag } from '@/lib/queries/flow';

/**
 * A queue's age of oldest message and visible depth over time (CloudWatch AWS/SQS). For the queue
 * page: TODO(issue 7 merged) draw the drain forecast from lib/queues/forecast.ts beside it.
 */
export function QueueLagChart({ name, minutes = 60 }: { name: string; minutes?: LagRangeMinutes }) {
  const lag = useQueueLag(name, minutes);
  if (lag.isPending) return <Skeleton className="h-56" />;
  if (lag.isError) return <ErrorPanel code={lag.error instanceof AppError ? lag.error.code : undefined} message={`CloudWatch metrics could not be read: ${lag.error.message}`} onRetry={() => void lag.refetch()} />;
  return (
    <div className="grid gap-4 lg:grid-cols-2">
      <TimeSeriesChart
        label={`Age of the oldest message in ${name}`}
        series={[{ key: 'age', label: 'ApproximateAgeOfOldestMessage', colour: '#d97706', points: lag.data.oldestAgeSeconds }]}
        formatValue={(v) => formatDuration(v)}
        thresholds={[{ value: QUEUE_OLDEST_AGE_LAGGING_SECONDS, label: 'lagging', colour: '#f59e0b' }]}
      />
      <TimeSeriesChart label={`Visible messages in ${name}`} series={[{ key: 'vis', label: 'Visible messages', colour: '#0d9488', points: lag.data.visible }]} />
    </div>
  );
}
