import type { TraceStreamEvent } from '@/lib/types/traces';

// TODO(issue 6 merged): render with lib/streams/diff `diffImages` and components/streams (attribute tree, badge).

type Row = { path: string; kind: 'added' | 'removed' | 'changed' | 'unchanged'; before?: string; after?: string };

const text = (v: unknown) => (v === undefined ? undefined : JSON.stringify(v));

function rows(event: TraceStreamEvent): Row[] {
  const oldImage = event.oldImage ?? {};
  const newImage = event.newImage ?? {};
  const names = [...new Set([...Object.keys(oldImage), ...Object.keys(newImage)])].sort();
  return names.map((path) => {
    const before = text(oldImage[path]);
    const after = text(newImage[path]);
    const kind = before === undefined ? 'added' : after === undefined ? 'removed' : before === after ? 'unchanged' : 'changed';
    return { path, kind, before, after };
  });
}

const kindClass: Record<Row['kind'], string> = {
  added: 'bg-emerald-50 dark:bg-emerald-950/40',
  removed: 'bg-rose-50 dark:bg-rose-950/40',
  changed: 'bg-amber-50 dark:bg-amber-950/40',
  unchanged: '',
};

const badgeClass: Record<TraceStreamEvent['eventName'], string> = {
  INSERT: 'bg-emerald-100 text-emerald-900 dark:bg-emerald-900/50 dark:text-emerald-100',
  MODIFY: 'bg-sky-100 text-sky-900 dark:bg-sky-900/50 dark:text-sky-100',
  REMOVE: 'bg-rose-100 text-rose-900 dark:bg-rose-900/50 dark:text-rose-100',
};

/** One stream record: its name, keys and position, and its images as an attribute-by-attribute diff. */
export function StreamRecord({ event, highlight = false }: { event: TraceStreamEvent; highlight?: boolean }) {
  const diff = rows(event);
  const changed = diff.filter((r) => r.kind !== 'unchanged');
  return (
    <article
      aria-label={`${event.eventName} record ${event.sequenceNumber}`}
      data-testid="stream-record"
      data-event-name={event.eventName}
      className={`rounded-md border p-3 text-sm ${highlight ? 'border-rose-300 dark:border-rose-800' : 'border-slate-200 dark:border-slate-800'}`}
    >
      <header className="flex flex-wrap items-center gap-2">
        <span className={`rounded px-1.5 py-0.5 font-mono text-xs font-semibold ${badgeClass[event.eventName]}`}>{event.eventName}</span>
        <span className="font-mono text-xs">{Object.entries(event.keys).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(' · ')}</span>
        <span className="text-xs text-slate-500">{new Date(event.approximateCreationTime).toLocaleString()}</span>
        <span className="font-mono text-xs text-slate-500">seq {event.sequenceNumber}</span>
        {event.ttlDelete && <span className="rounded bg-slate-100 px-1.5 text-xs dark:bg-slate-800">TTL expiry</span>}
      </header>
      {diff.length === 0 ? (
        <p className="mt-2 text-xs text-slate-500">No images in this record (stream view type {event.viewType}).</p>
      ) : (
        <table className="mt-2 w-full text-xs" aria-label={event.eventName === 'MODIFY' ? 'Changes' : 'Attributes'}>
          <thead className="text-left text-slate-500">
            <tr>
              <th className="py-1 pr-2 font-medium">Attribute</th>
              <th className="py-1 pr-2 font-medium">Old</th>
              <th className="py-1 font-medium">New</th>
            </tr>
          </thead>
          <tbody>
            {(event.eventName === 'MODIFY' ? [...changed, ...diff.filter((r) => r.kind === 'unchanged')] : diff).map((r) => (
              <tr key={r.path} data-kind={r.kind} className={kindClass[r.kind]}>
                <td className="py-0.5 pr-2 font-mono">{r.path}</td>
                <td className="break-all py-0.5 pr-2 font-mono">{r.before ?? '—'}</td>
                <td className="break-all py-0.5 font-mono">{r.after ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </article>
  );
}
