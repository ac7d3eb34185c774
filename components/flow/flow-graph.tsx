'use client';

import '@xyflow/react/dist/style.css';
import { Background, Controls, MarkerType, ReactFlow, type Edge } from '@xyflow/react';
import { useMemo } from 'react';
import { EDGE_KIND_LABEL, HEALTH_LABEL, NODE_KIND_LABEL } from '@/lib/flow/labels';
import { layoutFlow } from '@/lib/flow/layout';
import type { FlowEdge, FlowNode } from '@/lib/types/flow';
import { EDGE_COLOURS } from './flow-colours';
import { FlowNodeCard, NODE_HEIGHT, NODE_WIDTH, type FlowGraphNode } from './flow-node';

const nodeTypes = { resource: FlowNodeCard };

/** Above this many nodes only what is on screen is rendered, so a large account stays responsive. */
const VISIBLE_ONLY_ABOVE = 150;

function describeEdge(e: FlowEdge, byId: Map<string, FlowNode>): string {
  const name = (id: string) => {
    const n = byId.get(id);
    return n ? `${NODE_KIND_LABEL[n.kind]} ${n.name}` : id;
  };
  return `${name(e.source)} to ${name(e.target)}, ${EDGE_KIND_LABEL[e.kind]} ${e.label}${e.detail ? ` (${e.detail})` : ''}, ${HEALTH_LABEL[e.health]}${e.healthReason ? ` (${e.healthReason})` : ''}`;
}

/**
 * The flow graph: resources left to right in the order events travel, edges coloured by health.
 * Positions depend only on the graph's structure, so live figures update without anything moving.
 */
export function FlowGraphView({ nodes, edges }: { nodes: FlowNode[]; edges: FlowEdge[] }) {
  const structureKey = `${nodes.map((n) => n.id).join('|')}#${edges.map((e) => e.id).join('|')}`;
  const positions = useMemo(
    () => layoutFlow(nodes.map((n) => n.id), edges, { nodeWidth: NODE_WIDTH, nodeHeight: NODE_HEIGHT }),
    // Re-layout only when the structure changes, not when a figure does: the key names every node and edge.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [structureKey],
  );
  const byId = useMemo(() => new Map(nodes.map((n) => [n.id, n])), [nodes]);

  const flowNodes = useMemo(
    (): FlowGraphNode[] =>
      nodes.map((n) => ({
        id: n.id,
        type: 'resource',
        position: positions.get(n.id) ?? { x: 0, y: 0 },
        data: { node: n },
        width: NODE_WIDTH,
        height: NODE_HEIGHT,
        draggable: false,
        selectable: false,
        connectable: false,
      })),
    [nodes, positions],
  );
  const flowEdges = useMemo(
    (): Edge[] =>
      edges.map((e) => {
        const colour = EDGE_COLOURS[e.health];
        const dashed = e.kind === 'environment' || e.kind === 'declared';
        return {
          id: e.id,
          source: e.source,
          target: e.target,
          className: `health-${e.health} kind-${e.kind}`,
          ariaLabel: describeEdge(e, byId),
          animated: e.kind === 'mapping' && e.health !== 'failing',
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
          labelStyle: { fontSize: 10, fill: '#475569' },
          labelBgStyle: { fillOpacity: 0.8 },
          style: { stroke: colour, strokeWidth: e.health === 'ok' ? 1.5 : 2.5, strokeDasharray: dashed ? '5 4' : undefined },
          markerEnd: { type: MarkerType.ArrowClosed, color: colour, width: 16, height: 16 },
        };
      }),
    [edges, byId],
  );

  return (
    <div className="h-[560px] w-full overflow-hidden rounded-lg border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900" data-testid="flow-graph">
      <ReactFlow
        nodes={flowNodes}
        edges={flowEdges}
        nodeTypes={nodeTypes}
        fitView
        fitViewOptions={{ padding: 0.15, maxZoom: 1.1 }}
        minZoom={0.05}
        maxZoom={2}
        nodesDraggable={false}
        nodesConnectable={false}
        elementsSelectable={false}
        onlyRenderVisibleElements={nodes.length > VISIBLE_ONLY_ABOVE}
        proOptions={{ hideAttribution: true }}
        aria-label="Flow graph"
      >
        <Background gap={24} size={1} />
        <Controls showInteractive={false} position="bottom-right" />
      </ReactFlow>
    </div>
  );
}
