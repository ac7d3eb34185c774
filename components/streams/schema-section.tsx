'use client';

import { formatCount } from '@/lib/format';
import { useTableSchema } from '@/lib/queries/schema';
import { AppError } from '@/lib/errors';
import type { SchemaDrift } from '@/lib/types/schema';
import { ErrorPanel } from '../ui/error-panel';
import { Time } from '../ui/time';

const DRIFT_LABEL: Record<SchemaDrift['kind'], string> = {
  type_changed: 'Type changed',
  attribute_missing: 'Attribute disappeared',
  new_version: 'New version',
};

/**
 * The "Schema" section of a stream page: the item shape Eddy learned from the live tail's new
 * images (attribute → types, counts, first and last seen; the version attribute), drift first.
 */
export function SchemaSection({ table }: { table: string }) {
  const query = useTableSchema(table);
  const schema = query.data;
  if (query.error && !schema) return <ErrorPanel code={query.error instanceof AppError ? query.error.code : undefined} message={query.error.message} onRetry={() => void query.refetch()} />;
  if (!schema) return <p className="text-sm text-slate-500" aria-busy="true">Reading the learned shape…</p>;
  const driftedAttributes = new Set(schema.drift.filter((d) => d.kind !== 'new_version').map((d) => d.attribute));
  return (
    <div className="space-y-3 text-sm">
      <p className="text-xs text-slate-500" data-testid="schema-source">
        {schema.source}
      </p>
      {schema.drift.length > 0 ? (
        <ul aria-label="Schema drift" className="space-y-1 rounded-md border border-rose-300 bg-rose-50 p-3 text-rose-950 dark:border-rose-800 dark:bg-rose-950/40 dark:text-rose-100">
          {schema.drift.map((d) => (
            <li key={`${d.kind}:${d.attribute}`} data-testid="schema-drift" data-kind={d.kind} data-attribute={d.attribute}>
              <span className="font-semibold">{DRIFT_LABEL[d.kind]}:</span> {d.message} First <Time at={d.since} format="relative" />, last <Time at={d.lastSeen} format="relative" />.
            </li>
          ))}
        </ul>
      ) : (
        schema.images > 0 && (
          <p data-testid="schema-no-drift" className="text-emerald-800 dark:text-emerald-300">
            No drift among {formatCount(schema.images)} images: every attribute kept its types, none that was always there went missing{schema.version ? `, no new ${schema.version.attribute}` : ''}.
          </p>
        )
      )}
      {schema.images === 0 ? (
        <p className="text-slate-600 dark:text-slate-400">Nothing learned yet: the shape appears as new INSERT and MODIFY records arrive while this page is open.</p>
      ) : (
        <div className="overflow-x-auto">
          <table aria-label="Learned schema" className="w-full text-sm">
            <thead className="text-left text-xs uppercase tracking-wide text-slate-500">
              <tr>
                <th className="py-1 pr-3 font-medium">Attribute</th>
                <th className="py-1 pr-3 font-medium">Types seen</th>
                <th className="py-1 pr-3 text-right font-medium">In images</th>
                <th className="py-1 pr-3 font-medium">First seen</th>
                <th className="py-1 font-medium">Last seen</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-200 dark:divide-slate-800">
              {schema.attributes.map((a) => (
                <tr key={a.name} data-attribute={a.name} className={driftedAttributes.has(a.name) ? 'bg-rose-50 dark:bg-rose-950/30' : undefined}>
                  <td className="py-1 pr-3 font-mono text-xs">
                    {a.name}
                    {schema.version?.attribute === a.name && <span className="ml-1 rounded bg-slate-100 px-1 text-[10px] text-slate-700 dark:bg-slate-800 dark:text-slate-300">version</span>}
                  </td>
                  <td className="py-1 pr-3 font-mono text-xs">{a.types.map((t, i) => (
                      <span key={t.type}>
                        {i > 0 ? ', ' : ''}
                        <span className={t.drifted ? 'font-semibold text-rose-800 dark:text-rose-300' : undefined}>
                          {t.type} ×{formatCount(t.count)}
                          {t.drifted ? ' (new)' : ''}
                        </span>
                      </span>
                    ))}</td>
                  <td className="py-1 pr-3 text-right tabular-nums">
                    {formatCount(a.count)} ({Math.round(a.share * 100)} %)
                  </td>
                  <td className="whitespace-nowrap py-1 pr-3 text-xs">
                    <Time at={a.firstSeen} format="time" />
                  </td>
                  <td className="whitespace-nowrap py-1 text-xs">
                    <Time at={a.lastSeen} format="time" />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {schema.attributesNotTracked !== undefined && <p className="mt-1 text-xs text-slate-500">{formatCount(schema.attributesNotTracked)} more attribute occurrence(s) beyond the tracked limit are not shown.</p>}
          {schema.version && (
            <p className="mt-2 text-xs text-slate-600 dark:text-slate-400">
              Version attribute <span className="font-mono">{schema.version.attribute}</span>:{' '}
              {schema.version.counter ? 'too many distinct values to be a schema version (a counter), so new values are not drift.' : schema.version.values.map((v) => `${v.value} ×${formatCount(v.count)}`).join(', ')}
            </p>
          )}
        </div>
      )}
    </div>
  );
}
