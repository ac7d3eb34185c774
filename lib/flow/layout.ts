/** Where a node sits, top-left corner, in graph units. */
export interface Position {
  x: number;
  y: number;
}

export interface LayoutOptions {
  nodeWidth: number;
  nodeHeight: number;
  /** The least gap between two columns; an edge's `gap` widens the one its label sits in. */
  columnGap: number;
  rowGap: number;
  /** Nodes without any edge are laid out in a grid below the flow, this many per row. */
  isolatedPerRow: number;
  /** Barycentre ordering sweeps; more untangles more crossings. */
  sweeps: number;
  /**
   * `centre`: each layer centred on the tallest (a small graph reads as one picture); `top`: every
   * layer starts at the top, so row i of a layer sits beside row i of the next — what the
   * barycentre ordering lines up — and a large graph's start is all in its top rows.
   */
  align: 'centre' | 'top';
}

export const DEFAULT_LAYOUT: LayoutOptions = { nodeWidth: 220, nodeHeight: 84, columnGap: 70, rowGap: 28, isolatedPerRow: 6, sweeps: 4, align: 'centre' };

/** An edge to lay out; `gap`: the room its label needs between its two columns (its label sits halfway). */
export interface LayoutEdge {
  source: string;
  target: string;
  gap?: number;
}

/**
 * A layered left-to-right layout: cycles are broken by ignoring DFS back edges, every node goes
 * to the layer of its longest incoming path (sources at x = 0), nodes within a layer are ordered
 * by the barycentre of their neighbours to reduce crossings, and nodes with no edge at all go in a
 * grid below. Each gap between two columns is as wide as the widest label of an edge from one to
 * the next needs (one long label does not widen every gap). Pure and deterministic: node order
 * breaks ties, so the picture does not jump between refreshes.
 */
export function layoutFlow(nodeIds: readonly string[], edges: readonly LayoutEdge[], options: Partial<LayoutOptions> = {}): Map<string, Position> {
  const o = { ...DEFAULT_LAYOUT, ...options };
  const index = new Map(nodeIds.map((id, i) => [id, i]));
  const out = new Map<string, string[]>();
  const incoming = new Map<string, string[]>();
  for (const id of nodeIds) {
    out.set(id, []);
    incoming.set(id, []);
  }
  const seen = new Set<string>();
  for (const e of edges) {
    if (!index.has(e.source) || !index.has(e.target) || e.source === e.target) continue;
    const key = `${e.source}\u0000${e.target}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.get(e.source)!.push(e.target);
    incoming.get(e.target)!.push(e.source);
  }
  const connected = nodeIds.filter((id) => out.get(id)!.length > 0 || incoming.get(id)!.length > 0);
  const isolated = nodeIds.filter((id) => out.get(id)!.length === 0 && incoming.get(id)!.length === 0);

  // Break cycles: an edge to a node still on the DFS stack is a back edge and is not layered.
  // Roots first (no incoming edges), so the natural sources stay on the left.
  const forward = new Map<string, string[]>(connected.map((id) => [id, []]));
  const state = new Map<string, 'active' | 'done'>();
  const roots = [...connected.filter((id) => incoming.get(id)!.length === 0), ...connected];
  for (const root of roots) {
    if (state.has(root)) continue;
    const stack: { id: string; next: number }[] = [{ id: root, next: 0 }];
    state.set(root, 'active');
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      const targets = out.get(top.id)!;
      if (top.next >= targets.length) {
        state.set(top.id, 'done');
        stack.pop();
        continue;
      }
      const target = targets[top.next++];
      const s = state.get(target);
      if (s === 'active') continue;
      forward.get(top.id)!.push(target);
      if (!s) {
        state.set(target, 'active');
        stack.push({ id: target, next: 0 });
      }
    }
  }

  // Longest-path layering over the acyclic forward edges (Kahn's order).
  const indegree = new Map(connected.map((id) => [id, 0]));
  for (const targets of forward.values()) for (const t of targets) indegree.set(t, indegree.get(t)! + 1);
  const layer = new Map(connected.map((id) => [id, 0]));
  const queue = connected.filter((id) => indegree.get(id) === 0);
  for (let head = 0; head < queue.length; head++) {
    const id = queue[head];
    for (const t of forward.get(id)!) {
      layer.set(t, Math.max(layer.get(t)!, layer.get(id)! + 1));
      indegree.set(t, indegree.get(t)! - 1);
      if (indegree.get(t) === 0) queue.push(t);
    }
  }

  const layers: string[][] = [];
  for (const id of connected) (layers[layer.get(id)!] ??= []).push(id);
  const order = new Map<string, number>();
  const renumber = (ids: string[]) => ids.forEach((id, i) => order.set(id, i));
  layers.forEach(renumber);
  const barycentre = (id: string, neighbours: string[], fallback: number) => {
    const placed = neighbours.filter((n) => order.has(n));
    return placed.length === 0 ? fallback : placed.reduce((sum, n) => sum + order.get(n)!, 0) / placed.length;
  };
  const sortLayer = (ids: string[], neighboursOf: (id: string) => string[]) => {
    const keyed = ids.map((id) => ({ id, key: barycentre(id, neighboursOf(id), order.get(id)!) }));
    keyed.sort((a, b) => a.key - b.key || index.get(a.id)! - index.get(b.id)!);
    const sorted = keyed.map((k) => k.id);
    renumber(sorted);
    return sorted;
  };
  for (let sweep = 0; sweep < o.sweeps; sweep++) {
    for (let l = 1; l < layers.length; l++) layers[l] = sortLayer(layers[l], (id) => incoming.get(id)!);
    for (let l = layers.length - 2; l >= 0; l--) layers[l] = sortLayer(layers[l], (id) => out.get(id)!);
  }

  // The gap after each layer: the widest label of an edge to the next layer (a longer edge's label has a whole column more).
  const gapAfter = layers.map(() => o.columnGap);
  for (const e of edges) {
    const from = layer.get(e.source);
    if (e.gap !== undefined && from !== undefined && layer.get(e.target) === from + 1) gapAfter[from] = Math.max(gapAfter[from], e.gap);
  }
  const columnX: number[] = [];
  layers.forEach((_, l) => (columnX[l] = l === 0 ? 0 : columnX[l - 1] + o.nodeWidth + gapAfter[l - 1]));

  const positions = new Map<string, Position>();
  const tallest = Math.max(0, ...layers.map((ids) => ids.length));
  const rowHeight = o.nodeHeight + o.rowGap;
  layers.forEach((ids, l) => {
    // Centre each layer on the tallest one so short layers sit in the middle of the picture.
    const offset = o.align === 'centre' ? ((tallest - ids.length) * rowHeight) / 2 : 0;
    ids.forEach((id, i) => positions.set(id, { x: columnX[l], y: offset + i * rowHeight }));
  });
  const gridTop = tallest === 0 ? 0 : tallest * rowHeight + o.rowGap * 2;
  isolated.forEach((id, i) => {
    positions.set(id, { x: (i % o.isolatedPerRow) * (o.nodeWidth + o.columnGap), y: gridTop + Math.floor(i / o.isolatedPerRow) * rowHeight });
  });
  return positions;
}
