import type { QueueDetail, Series } from '../types/queues';

/** Several series side by side: one row per timestamp, a column per series (absent where it has no point). */
export function mergeSeries(named: Record<string, Series>): Record<string, number>[] {
  const rows = new Map<number, Record<string, number>>();
  for (const [name, s] of Object.entries(named)) {
    s.at.forEach((at, i) => {
      const row = rows.get(at) ?? { at };
      row[name] = s.values[i];
      rows.set(at, row);
    });
  }
  return [...rows.values()].sort((a, b) => a.at - b.at);
}

/** The depth chart's rows: each point's three parts. */
export type DepthRow = { at: number; visible: number; inFlight: number; delayed: number };

/**
 * Where the depth chart reads from: Eddy's own samples (every 10 s, visible + in flight + delayed)
 * over the range they cover, or CloudWatch's depth parts (Maximum per period) when CloudWatch
 * reaches further back than the samples do: "15 min … 24 h, longer from CloudWatch where it has
 * the data".
 */
export function depthSource(detail: QueueDetail, from: number): { source: 'samples' | 'cloudwatch'; rows: DepthRow[] } {
  const samples = detail.queue.history.filter((s) => s.at >= from).map((s) => ({ at: s.at, visible: s.visible, inFlight: s.inFlight, delayed: s.delayed }));
  const m = detail.metrics;
  if (m && m.visible.at.length >= 2) {
    const periodMs = detail.range.periodSeconds * 1000;
    const firstSample = samples[0]?.at ?? Infinity;
    if (m.visible.at[0] < firstSample - periodMs) {
      // A period missing one of the three parts is left out, not drawn as 0: it was not measured.
      const rows = mergeSeries({ visible: m.visible, inFlight: m.inFlight, delayed: m.delayed }).filter(
        (p): p is DepthRow => p.visible !== undefined && p.inFlight !== undefined && p.delayed !== undefined,
      );
      return { source: 'cloudwatch', rows };
    }
  }
  return { source: 'samples', rows: samples };
}
