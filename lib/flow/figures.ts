import type { FigureSource, OldestAge } from '@/lib/types/figures';
import type { FlowEdge, FlowNode, FlowTiles, Health, MappingSummary, NodeFigures } from '@/lib/types/flow';
import { dlqHealth, growthPerMinute, newDeadLetters, queueHealth, type DepthSample } from '@/lib/lag/queue-lag';
import { ITERATOR_AGE_LAGGING_MS } from '@/lib/lag/thresholds';
import { queueDepth } from '@/lib/queues/depth';
import { describeForecast, forecastDrain } from '@/lib/queues/forecast';
import { queueNameFromArn } from './arn';
import type { DiscoveredGraph, FlowConfiguration } from './discover';
import { isDisabledState, isProblemResult } from './findings';

const HOUR_MS = 3_600_000;

/** What Eddy measured: depth samples it took, and CloudWatch's latest datapoints. */
export interface LiveFigures {
  /** Depth samples per queue name (`lib/queues/depth.ts`: visible + in flight + delayed), oldest first. */
  queueSamples: ReadonlyMap<string, readonly DepthSample[]>;
  /** Latest ApproximateAgeOfOldestMessage (s) per queue name; absent when empty or unknown. */
  oldestAgeSeconds: ReadonlyMap<string, number>;
  /** The age of each queue's oldest message with its source (`lib/queues/oldest-age.ts`). */
  oldestAges?: ReadonlyMap<string, OldestAge>;
  /** Latest IteratorAge Maximum (ms) per function name. */
  iteratorAgeMs: ReadonlyMap<string, number>;
  /**
   * Events per second per table's stream, from Eddy's live stream tails (`server/live/`); a
   * table without a running tail is absent, which shows "—", never a made-up zero.
   */
  streamEventsPerSecond: ReadonlyMap<string, number>;
  /** Where each stream's rate comes from (Eddy's reader or a CloudWatch minute). */
  streamRateSources?: ReadonlyMap<string, FigureSource>;
}

/** A mapping's own health: failing when disabled or reporting a problem. */
export function mappingHealth(m: MappingSummary): { health: Health; reason: string } {
  if (isDisabledState(m.state)) return { health: 'failing', reason: `mapping ${m.state.toLowerCase()}` };
  if (isProblemResult(m.lastProcessingResult)) return { health: 'failing', reason: m.lastProcessingResult ?? 'problem' };
  return { health: 'ok', reason: '' };
}

function worst(a: { health: Health; reason: string }, b: { health: Health; reason: string }) {
  const rank = { failing: 2, lagging: 1, ok: 0 } as const;
  return rank[b.health] > rank[a.health] ? b : a;
}

/**
 * Dresses the discovered graph with live figures and health, and sums the tiles. Pure: the same
 * configuration, samples and `now` give the same answer.
 */
export function applyFigures(graph: DiscoveredGraph, config: FlowConfiguration, live: LiveFigures, now: number): { nodes: FlowNode[]; edges: FlowEdge[]; tiles: FlowTiles } {
  const queueByName = new Map(config.queues.map((q) => [q.name, q]));
  const mappingByUuid = new Map(config.mappings.map((m) => [m.uuid, m]));
  const mappingsByFunction = new Map<string, MappingSummary[]>();
  for (const m of config.mappings) mappingsByFunction.set(m.functionName, [...(mappingsByFunction.get(m.functionName) ?? []), m]);

  const samplesOf = (name: string) => live.queueSamples.get(name) ?? [];
  const queueState = new Map<string, { health: Health; reason: string }>();
  const queueStateOf = (name: string) => {
    let state = queueState.get(name);
    if (!state) {
      state = queueHealth(samplesOf(name), live.oldestAgeSeconds.get(name) ?? null);
      queueState.set(name, state);
    }
    return state;
  };
  const streamLagOf = (functionName: string) => {
    const age = live.iteratorAgeMs.get(functionName);
    return age !== undefined && age >= ITERATOR_AGE_LAGGING_MS ? { health: 'lagging' as const, reason: `iterator age ${Math.round(age / 1000)} s` } : { health: 'ok' as const, reason: '' };
  };

  let deadLetters = 0;
  let deadLettersNew: number | null = null;
  let earliestSample = now;

  const nodes = graph.nodes.map((n): FlowNode => {
    let figures: NodeFigures;
    let state = { health: 'ok' as Health, reason: '' };
    if (n.kind === 'table') {
      const table = config.tables.find((t) => t.name === n.name);
      const eventsSource = live.streamRateSources?.get(n.name);
      figures = { kind: 'table', hasStream: Boolean(table?.stream), eventsPerSecond: live.streamEventsPerSecond.get(n.name) ?? null, ...(eventsSource ? { eventsSource } : {}) };
    } else if (n.kind === 'function' || n.kind === 'consumer') {
      const mappings = mappingsByFunction.get(n.name) ?? [];
      const streamConsumer = mappings.some((m) => m.sourceKind === 'stream');
      const failing = mappings.filter((m) => mappingHealth(m).health === 'failing');
      figures = { kind: n.kind, iteratorAgeMs: streamConsumer ? (live.iteratorAgeMs.get(n.name) ?? null) : null, mappings: mappings.length, failingMappings: failing.length };
      if (streamConsumer) state = streamLagOf(n.name);
      for (const m of failing) state = worst(state, mappingHealth(m));
    } else {
      const q = queueByName.get(n.name);
      // A queue named by a mapping or a redrive policy but not in the sample (another account or
      // region, ListQueues denied) has no figures Eddy measured: null ("—"), never 0.
      const visible = q ? q.visible : null;
      const inFlight = q ? q.inFlight : null;
      const samples = samplesOf(n.name);
      if (n.kind === 'dlq') {
        const messages = q ? queueDepth(q) : null;
        const added = newDeadLetters(samples, now, HOUR_MS);
        figures = { kind: 'dlq', messages, newLastHour: added };
        deadLetters += messages ?? 0; // the tile's sum of what was measured; unmeasured DLQs are unknowns (lib/flow/unknowns.ts)
        if (added !== null) deadLettersNew = (deadLettersNew ?? 0) + added;
        if (samples.length > 0) earliestSample = Math.min(earliestSample, samples[0].t);
        state = dlqHealth(samples, now);
      } else {
        figures = {
          kind: 'queue',
          visible,
          inFlight,
          oldestAgeSeconds: live.oldestAgeSeconds.get(n.name) ?? null,
          ...(live.oldestAges?.has(n.name) ? { oldestAge: live.oldestAges.get(n.name) } : {}),
          growthPerMinute: growthPerMinute(samples.slice(-6)),
          forecast: describeForecast(forecastDrain(samples.map((s) => ({ at: s.t, depth: s.depth })))),
        };
        state = queueStateOf(n.name);
      }
    }
    return { ...n, figures, health: state.health, healthReason: state.reason };
  });
  const nodeById = new Map(nodes.map((n) => [n.id, n]));

  const edges = graph.edges.map((e): FlowEdge => {
    let state = { health: 'ok' as Health, reason: '' };
    if (e.kind === 'mapping' && e.mappingUuid) {
      const m = mappingByUuid.get(e.mappingUuid);
      if (m) {
        if (m.sourceKind === 'stream') state = streamLagOf(m.functionName);
        else if (m.sourceKind === 'queue') state = queueStateOf(queueNameFromArn(m.sourceArn) ?? '');
        state = worst(state, mappingHealth(m));
      }
    } else if (e.kind === 'on-failure' || e.kind === 'redrive') {
      const target = nodeById.get(e.target);
      if (target) state = { health: target.health, reason: target.healthReason };
    }
    return { ...e, health: state.health, healthReason: state.reason };
  });

  let worstIteratorAge: FlowTiles['worstIteratorAge'] = null;
  for (const [functionName, ms] of live.iteratorAgeMs) {
    if (!(mappingsByFunction.get(functionName) ?? []).some((m) => m.sourceKind === 'stream')) continue;
    if (!worstIteratorAge || ms > worstIteratorAge.ms) worstIteratorAge = { functionName, ms };
  }
  const rates = [...live.streamEventsPerSecond.values()];
  const rateSources = [...(live.streamRateSources?.values() ?? [])];
  return {
    nodes,
    edges,
    tiles: {
      deadLetters,
      deadLettersNewLastHour: deadLettersNew,
      deadLettersWindowMs: Math.min(HOUR_MS, now - earliestSample),
      worstIteratorAge,
      eventsPerSecond: rates.length > 0 ? rates.reduce((a, b) => a + b, 0) : null,
      eventsPerSecondSources: rateSources,
      streams: config.tables.filter((t) => t.stream).length,
      streamsMeasured: rates.length,
      failingMappings: config.mappings.filter((m) => mappingHealth(m).health === 'failing').length,
      mappings: config.mappings.length,
    },
  };
}

/** DLQs holding messages, most first. */
export function dlqsHoldingMessages(nodes: readonly FlowNode[]): { name: string; messages: number }[] {
  return nodes
    .flatMap((n) => (n.figures.kind === 'dlq' && n.figures.messages !== null && n.figures.messages > 0 ? [{ name: n.name, messages: n.figures.messages }] : []))
    .sort((a, b) => b.messages - a.messages || a.name.localeCompare(b.name));
}
