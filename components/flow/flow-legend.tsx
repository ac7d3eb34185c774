import { EDGE_KIND_LABEL } from '@/lib/flow/labels';
import { EDGE_COLOURS } from './flow-colours';

/** What the colours and line styles of the flow graph mean. */
export function FlowLegend() {
  return (
    <div aria-label="Legend" role="group" className="flex flex-wrap items-center gap-x-4 gap-y-1 text-xs text-slate-600 dark:text-slate-400">
      {(['ok', 'lagging', 'failing'] as const).map((h) => (
        <span key={h} className="flex items-center gap-1.5">
          <svg width="22" height="6" aria-hidden="true">
            <line x1="0" y1="3" x2="22" y2="3" stroke={EDGE_COLOURS[h]} strokeWidth="3" />
          </svg>
          {h}
        </span>
      ))}
      <span className="flex items-center gap-1.5">
        <svg width="22" height="6" aria-hidden="true">
          <line x1="0" y1="3" x2="22" y2="3" stroke="currentColor" strokeWidth="2" strokeDasharray="4 3" />
        </svg>
        {EDGE_KIND_LABEL.environment} / declared
      </span>
      <span className="flex items-center gap-1.5">
        <svg width="22" height="6" aria-hidden="true">
          <line x1="0" y1="3" x2="22" y2="3" stroke="currentColor" strokeWidth="2" />
        </svg>
        mapping, on-failure, redrive
      </span>
    </div>
  );
}
