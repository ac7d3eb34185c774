import { formatKeys } from '@/lib/streams/attribute-value';
import type { OrderingGap } from '@/lib/streams/ordering';
import { diffImages } from '@/lib/streams/diff';
import type { TraceStreamEvent } from '@/lib/types/traces';
import { AttributeTree } from '../streams/attribute-tree';
import { DiffTable } from '../streams/diff-table';
import { EventNameBadge } from '../streams/event-name-badge';
import { Time } from '../ui/time';
import { Unknown } from '../ui/unknown';


/**
 * One stream record in a trace: name, keys, time and position, what it changed (the live view's
 * decoding and diff), and its images on request. Item content is rendered as text only.
 */
export function StreamRecord({ event, keyNames = [], highlight = false, gaps = [] }: { event: TraceStreamEvent; keyNames?: string[]; highlight?: boolean; gaps?: OrderingGap[] }) {
  const diff = diffImages(event.oldImage, event.newImage);
  const hasImages = Boolean(event.newImage || event.oldImage);
  return (
    <article
      aria-label={`${event.eventName} record ${event.sequenceNumber}`}
      data-testid="stream-record"
      data-event-name={event.eventName}
      className={`rounded-md border p-3 text-sm ${highlight ? 'border-rose-300 dark:border-rose-800' : 'border-slate-200 dark:border-slate-800'}`}
    >
      <header className="flex flex-wrap items-center gap-2">
        <EventNameBadge name={event.eventName} />
        <span className="font-mono text-xs">{formatKeys(event.keys, keyNames)}</span>
        {event.approximateCreationTime === undefined ? (
          <span className="text-xs">
            <Unknown reason="The stream record carries no ApproximateCreationDateTime." />
          </span>
        ) : (
          <Time at={event.approximateCreationTime} className="text-xs text-slate-500" />
        )}
        <span className="font-mono text-xs text-slate-500">seq {event.sequenceNumber}</span>
        {event.ttlDelete && <span className="rounded bg-violet-100 px-1.5 text-xs text-violet-800 dark:bg-violet-900/50 dark:text-violet-200">TTL delete</span>}
      </header>
      {gaps.map((g) => (
        <p key={g.kind} data-testid="ordering-gap" data-kind={g.kind} className="mt-2 rounded bg-rose-50 px-2 py-1 text-xs text-rose-900 dark:bg-rose-950/40 dark:text-rose-200">
          ⚠ Ordering gap before this change: {g.message}
        </p>
      ))}
      {!hasImages ? (
        <p className="mt-2 text-xs text-slate-500">This stream is {event.viewType}: the record carries no item images, only the keys.</p>
      ) : (
        <DiffTable diff={diff} valueWidth={80} className="mt-2" />
      )}
      {event.newImage && (
        <details className="mt-2">
          <summary className="cursor-pointer text-xs text-slate-500">New image</summary>
          <AttributeTree map={event.newImage} label="New image" />
        </details>
      )}
      {event.oldImage && (
        <details className="mt-2">
          <summary className="cursor-pointer text-xs text-slate-500">Old image</summary>
          <AttributeTree map={event.oldImage} label="Old image" />
        </details>
      )}
    </article>
  );
}
