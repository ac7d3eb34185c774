import { describe, expect, it } from 'vitest';
import { DEFAULT_LAYOUT, layoutFlow } from './layout';

const column = (x: number) => x / (DEFAULT_LAYOUT.nodeWidth + DEFAULT_LAYOUT.columnGap);
const columns = (ids: string[], edges: { source: string; target: string }[]) => {
  const p = layoutFlow(ids, edges);
  return Object.fromEntries(ids.map((id) => [id, column(p.get(id)!.x)]));
};

describe('layoutFlow', () => {
  it('lays out nothing for no nodes', () => {
    expect(layoutFlow([], []).size).toBe(0);
  });

  it('puts each node one column right of its longest incoming path', () => {
    expect(columns(['a', 'b', 'c', 'd'], [{ source: 'a', target: 'b' }, { source: 'b', target: 'c' }, { source: 'a', target: 'c' }, { source: 'c', target: 'd' }])).toEqual({ a: 0, b: 1, c: 2, d: 3 });
  });

  it('survives cycles, keeping the natural source on the left', () => {
    // orders → projector → fulfillment → worker → orders (the worker writes the table back)
    const edges = [
      { source: 'orders', target: 'projector' },
      { source: 'projector', target: 'fulfillment' },
      { source: 'fulfillment', target: 'worker' },
      { source: 'worker', target: 'orders' },
    ];
    expect(columns(['worker', 'fulfillment', 'projector', 'orders', 'x'], [...edges, { source: 'x', target: 'orders' }])).toEqual({ x: 0, orders: 1, projector: 2, fulfillment: 3, worker: 4 });
  });

  it('ignores self-loops, duplicate edges and edges to unknown nodes', () => {
    expect(columns(['a', 'b'], [{ source: 'a', target: 'a' }, { source: 'a', target: 'b' }, { source: 'a', target: 'b' }, { source: 'b', target: 'zz' }])).toEqual({ a: 0, b: 1 });
  });

  it('never puts two nodes on one spot', () => {
    const ids = Array.from({ length: 60 }, (_, i) => `n${i}`);
    const edges = ids.slice(1, 40).map((id, i) => ({ source: `n${i % 7}`, target: id }));
    const spots = new Set([...layoutFlow(ids, edges).values()].map((p) => `${p.x},${p.y}`));
    expect(spots.size).toBe(60);
  });

  it('puts unconnected nodes in a grid below the flow', () => {
    const p = layoutFlow(['a', 'b', 'lonely1', 'lonely2'], [{ source: 'a', target: 'b' }], { isolatedPerRow: 1 });
    expect(p.get('lonely1')!.y).toBeGreaterThan(p.get('a')!.y + DEFAULT_LAYOUT.nodeHeight);
    expect(p.get('lonely2')!.y).toBeGreaterThan(p.get('lonely1')!.y);
    expect(p.get('lonely1')!.x).toBe(0);
  });

  it('orders a layer by its neighbours to avoid crossings', () => {
    // a1 → b2 and a2 → b1: b1 should move below b2 to follow a2.
    const p = layoutFlow(['a1', 'a2', 'b1', 'b2'], [{ source: 'a1', target: 'b2' }, { source: 'a2', target: 'b1' }]);
    expect(p.get('b2')!.y).toBeLessThan(p.get('b1')!.y);
  });

  it('is deterministic', () => {
    const ids = ['c', 'a', 'b'];
    const edges = [{ source: 'a', target: 'b' }, { source: 'c', target: 'b' }];
    expect([...layoutFlow(ids, edges)]).toEqual([...layoutFlow(ids, edges)]);
  });

  it('centres short layers on the tallest, or starts every layer at the top', () => {
    // a1, a2, a3 → b: b sits beside a2 when centred, beside a1 at the top.
    const ids = ['a1', 'a2', 'a3', 'b'];
    const edges = [{ source: 'a1', target: 'b' }, { source: 'a2', target: 'b' }, { source: 'a3', target: 'b' }];
    const centred = layoutFlow(ids, edges);
    expect(centred.get('b')!.y).toBe(centred.get('a2')!.y);
    const top = layoutFlow(ids, edges, { align: 'top' });
    expect(top.get('b')!.y).toBe(top.get('a1')!.y);
  });

  it('widens only the gap a long label sits in, from the column before to the next', () => {
    // a → b → c → d; only b → c carries a label wider than the least gap; a → d spans three columns.
    const { nodeWidth, columnGap } = DEFAULT_LAYOUT;
    const p = layoutFlow(['a', 'b', 'c', 'd'], [
      { source: 'a', target: 'b', gap: 10 },
      { source: 'b', target: 'c', gap: 200 },
      { source: 'c', target: 'd' },
      { source: 'a', target: 'd', gap: 500 },
    ]);
    expect(p.get('b')!.x - p.get('a')!.x).toBe(nodeWidth + columnGap);
    expect(p.get('c')!.x - p.get('b')!.x).toBe(nodeWidth + 200);
    expect(p.get('d')!.x - p.get('c')!.x).toBe(nodeWidth + columnGap);
  });
});
