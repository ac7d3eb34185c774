'use client';

import { Handle, Position, type Node, type NodeHandle, type NodeProps } from '@xyflow/react';
import Link from '@/components/ui/env-link';
import { HEALTH_LABEL, NODE_KIND_LABEL, nodeFigureLines } from '@/lib/flow/labels';
import type { FlowNode } from '@/lib/types/flow';

export type FlowNodeData = { node: FlowNode };

/**
 * The card's fixed size: given to xyflow up front, so off-screen nodes need no measuring. Tall
 * enough for the kind line, the name and three figure lines (a queue's), one figure a line at
 * 12 px, so no figure is ever cut.
 */
export const NODE_WIDTH = 248;
export const NODE_HEIGHT = 120;
export type FlowGraphNode = Node<FlowNodeData, 'resource'>;

/** The handles' size (`!h-2 !w-2`): centred on the card's left and right edges by xyflow's CSS. */
const HANDLE_SIZE = 8;

/**
 * Where the card's two handles sit, given to xyflow up front. Without them xyflow draws every
 * node once to measure its handles — at 1,400 nodes 17,000 elements created, laid out and removed
 * before the first paint — and again each time a node's object changes (every queue's figures,
 * every sample), whether it is on screen or not.
 */
export const NODE_HANDLES: NodeHandle[] = [
  { type: 'target', position: Position.Left, x: -HANDLE_SIZE / 2, y: NODE_HEIGHT / 2 - HANDLE_SIZE / 2, width: HANDLE_SIZE, height: HANDLE_SIZE },
  { type: 'source', position: Position.Right, x: NODE_WIDTH - HANDLE_SIZE / 2, y: NODE_HEIGHT / 2 - HANDLE_SIZE / 2, width: HANDLE_SIZE, height: HANDLE_SIZE },
];

const healthBorder = {
  ok: 'border-slate-300 dark:border-slate-700',
  lagging: 'border-amber-500 ring-2 ring-amber-300/60 dark:ring-amber-700/60',
  failing: 'border-rose-500 ring-2 ring-rose-300/60 dark:ring-rose-800/60',
} as const;

const healthBadge = {
  ok: 'bg-emerald-100 text-emerald-800 dark:bg-emerald-900/50 dark:text-emerald-200',
  lagging: 'bg-amber-100 text-amber-900 dark:bg-amber-900/50 dark:text-amber-100',
  failing: 'bg-rose-100 text-rose-800 dark:bg-rose-900/50 dark:text-rose-100',
} as const;

const kindAccent = {
  table: 'bg-sky-500',
  function: 'bg-violet-500',
  consumer: 'bg-fuchsia-500',
  queue: 'bg-teal-500',
  dlq: 'bg-rose-500',
  topic: 'bg-amber-500',
} as const;

/** One resource of the flow: its kind, AWS name, live figures and health; a link to its page. */
export function FlowNodeCard({ data }: NodeProps<FlowGraphNode>) {
  const n = data.node;
  const lines = nodeFigureLines(n.figures);
  return (
    <>
      <Handle type="target" position={Position.Left} isConnectable={false} className="!h-2 !w-2 !border-0 !bg-slate-400" />
      <Link
        href={n.href}
        prefetch={false}
        aria-label={`${NODE_KIND_LABEL[n.kind]} ${n.name}`}
        data-testid="flow-node"
        data-node-id={n.id}
        data-health={n.health}
        title={n.healthReason ? `${n.name}: ${n.healthReason}` : n.name}
        className={`pointer-events-auto block h-[120px] w-[248px] overflow-hidden rounded-lg border bg-white px-3 py-2 text-left shadow-sm outline-none hover:border-sky-500 focus-visible:ring-2 focus-visible:ring-sky-500 dark:bg-slate-900 ${healthBorder[n.health]}`}
      >
        <span className="flex items-center gap-1.5 text-xs uppercase tracking-wide text-slate-500 dark:text-slate-400">
          <span aria-hidden="true" className={`inline-block h-2 w-2 rounded-sm ${kindAccent[n.kind]}`} />
          {NODE_KIND_LABEL[n.kind]}
          {n.health !== 'ok' && <span className={`ml-auto rounded px-1.5 text-xs font-semibold normal-case ${healthBadge[n.health]}`}>{HEALTH_LABEL[n.health]}</span>}
        </span>
        <span className="block truncate font-mono text-sm font-medium">{n.name}</span>
        <span className="mt-0.5 block text-xs leading-4 text-slate-600 dark:text-slate-300">
          {lines.map((line) => (
            <span key={line.label} title={line.title} data-figure={line.label} className="block whitespace-nowrap">
              {line.label} <span className="font-semibold tabular-nums">{line.value}</span>
            </span>
          ))}
        </span>
      </Link>
      <Handle type="source" position={Position.Right} isConnectable={false} className="!h-2 !w-2 !border-0 !bg-slate-400" />
    </>
  );
}
