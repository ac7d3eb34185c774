'use client';

import '@xyflow/react/dist/style.css';
import { Background, Controls, MarkerType, ReactFlow, type Edge } from '@xyflow/react';
import { useMemo } from 'react';
import { EDGE_KIND_LABEL, HEALTH_LABEL, NODE_KIND_LABEL } from '@/lib/flow/labels';
import { layoutFlow } from '@/lib/flow/layout';
import type { FlowEdge, FlowNode } from '@/lib/types/flow';
import { EDGE_COLOURS, FLOW_CANVAS_CLASS, FLOW_FITTED_CANVAS_CLASS } from './flow-colours';
import { FLOW_MARKS, markOnce } from './load-marks';
import { FlowNodeCard, NODE_HANDLES, NODE_HEIGHT, NODE_WIDTH, type FlowGraphNode } from './flow-node';

const nodeTypes = { resource: FlowNodeCard };
markOnce(FLOW_MARKS.graphCode);

/**
 * Above this many nodes the graph is "large": only what is on screen is rendered, edges do not
 * animate, layers start at the top, and the first view shows the top-left of the flow at a
 * readable zoom instead of every node at a zoom where none can be read (and all must be drawn).
 */
const LARGE_ABOVE = 150;
/** The first view of a large graph: its top rows, its first columns. */
const START_ROWS = 3;
const START_COLUMNS = 4;
const ROW_GAP = 28;
/** Edge labels are drawn between columns: each gap fits its longest label at 12 px (about 7 px a character). */
const LABEL_CHAR_PX = 7;
const MIN_COLUMN_GAP = 90;
const MAX_COLUMN_GAP = 260;

/** The room an edge's label needs between its columns (an environment edge has none). */
function labelGap(e: FlowEdge): number {
  return e.kind === 'environment' ? MIN_COLUMN_GAP : Math.min(MAX_COLUMN_GAP, Math.max(MIN_COLUMN_GAP, e.label.length * LABEL_CHAR_PX + 48));
}

function describeEdge(e: FlowEdge, byId: Map<string, FlowNode>): string {
  const name = (id: string) => {
    const n = byId.get(id);
    return n ? `${NODE_KIND_LABEL[n.kind]} ${n.name}` : id;
  };
  return `${name(e.source)} to ${name(e.target)}, ${EDGE_KIND_LABEL[e.kind]} ${e.label}${e.detail ? ` (${e.detail})` : ''}, ${HEALTH_LABEL[e.health]}${e.healthReason ? ` (${e.healthReason})` : ''}`;
}

const ORIGIN = { x: 0, y: 0 };

/**
 * xyflow's objects for the graph's nodes and edges, kept per object of the flow: react-query's
 * structural sharing keeps a node's object while its figures do not change, so a refresh every
 * 5 s hands xyflow new objects only for what changed. xyflow then keeps every other node as it
 * was (no re-measuring, no re-render): at 1,400 nodes, rebuilding all of them each refresh kept
 * the page busy for longer than the refresh interval on a loaded machine.
 */
const flowNodeCache = new WeakMap<FlowNode, FlowGraphNode>();
const flowEdgeCache = new WeakMap<FlowEdge, { large: boolean; edge: Edge }>();

function toFlowNode(n: FlowNode, position: { x: number; y: number }): FlowGraphNode {
  const cached = flowNodeCache.get(n);
  if (cached && cached.position.x === position.x && cached.position.y === position.y) return cached;
  const node: FlowGraphNode = {
    id: n.id,
    type: 'resource',
    position,
    data: { node: n },
    width: NODE_WIDTH,
    height: NODE_HEIGHT,
    handles: NODE_HANDLES,
    draggable: false,
    selectable: false,
    connectable: false,
  };
  flowNodeCache.set(n, node);
  return node;
}

/** An edge's names come from its ends' ids, which never change name: the cache holds while the edge's object does. */
function toFlowEdge(e: FlowEdge, byId: Map<string, FlowNode>, large: boolean): Edge {
  const cached = flowEdgeCache.get(e);
  if (cached && cached.large === large) return cached.edge;
  const colour = EDGE_COLOURS[e.health];
  const dashed = e.kind === 'environment' || e.kind === 'declared';
  const edge: Edge = {
    id: e.id,
    source: e.source,
    target: e.target,
    className: `health-${e.health} kind-${e.kind}`,
    ariaLabel: describeEdge(e, byId),
    animated: !large && e.kind === 'mapping' && e.health !== 'failing',
    selectable: false,
    focusable: true,
    // A subscription's label abbreviates its filter policy; the whole of it shows on hover.
    label: e.kind === 'environment' ? undefined : e.detail ? (
      <tspan>
        <title>{e.detail}</title>
        {e.label}
      </tspan>
    ) : (
      e.label
    ),
    labelStyle: { fontSize: 12 },
    labelBgStyle: { fillOpacity: 0.9 },
    labelBgPadding: [4, 2] as [number, number],
    style: { stroke: colour, strokeWidth: e.health === 'ok' ? 1.5 : 2.5, strokeDasharray: dashed ? '5 4' : undefined },
    markerEnd: { type: MarkerType.ArrowClosed, color: colour, width: 16, height: 16 },
  };
  flowEdgeCache.set(e, { large, edge });
  return edge;
}

/**
 * The flow graph: resources left to right in the order events travel, edges coloured by health.
 * Positions depend only on the graph's structure, so live figures update without anything moving.
 */
export function FlowGraphView({ nodes, edges }: { nodes: FlowNode[]; edges: FlowEdge[] }) {
  const structureKey = `${nodes.map((n) => n.id).join('|')}#${edges.map((e) => `${e.id}:${e.kind === 'environment' ? '' : e.label}`).join('|')}`;
  const large = nodes.length > LARGE_ABOVE;
  const { positions, start, aspect } = useMemo(
    () => {
      markOnce(FLOW_MARKS.layoutStart);
      const positions = layoutFlow(
        nodes.map((n) => n.id),
        edges.map((e) => ({ source: e.source, target: e.target, gap: labelGap(e) })),
        { nodeWidth: NODE_WIDTH, nodeHeight: NODE_HEIGHT, columnGap: MIN_COLUMN_GAP, rowGap: ROW_GAP, align: large ? 'top' : 'centre' },
      );
      let start: { id: string }[] | undefined;
      if (large) {
        const top = [...positions].filter(([, p]) => p.y < START_ROWS * (NODE_HEIGHT + ROW_GAP));
        const columns = [...new Set(top.map(([, p]) => p.x))].sort((a, b) => a - b);
        const beyond = columns[START_COLUMNS] ?? Number.POSITIVE_INFINITY;
        start = top.filter(([, p]) => p.x < beyond).map(([id]) => ({ id }));
      }
      markOnce(FLOW_MARKS.layoutEnd);
      // The graph's extent, for a small graph's canvas to take its proportions.
      let width = 0;
      let height = 0;
      for (const p of positions.values()) {
        width = Math.max(width, p.x + NODE_WIDTH);
        height = Math.max(height, p.y + NODE_HEIGHT);
      }
      return { positions, start, aspect: height > 0 ? `${Math.round(width)} / ${Math.round(height)}` : undefined };
    },
    // Re-layout only when the structure changes, not when a figure does: the key names every node and edge.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [structureKey],
  );
  const byId = useMemo(() => new Map(nodes.map((n) => [n.id, n])), [nodes]);

  const flowNodes = useMemo(() => nodes.map((n) => toFlowNode(n, positions.get(n.id) ?? ORIGIN)), [nodes, positions]);
  const flowEdges = useMemo(() => edges.map((e) => toFlowEdge(e, byId, large)), [edges, byId, large]);

  return (
    <div className={large ? FLOW_CANVAS_CLASS : FLOW_FITTED_CANVAS_CLASS} style={large ? undefined : { aspectRatio: aspect }} data-testid="flow-graph">
      <ReactFlow
        nodes={flowNodes}
        edges={flowEdges}
        nodeTypes={nodeTypes}
        fitView
        fitViewOptions={start ? { nodes: start, padding: 0.05, maxZoom: 1, minZoom: 0.5 } : { padding: 0.08, maxZoom: 1.25 }}
        colorMode="system"
        minZoom={0.05}
        maxZoom={2}
        nodesDraggable={false}
        nodesConnectable={false}
        elementsSelectable={false}
        onlyRenderVisibleElements={large}
        proOptions={{ hideAttribution: true }}
        aria-label="Flow graph"
        onInit={() => markOnce(FLOW_MARKS.graphReady)}
      >
        <Background gap={24} size={1} />
        <Controls showInteractive={false} position="bottom-right" />
      </ReactFlow>
    </div>
  );
}
