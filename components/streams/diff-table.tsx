import { ScrollX } from '@/components/ui/scroll-x';
import { formatAttributeValue } from '@/lib/streams/attribute-value';
import type { DiffEntry, DiffKind } from '@/lib/streams/diff';

const kindClass: Record<DiffKind, string> = {
  added: 'bg-emerald-50 dark:bg-emerald-950/40',
  removed: 'bg-rose-50 dark:bg-rose-950/40',
  changed: 'bg-amber-50 dark:bg-amber-950/40',
  unchanged: '',
};

/** The old/new image diff of one stream record, changed, added and removed attributes highlighted. */
export function DiffTable({ diff, valueWidth = 60, className = '' }: { diff: DiffEntry[]; valueWidth?: number; className?: string }) {
  if (diff.length === 0) return <p className={`text-xs text-slate-500 ${className}`}>No attribute changed.</p>;
  return (
    <ScrollX className={className}>
      <table aria-label="Changes" className="w-full text-left font-mono text-xs">
        <thead className="text-slate-500">
          <tr>
            <th className="py-1 pr-2 font-medium">Attribute</th>
            <th className="py-1 pr-2 font-medium">Change</th>
            <th className="py-1 pr-2 font-medium">Old</th>
            <th className="py-1 font-medium">New</th>
          </tr>
        </thead>
        <tbody>
          {diff.map((entry) => (
            <tr key={entry.path} data-kind={entry.kind} className={kindClass[entry.kind]}>
              <td className="py-0.5 pr-2">{entry.path}</td>
              <td className="py-0.5 pr-2">{entry.kind}</td>
              <td className="break-all py-0.5 pr-2">{entry.oldValue ? formatAttributeValue(entry.oldValue, valueWidth) : ''}</td>
              <td className="break-all py-0.5">{entry.newValue ? formatAttributeValue(entry.newValue, valueWidth) : ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollX>
  );
}
