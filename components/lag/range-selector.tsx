'use client';

import { LAG_RANGES_MINUTES, lagRangeLabel, type LagRangeMinutes } from '@/lib/lag/ranges';

/** The charts' time range (15 min … 24 h) as a group of toggle buttons: the function and queue pages' one selector. */
export function RangeSelector({ minutes, onChange }: { minutes: LagRangeMinutes; onChange: (m: LagRangeMinutes) => void }) {
  return (
    <div role="group" aria-label="Range" className="flex gap-1">
      {LAG_RANGES_MINUTES.map((m) => (
        <button
          key={m}
          type="button"
          aria-pressed={m === minutes}
          onClick={() => onChange(m)}
          className={`rounded-md border px-2 py-0.5 text-xs ${m === minutes ? 'border-sky-600 bg-sky-600 text-white' : 'border-slate-300 hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800'}`}
        >
          {lagRangeLabel(m)}
        </button>
      ))}
    </div>
  );
}
