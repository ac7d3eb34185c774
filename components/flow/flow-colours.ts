import type { Health } from '@/lib/types/flow';

/** Edge colours by health; the legend and the graph share them. */
export const EDGE_COLOURS: Record<Health, string> = {
  ok: '#10b981',
  lagging: '#f59e0b',
  failing: '#e11d48',
};

const CANVAS_FRAME = 'w-full overflow-hidden rounded-lg border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900';

/** The graph's canvas: its size and frame while it loads, and for a large graph once drawn. */
export const FLOW_CANVAS_CLASS = `h-[min(75vh,760px)] min-h-[480px] ${CANVAS_FRAME}`;

/**
 * A small graph's canvas takes the graph's own proportions (style `aspect-ratio`), between a
 * readable least height and the large canvas's: a wide, flat flow does not sit in a strip of an
 * empty frame, it fills its canvas.
 */
export const FLOW_FITTED_CANVAS_CLASS = `max-h-[min(75vh,760px)] min-h-[320px] ${CANVAS_FRAME}`;
