import dagre from '@dagrejs/dagre';
import { layoutFlow } from '../../lib/flow/layout';
import type { BenchRow } from './types';

const RUNS = 3;
const NODE = { width: 220, height: 92 };

/**
 * The flow benchmark's graph shape (flow-discovery's generated account: 200 tables, 200
 * functions, 300 source queues with 300 DLQs, 400 plain queues; stream and queue mappings,
 * redrive policies, environment edges), without AWS: 1,400 nodes.
 */
function benchGraph(): { nodes: string[]; edges: { source: string; target: string }[] } {
  const nodes: string[] = [];
  const edges: { source: string; target: string }[] = [];
  for (let i = 0; i < 200; i++) nodes.push(`table:${i}`, `fn:${i}`);
  for (let i = 0; i < 300; i++) nodes.push(`queue:${i}`, `dlq:${i}`);
  for (let i = 0; i < 400; i++) nodes.push(`plain:${i}`);
  for (let i = 0; i < 100; i++) edges.push({ source: `table:${i}`, target: `fn:${i}` });
  for (let i = 100; i < 200; i++) edges.push({ source: `queue:${i - 100}`, target: `fn:${i}` });
  for (let i = 0; i < 300; i++) edges.push({ source: `queue:${i}`, target: `dlq:${i}` });
  for (let i = 0; i < 200; i++) edges.push({ source: `fn:${i}`, target: `queue:${(i + 1) % 300}` });
  return { nodes, edges };
}

function timedRuns(work: () => void): number[] {
  return Array.from({ length: RUNS }, () => {
    const t = performance.now();
    work();
    return performance.now() - t;
  });
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/**
 * Eddy's layered layout (lib/flow/layout.ts) against dagre (@dagrejs/dagre, left to right, the
 * same gaps) on the 1,400-node benchmark graph: the layout runs in the browser on every
 * structure change, so its time adds to the graph's time to interactive.
 */
export async function benchFlowLayout(): Promise<BenchRow[]> {
  const { nodes, edges } = benchGraph();
  const own = timedRuns(() => layoutFlow(nodes, edges, { nodeWidth: NODE.width, nodeHeight: NODE.height }));
  const connected = new Set(edges.flatMap((e) => [e.source, e.target]));
  const layered = timedRuns(() => {
    const g = new dagre.graphlib.Graph();
    g.setGraph({ rankdir: 'LR', nodesep: 28, ranksep: 70 });
    g.setDefaultEdgeLabel(() => ({}));
    for (const n of nodes) if (connected.has(n)) g.setNode(n, { ...NODE });
    for (const e of edges) g.setEdge(e.source, e.target);
    dagre.layout(g);
  });
  const runs = (values: number[]) => values.map((v) => v.toFixed(0)).join(', ');
  return [
    { name: 'lib/flow/layout.ts, 1,400 nodes', value: median(own), unit: 'ms (median)', detail: `runs ${runs(own)} ms; all nodes (isolated ones in a grid)` },
    { name: 'dagre, 1,400 nodes', value: median(layered), unit: 'ms (median)', detail: `runs ${runs(layered)} ms; only the ${connected.size} connected nodes, network-simplex ranker` },
  ];
}
