'use client';

import { useQueryClient } from '@tanstack/react-query';
import { GapNotices } from '@/components/ui/gap-notices';
import { useEffect, useState, useSyncExternalStore } from 'react';
import { DlqList } from '@/components/overview/dlq-list';
import { HealthTiles } from '@/components/overview/health-tiles';
import { NeedsAttention } from '@/components/overview/needs-attention';
import { ErrorPanel } from '@/components/ui/error-panel';
import { AppError } from '@/lib/errors';
import { flowUnknowns } from '@/lib/flow/unknowns';
import { fetchFlowNow, flowKeys, useFlow } from '@/lib/queries/flow';
import type { FlowGraph } from '@/lib/types/flow';
import { FLOW_CANVAS_CLASS } from './flow-colours';
import { FlowGraphView } from './flow-graph';
import { FlowLegend } from './flow-legend';
import { FLOW_MARKS, markOnce } from './load-marks';
import { Time } from '../ui/time';

/**
 * The graph is drawn in the browser only: rendered on the server, xyflow writes every node card
 * into the HTML (3.5 MB and 31,000 elements at 1,400 nodes, all hydrated), where the browser
 * draws only those on screen. Its code is part of the page's own scripts, fetched with them while
 * the HTML arrives: loaded on demand (`next/dynamic`), it was asked for only once the page had
 * hydrated, and at 1,400 nodes on a busy machine that second round trip took seconds.
 */
function FlowGraphInBrowser(props: { nodes: FlowGraph['nodes']; edges: FlowGraph['edges'] }) {
  const inBrowser = useSyncExternalStore(noSubscription, isBrowser, isServer);
  if (!inBrowser)
    return (
      <div aria-busy="true" className={`${FLOW_CANVAS_CLASS} grid place-items-center text-sm text-slate-500`}>
        Drawing the graph…
      </div>
    );
  return <FlowGraphView {...props} />;
}
const noSubscription = () => () => undefined;
const isBrowser = () => true;
const isServer = () => false;

/** The home page: health tiles, the live flow graph, what needs attention, DLQs with messages. */
export function FlowDashboard({ initial }: { initial: FlowGraph }) {
  markOnce(FLOW_MARKS.dashboard);
  useEffect(() => markOnce(FLOW_MARKS.hydrated), []);
  const [paused, setPaused] = useState(false);
  const [refreshing, setRefreshing] = useState(false);
  const [refreshError, setRefreshError] = useState<AppError | null>(null);
  const client = useQueryClient();
  const query = useFlow(initial, paused);
  const flow = query.data ?? initial;

  const refreshNow = async () => {
    setRefreshing(true);
    setRefreshError(null);
    try {
      client.setQueryData(flowKeys.graph(), await fetchFlowNow());
    } catch (error) {
      setRefreshError(error instanceof AppError ? error : new AppError('internal', String(error)));
    } finally {
      setRefreshing(false);
    }
  };

  const error = refreshError ?? (query.error instanceof AppError ? query.error : null);
  const gaps = flow.gaps ?? [];
  const unknowns = flowUnknowns(gaps);
  return (
    <div className="space-y-6">
      <HealthTiles tiles={flow.tiles} unknowns={unknowns} />

      {error && <ErrorPanel code={error.code} message={`The flow could not be refreshed: ${error.message}`} detail="Showing the last figures Eddy read." onRetry={() => void refreshNow()} />}
      {flow.configErrors.length > 0 && (
        <div role="alert" aria-label="Configuration file problems" className="rounded-lg border border-amber-300 bg-amber-50 p-4 text-sm text-amber-950 dark:border-amber-800 dark:bg-amber-950/40 dark:text-amber-100">
          <p className="font-semibold">eddy.config.json has problems; what it declares is left out until they are fixed:</p>
          <ul className="mt-1 list-disc pl-5 font-mono text-xs">
            {flow.configErrors.map((e) => (
              <li key={e}>{e}</li>
            ))}
          </ul>
        </div>
      )}
      <GapNotices gaps={gaps} />
      {flow.warnings.map((w) => (
        <p key={w} role="status" className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-950 dark:border-amber-800 dark:bg-amber-950/40 dark:text-amber-100">
          {w}
        </p>
      ))}

      <section aria-labelledby="flow-heading" className="space-y-2">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <h2 id="flow-heading" className="text-sm font-semibold">
            Flow <span className="font-normal text-slate-500">— {flow.nodes.length} resources, {flow.edges.length} connections</span>
          </h2>
          <div className="flex items-center gap-3 text-xs text-slate-600 dark:text-slate-400">
            <span data-testid="flow-updated">
              figures <Time at={flow.figuresAt} format="time" />, configuration <Time at={flow.discoveredAt} format="time" />
            </span>
            <button
              type="button"
              aria-pressed={paused}
              onClick={() => setPaused((p) => !p)}
              className="rounded-md border border-slate-300 px-2 py-1 font-medium hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800"
            >
              {paused ? 'Resume live updates' : 'Pause live updates'}
            </button>
            <button
              type="button"
              onClick={() => void refreshNow()}
              disabled={refreshing}
              className="rounded-md border border-slate-300 px-2 py-1 font-medium hover:bg-slate-100 disabled:opacity-60 dark:border-slate-700 dark:hover:bg-slate-800"
            >
              {refreshing ? 'Discovering…' : 'Re-discover now'}
            </button>
          </div>
        </div>
        {flow.nodes.length === 0 ? (
          <p className="rounded-lg border border-dashed border-slate-300 p-8 text-center text-sm text-slate-600 dark:border-slate-700 dark:text-slate-400">
            {gaps.length > 0
              ? 'Nothing could be discovered: the services above did not answer. The graph is drawn as soon as they do.'
              : 'No tables, queues or functions were found in this account and region. Check the region, or declare workers in eddy.config.json.'}
          </p>
        ) : (
          <FlowGraphInBrowser nodes={flow.nodes} edges={flow.edges} />
        )}
        <FlowLegend />
      </section>

      <NeedsAttention findings={flow.findings} incomplete={gaps.length > 0} evaluatedAt={flow.healthEvaluatedAt} />
      <DlqList dlqs={flow.dlqsWithMessages} unknown={unknowns.queues} />
    </div>
  );
}
