/**
 * Marks on the page's performance timeline, each once per page load, for where the graph's first
 * draw spends its time: `npm run bench -- flow-discovery` reads them (e2e/bench/flow-discovery.ts),
 * and so can anyone in the browser's performance panel. A mark costs nothing to speak of.
 */
export const FLOW_MARKS = {
  dashboard: 'eddy:flow-dashboard-render',
  hydrated: 'eddy:flow-dashboard-mounted',
  graphCode: 'eddy:flow-graph-code',
  layoutStart: 'eddy:flow-layout-start',
  layoutEnd: 'eddy:flow-layout-end',
  graphReady: 'eddy:flow-graph-ready',
} as const;

export function markOnce(name: (typeof FLOW_MARKS)[keyof typeof FLOW_MARKS]): void {
  if (typeof performance === 'undefined' || typeof window === 'undefined') return;
  if (performance.getEntriesByName(name, 'mark').length === 0) performance.mark(name);
}
