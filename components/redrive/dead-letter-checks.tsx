'use client';

import { formatCount } from '@/lib/format';
import { countClasses } from '@/lib/redrive/classify';
import { useDeadLetterClassification } from '@/lib/queries/redrive';
import { DEAD_LETTER_CLASSES, type DeadLetterClass, type DeadLetterVerdict, type RedriveSkip } from '@/lib/types/redrive';
import { buttonClass } from '../ui/buttons';
import { Time } from '../ui/time';
import { Unknown } from '../ui/unknown';

const LABEL: Record<DeadLetterClass, { title: string; hint: string; tone: string }> = {
  stale: { title: 'Stale', hint: 'the item changed after the message was sent', tone: 'text-amber-800 dark:text-amber-300' },
  gone: { title: 'Deleted item', hint: 'the item no longer exists', tone: 'text-rose-700 dark:text-rose-300' },
  duplicate: { title: 'Duplicate', hint: 'another message here carries the same body, deduplication id or item version', tone: 'text-amber-800 dark:text-amber-300' },
  current: { title: 'Current', hint: 'the item still matches the message', tone: 'text-emerald-700 dark:text-emerald-400' },
  unknown: { title: 'Unknown', hint: 'no item could be linked or read', tone: 'text-slate-600 dark:text-slate-400' },
};
const LISTED = 50;

/** The messages of one class, opened on demand. */
function ClassGroup({ cls, verdicts }: { cls: DeadLetterClass; verdicts: DeadLetterVerdict[] }) {
  const label = LABEL[cls];
  return (
    <details className="group" data-testid={`class-${cls}`}>
      <summary className="cursor-pointer select-none">
        <span className={`font-medium ${label.tone}`}>{label.title}</span> <span data-testid={`class-count-${cls}`}>{formatCount(verdicts.length)}</span>{' '}
        <span className="text-xs text-slate-500">— {label.hint}</span>
      </summary>
      {verdicts.length > 0 && (
        <ul className="mt-1 max-h-48 space-y-1 overflow-y-auto pl-4 text-xs" aria-label={`${label.title} messages`}>
          {verdicts.slice(0, LISTED).map((v) => (
            <li key={v.messageId}>
              <span className="font-mono">{v.messageId}</span>: {v.reason}
            </li>
          ))}
          {verdicts.length > LISTED && <li className="text-slate-500">and {formatCount(verdicts.length - LISTED)} more</li>}
        </ul>
      )}
    </details>
  );
}

/**
 * Before a redrive: each dead letter checked against its item (the stream history Eddy can read,
 * then GetItem) and against the other messages, counted by class, each class openable, with the
 * skip options. `onlyIds` narrows it to the selected messages.
 */
export function DeadLetterChecks({ dlqName, onlyIds, skip, onSkipChange }: { dlqName: string; onlyIds?: ReadonlySet<string>; skip: RedriveSkip; onSkipChange: (skip: RedriveSkip) => void }) {
  const query = useDeadLetterClassification(dlqName);
  const data = query.data?.classification;
  const verdicts = data ? (onlyIds ? data.verdicts.filter((v) => onlyIds.has(v.messageId)) : data.verdicts) : [];
  const counts = countClasses(verdicts);
  const duplicates = verdicts.filter((v) => v.duplicateOf !== undefined).length;
  const missing = onlyIds && data ? onlyIds.size - verdicts.length : 0;
  return (
    <section aria-label="Before the messages go back" data-testid="dead-letter-checks" className="space-y-2 rounded-md border border-slate-200 p-3 dark:border-slate-700">
      <div className="flex items-center justify-between gap-2">
        <p className="font-medium">Before the messages go back</p>
        <button type="button" className={buttonClass.plain} disabled={query.isFetching} onClick={() => void query.refetch()}>
          {query.isFetching ? 'Checking…' : 'Check again'}
        </button>
      </div>
      {query.isPending && <p className="text-slate-500">Checking each dead letter against its item’s stream history…</p>}
      {query.error && (
        <p role="alert" className="text-rose-700 dark:text-rose-300">
          The dead letters could not be checked: {query.error.message} Nothing can be skipped; every message would go back as it is.
        </p>
      )}
      {data && (
        <>
          <div className="space-y-1" aria-live="polite">
            {DEAD_LETTER_CLASSES.map((cls) => (
              <ClassGroup key={cls} cls={cls} verdicts={verdicts.filter((v) => v.class === cls)} />
            ))}
          </div>
          <fieldset className="space-y-1">
            <label className="block">
              <input type="checkbox" checked={Boolean(skip.staleAndGone)} onChange={(e) => onSkipChange({ ...skip, staleAndGone: e.target.checked })} /> Skip stale and deleted items ({formatCount(counts.stale + counts.gone)})
            </label>
            <label className="block">
              <input type="checkbox" checked={Boolean(skip.duplicates)} onChange={(e) => onSkipChange({ ...skip, duplicates: e.target.checked })} /> Skip duplicates ({formatCount(duplicates)}; the earliest of each stays in)
            </label>
          </fieldset>
          <p className="text-xs text-slate-500">
            {onlyIds ? (
              `${formatCount(verdicts.length)} of the ${formatCount(onlyIds.size)} selected checked`
            ) : (
              <>
                {formatCount(data.scanned)} of {data.approximateTotal === undefined ? <Unknown reason="SQS did not return the DLQ's ApproximateNumberOfMessages." /> : `about ${formatCount(data.approximateTotal)}`} messages checked
              </>
            )}
            {missing > 0 ? ` (${formatCount(missing)} not seen by the check, sent as they are)` : ''} at <Time at={data.readAt} format="time" />, with{' '}
            {Object.entries(data.calls)
              .filter(([, n]) => n > 0)
              .map(([action, n]) => `${formatCount(n)} ${action}`)
              .join(', ')}
            .
          </p>
          {data.notes.map((note) => (
            <p key={note} className="text-xs text-amber-800 dark:text-amber-300">
              {note}
            </p>
          ))}
        </>
      )}
    </section>
  );
}
