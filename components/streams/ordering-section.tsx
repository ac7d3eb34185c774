'use client';

import Link from '@/components/ui/env-link';
import { formatKeys } from '@/lib/streams/attribute-value';
import { formatCount } from '@/lib/format';
import { useItemOrdering } from '@/lib/queries/schema';
import { AppError } from '@/lib/errors';
import type { ItemOrder } from '@/lib/types/ordering';
import { ErrorPanel } from '../ui/error-panel';
import { EventNameBadge } from './event-name-badge';

/** `orderId = ord-1`: what the trace search takes for an item (its first key attribute). */
function itemQuery(keys: ItemOrder['keys']): string {
  const [name, value] = Object.entries(keys)[0] ?? [];
  if (!name || !value) return '';
  const text = 'S' in value ? value.S : 'N' in value ? value.N : '';
  return `${name} = ${text}`;
}

/** Per item, its changes in order with the gaps the held events show (a lost or reordered change). */
export function OrderingSection({ table, keyNames }: { table: string; keyNames: string[] }) {
  const query = useItemOrdering(table);
  const report = query.data;
  if (query.error && !report) return <ErrorPanel code={query.error instanceof AppError ? query.error.code : undefined} message={query.error.message} onRetry={() => void query.refetch()} />;
  if (!report) return <p className="text-sm text-slate-500" aria-busy="true">Checking each item’s order…</p>;
  return (
    <div className="space-y-3 text-sm">
      <p className="text-xs text-slate-500">{report.source}</p>
      <p data-testid="ordering-summary">
        {formatCount(report.itemsChecked)} item(s) with two or more changes checked among {formatCount(report.events)} events:{' '}
        {report.itemsWithGaps === 0 ? <span className="text-emerald-800 dark:text-emerald-300">every one in order.</span> : <span className="font-semibold text-rose-800 dark:text-rose-300">{formatCount(report.itemsWithGaps)} with a gap.</span>}
      </p>
      {report.items.length > 0 && (
        <ul aria-label="Items with ordering gaps" className="space-y-2">
          {report.items.map((item) => {
            const q = itemQuery(item.keys);
            return (
              <li key={JSON.stringify(item.keys)} className="rounded-md border border-rose-200 p-2 dark:border-rose-900">
                <div className="flex flex-wrap items-center gap-2">
                  <span className="font-mono text-xs">{formatKeys(item.keys, keyNames)}</span>
                  {q && (
                    <Link href={`/traces?q=${encodeURIComponent(q)}`} className="text-xs text-sky-700 hover:underline dark:text-sky-300">
                      Item history
                    </Link>
                  )}
                </div>
                <ol className="mt-1 space-y-0.5">
                  {item.steps.map((step) => (
                    <li key={step.eventID} className="flex flex-wrap items-center gap-2 text-xs">
                      <EventNameBadge name={step.eventName} />
                      <Link href={`/streams/${encodeURIComponent(table)}?event=${encodeURIComponent(step.eventID)}`} className="font-mono text-slate-600 hover:underline dark:text-slate-400">
                        seq {step.sequenceNumber}
                      </Link>
                      {step.gaps.map((g) => (
                        <span key={g.kind} data-testid="ordering-gap" data-kind={g.kind} className="text-rose-800 dark:text-rose-300">
                          ⚠ {g.message}
                        </span>
                      ))}
                    </li>
                  ))}
                </ol>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
