import type { Health } from '@/lib/types/flow';

/** Edge colours by health; the legend and the graph share them. */
export const EDGE_COLOURS: Record<Health, string> = {
  ok: '#10b981',
  lagging: '#f59e0b',
  failing: '#e11d48',
};
