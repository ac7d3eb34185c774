'use client';

import { useState } from 'react';

const OTHER = '\u0000other';

/**
 * Where redriven or resent messages go: "" for their source (`sourceLabel` says which), then the
 * queues they came from (`sources`), and any other queue only after the user picks "Other queue…"
 * — a redrive into an unrelated queue (another DLQ) is a deliberate choice, not a slip of the list.
 * One list for every redrive control.
 */
export function DestinationSelect({
  value,
  onChange,
  queueNames,
  from,
  sourceLabel,
  sources = [],
  ariaLabel,
  className = 'rounded-md border border-slate-300 bg-white px-2 py-1 dark:border-slate-700 dark:bg-slate-900',
}: {
  value: string;
  onChange: (destination: string) => void;
  queueNames: string[];
  from: string;
  sourceLabel: string;
  /** The queues these messages came from: offered first. */
  sources?: string[];
  ariaLabel?: string;
  className?: string;
}) {
  const firsts = sources.filter((q) => q !== from);
  const others = queueNames.filter((q) => q !== from && !firsts.includes(q));
  const [showOthers, setShowOthers] = useState(false);
  const othersShown = showOthers || others.includes(value);
  return (
    <select
      aria-label={ariaLabel}
      value={value}
      onChange={(e) => {
        if (e.target.value === OTHER) setShowOthers(true);
        else onChange(e.target.value);
      }}
      className={className}
    >
      <option value="">{sourceLabel}</option>
      {firsts.length > 0 && (
        <optgroup label={firsts.length === 1 ? 'Its source' : 'Their sources'}>
          {firsts.map((q) => (
            <option key={q} value={q}>
              {q}
            </option>
          ))}
        </optgroup>
      )}
      {others.length > 0 && !othersShown && <option value={OTHER}>Other queue…</option>}
      {others.length > 0 && othersShown && (
        <optgroup label="Other queues">
          {others.map((q) => (
            <option key={q} value={q}>
              {q}
            </option>
          ))}
        </optgroup>
      )}
    </select>
  );
}
