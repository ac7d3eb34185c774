import { queueDepth } from '@/lib/queues/depth';
import type { QueueSample } from '@/lib/types/queues';

/**
 * A depth sparkline as a plain SVG: a thousand rows of Recharts would cost more than the table.
 * The label carries the figures for screen readers.
 */
export function Sparkline({ samples, label }: { samples: QueueSample[]; label: string }) {
  const width = 96;
  const height = 24;
  if (samples.length < 2) return <span className="text-xs text-slate-400">—</span>;
  const depths = samples.map((s) => queueDepth(s));
  const max = Math.max(1, ...depths);
  const t0 = samples[0].at;
  const span = Math.max(1, samples[samples.length - 1].at - t0);
  const points = samples.map((s, i) => `${(((s.at - t0) / span) * width).toFixed(1)},${(height - 1 - (depths[i] / max) * (height - 2)).toFixed(1)}`).join(' ');
  return (
    <svg width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-label={`${label}: depth from ${depths[0]} to ${depths[depths.length - 1]}`} className="inline-block">
      <polyline points={points} fill="none" stroke="currentColor" strokeWidth="1.5" className="text-sky-500" />
    </svg>
  );
}
