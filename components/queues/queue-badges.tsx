import Link from '@/components/ui/env-link';
import { Unknown } from '@/components/ui/unknown';
import { formatCount } from '@/lib/format';
import { afterReceives } from '@/lib/queues/settings';
import type { QueueRow } from '@/lib/types/queues';

function arnName(arn: string): string {
  return arn.split(':').pop() ?? arn;
}

const badge = 'rounded px-1.5 py-0.5 text-xs font-medium';

/**
 * A queue's place in the dead-letter wiring, as badges: DLQ of…, → its DLQ (with that DLQ's count),
 * Lambda failure destination. `dlqCounts`: the depth of each DLQ in the listing, undefined when SQS
 * did not return its counts; a DLQ missing from it (deleted, or in another account or region) has
 * a count Eddy does not know either: "—" and why, not none.
 */
export function QueueRoleBadges({ queue, dlqCounts }: { queue: QueueRow; dlqCounts: ReadonlyMap<string, number | undefined> }) {
  const dlqName = queue.redrivePolicy ? arnName(queue.redrivePolicy.deadLetterTargetArn) : undefined;
  const dlqCount = dlqName ? dlqCounts.get(dlqName) : undefined;
  return (
    <span className="flex flex-wrap items-center gap-1">
      {queue.role === 'dlq' && <span className={`${badge} bg-rose-100 text-rose-800 dark:bg-rose-900/40 dark:text-rose-200`}>DLQ of {queue.sourceNames.join(', ')}</span>}
      {dlqName && (
        <Link href={`/queues/${encodeURIComponent(dlqName)}`} className="text-xs text-slate-600 hover:underline dark:text-slate-400">
          → {dlqName} {afterReceives(queue.redrivePolicy?.maxReceiveCount)}
          {dlqCount === undefined ? (
            <span className="ml-1">
              <Unknown
                reason={
                  dlqName && dlqCounts.has(dlqName)
                    ? `Dead letters unknown: SQS did not return all of ${dlqName}'s message counts.`
                    : `Dead letters unknown: ${dlqName} is not among the queues listed here (deleted, or in another account or region), so its depth was not read.`
                }
              />
            </span>
          ) : (
            dlqCount > 0 && <span className={`${badge} ml-1 bg-rose-600 text-white`} aria-label={`${dlqCount} dead letters`}>{formatCount(dlqCount)}</span>
          )}
        </Link>
      )}
      {queue.failureDestinationOf.length > 0 && (
        <span className={`${badge} bg-amber-100 text-amber-900 dark:bg-amber-900/40 dark:text-amber-100`}>Failure destination of {queue.failureDestinationOf.join(', ')}</span>
      )}
      {queue.role === 'plain' && queue.failureDestinationOf.length === 0 && <span className="text-xs text-slate-500">—</span>}
    </span>
  );
}
