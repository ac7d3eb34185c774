'use client';

/**
 * Where redriven or resent messages go: "" for their source (`sourceLabel` says which), else one of
 * `queueNames` other than the queue they come from. One list for every redrive control.
 */
export function DestinationSelect({
  value,
  onChange,
  queueNames,
  from,
  sourceLabel,
  ariaLabel,
  className = 'rounded-md border border-slate-300 bg-white px-2 py-1 dark:border-slate-700 dark:bg-slate-900',
}: {
  value: string;
  onChange: (destination: string) => void;
  queueNames: string[];
  from: string;
  sourceLabel: string;
  ariaLabel?: string;
  className?: string;
}) {
  return (
    <select aria-label={ariaLabel} value={value} onChange={(e) => onChange(e.target.value)} className={className}>
      <option value="">{sourceLabel}</option>
      {queueNames
        .filter((q) => q !== from)
        .map((q) => (
          <option key={q} value={q}>
            {q}
          </option>
        ))}
    </select>
  );
}
