import type { Health } from '@/lib/types/flow';

/** Edge colours by health; the legend and the graph share them. */
export const EDGE_COLOURS: Record<Health, string> = {
  ok: '#10b981',
  lagging: '#f59e0b',
  failing: '#e11d48',
};

/** The graph's canvas: its size and frame, the same while it loads and once drawn. */
export const FLOW_CANVAS_CLASS = 'h-[min(75vh,760px)] min-h-[480px] w-full overflow-hidden rounded-lg border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900';
