'use client';

import { useQuery } from '@tanstack/react-query';
import { fetchJson } from '../fetch-json';
import type { LagRangeMinutes } from '../lag/ranges';
import type { FlowGraph, FlowTiles, FunctionMetrics, QueueLagSeries } from '../types/flow';

export const flowKeys = {
  all: ['flow'] as const,
  graph: () => [...flowKeys.all, 'graph'] as const,
  functionMetrics: (name: string, minutes: LagRangeMinutes) => [...flowKeys.all, 'function', name, minutes] as const,
  queueLag: (name: string, minutes: LagRangeMinutes) => [...flowKeys.all, 'queue', name, minutes] as const,
};

/** While a stream's rate is still being measured (Eddy's reader just started), ask again this soon. */
const MEASURING_REFETCH_MS = 2_000;

/**
 * The flow graph, refreshed every 5 s unless paused (the server samples at the same pace), every
 * 2 s for the first half minute while Eddy's own readers are still measuring streams' rates — the
 * server's answer is cached, so the sooner poll costs no AWS call, and Events/s shows within
 * seconds of the first load.
 */
export function useFlow(initialData: FlowGraph | undefined, paused: boolean) {
  return useQuery({
    queryKey: flowKeys.graph(),
    queryFn: ({ signal }) => fetchJson<FlowGraph>('/api/flow', { signal }),
    initialData,
    // The server's page came with the flow: no second request while the page is still loading
    // (at 1,400 nodes, 570 KiB for the same cached answer); the interval takes over.
    staleTime: MEASURING_REFETCH_MS,
    refetchInterval: (query) => flowRefetchInterval(query.state.data?.tiles, query.state.dataUpdateCount, paused),
  });
}

/**
 * How soon the flow is asked for again: never while paused; every 2 s while Eddy's own reader is
 * measuring a stream's rate (only at first: one that stays unmeasured goes back to 5 s); else
 * every 5 s. A rate CloudWatch gives (a minute's) does not come sooner for asking, and each ask
 * at 1,400 nodes is half a megabyte to read while the page is still drawing.
 */
export function flowRefetchInterval(tiles: Pick<FlowTiles, 'streamsBeingMeasured'> | undefined, updates: number, paused: boolean): number | false {
  if (paused) return false;
  const measuring = (tiles?.streamsBeingMeasured ?? 0) > 0;
  return measuring && updates < 15 ? MEASURING_REFETCH_MS : 5_000;
}

/** Re-discovers the whole account now rather than within the minute. */
export function fetchFlowNow(): Promise<FlowGraph> {
  return fetchJson<FlowGraph>('/api/flow?refresh=1');
}

/** A function's IteratorAge, Invocations and Errors (CloudWatch, one-minute resolution). */
export function useFunctionMetrics(name: string, minutes: LagRangeMinutes) {
  return useQuery({
    queryKey: flowKeys.functionMetrics(name, minutes),
    queryFn: ({ signal }) => fetchJson<FunctionMetrics>(`/api/flow/functions/${encodeURIComponent(name)}?minutes=${minutes}`, { signal }),
    refetchInterval: 30_000,
  });
}

/** A queue's oldest-message age and depth (CloudWatch). */
export function useQueueLag(name: string, minutes: LagRangeMinutes) {
  return useQuery({
    queryKey: flowKeys.queueLag(name, minutes),
    queryFn: ({ signal }) => fetchJson<QueueLagSeries>(`/api/flow/queues/${encodeURIComponent(name)}?minutes=${minutes}`, { signal }),
    refetchInterval: 30_000,
  });
}
