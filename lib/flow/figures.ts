import type { FigureSource, OldestAge } from '@/lib/types/figures';
import type { Finding, FlowEdge, FlowNode, FlowTiles, MappingSummary, NodeFigures } from '@/lib/types/flow';
import type { TopicFigures } from '@/lib/types/topics';
import { mappingVerdict, OK, verdictOf, worst } from '@/lib/health/verdict';
import { growthPerMinute, newDeadLetters, type DepthSample } from '@/lib/lag/queue-lag';
import { queueDepth } from '@/lib/queues/depth';
import { describeForecast, forecastDrain, NO_COUNTS_FORECAST } from '@/lib/queues/forecast';
import type { DiscoveredGraph, FlowConfiguration } from './discover';

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
  /**
   * Streams without a rate yet whose rate Eddy's own reader is measuring (it has read for less
   * than the minimum): the browser asks again sooner only while some are.
   */
  streamsBeingMeasured?: number;
  /** CloudWatch `AWS/SNS` figures per topic name; a topic absent here shows "—". */
  topicFigures?: ReadonlyMap<string, TopicFigures>;
}

/**
 * Dresses the discovered graph with live figures, colours it with the health engine's open
 * findings (`lib/health/verdict.ts`: the one verdict), and sums the tiles. Pure: the same
 * configuration, samples, findings and `now` give the same answer.
 */
export function applyFigures(
  graph: DiscoveredGraph,
  config: FlowConfiguration,
  live: LiveFigures,
  now: number,
  findings: readonly Finding[],
): { nodes: FlowNode[]; edges: FlowEdge[]; tiles: FlowTiles } {
  const verdict = verdictOf(findings);
  const queueByName = new Map(config.queues.map((q) => [q.name, q]));
  const mappingByUuid = new Map(config.mappings.map((m) => [m.uuid, m]));
  const mappingsByFunction = new Map<string, MappingSummary[]>();
  for (const m of config.mappings) mappingsByFunction.set(m.functionName, [...(mappingsByFunction.get(m.functionName) ?? []), m]);

  const samplesOf = (name: string) => live.queueSamples.get(name) ?? [];
  /** A mapping's colour: its own findings, its function's, and (for a queue) its source queue's. */
  const queueByArn = new Map(config.queues.map((q) => [q.arn, q]));
  const mappingState = (m: MappingSummary) => mappingVerdict(verdict, m, queueByArn);

  let deadLetters = 0;
  const deadLettersUnknownIn: string[] = [];
  let deadLettersNew: number | null = null;
  let earliestSample = now;

  const nodes = graph.nodes.map((n): FlowNode => {
    let figures: NodeFigures;
    let state = verdict.node(n.id);
    if (n.kind === 'table') {
      const table = config.tables.find((t) => t.name === n.name);
      const eventsSource = live.streamRateSources?.get(n.name);
      figures = { kind: 'table', hasStream: Boolean(table?.stream), eventsPerSecond: live.streamEventsPerSecond.get(n.name) ?? null, ...(eventsSource ? { eventsSource } : {}) };
    } else if (n.kind === 'function' || n.kind === 'consumer') {
      const mappings = mappingsByFunction.get(n.name) ?? [];
      const streamConsumer = mappings.some((m) => m.sourceKind === 'stream');
      const failing = mappings.filter((m) => mappingState(m).health === 'failing');
      figures = { kind: n.kind, iteratorAgeMs: streamConsumer ? (live.iteratorAgeMs.get(n.name) ?? null) : null, mappings: mappings.length, failingMappings: failing.length };
      for (const m of failing) state = worst(state, mappingState(m));
    } else if (n.kind === 'topic') {
      const topic = config.topics?.find((t) => t.name === n.name);
      const f = live.topicFigures?.get(n.name);
      figures = {
        kind: 'topic',
        publishedPerSecond: f?.publishedPerSecond ?? null,
        delivered: f?.recent.delivered ?? null,
        failed: f?.recent.failed ?? null,
        filteredOut: f?.recent.filteredOut ?? null,
        subscriptions: topic?.subscriptions.length ?? 0,
      };
    } else {
      const q = queueByName.get(n.name);
      // A queue named by a mapping or a redrive policy but not in the sample (another account or
      // region, ListQueues denied) has no figures Eddy measured: null ("—"), never 0.
      // A queue SQS answered without a count (`countsUnknown`) is null too, with its reason.
      const visible = q?.visible ?? null;
      const inFlight = q?.inFlight ?? null;
      const countsUnknown = q?.countsUnknownReason ? { countsUnknown: q.countsUnknownReason } : {};
      const samples = samplesOf(n.name);
      if (n.kind === 'dlq') {
        const messages = q ? (queueDepth(q) ?? null) : null;
        const added = newDeadLetters(samples, now, HOUR_MS);
        figures = { kind: 'dlq', messages, newLastHour: added, ...countsUnknown };
        // The tile's sum of what was measured: a DLQ SQS gave no count for is named beside it (the
        // sum is then a floor), one not sampled at all is an unknown of the page (lib/flow/unknowns.ts).
        if (messages !== null) deadLetters += messages;
        else if (q) deadLettersUnknownIn.push(n.name);
        if (added !== null) deadLettersNew = (deadLettersNew ?? 0) + added;
        if (samples.length > 0) earliestSample = Math.min(earliestSample, samples[0].t);
      } else {
        figures = {
          kind: 'queue',
          visible,
          inFlight,
          ...countsUnknown,
          oldestAgeSeconds: live.oldestAgeSeconds.get(n.name) ?? null,
          ...(live.oldestAges?.has(n.name) ? { oldestAge: graphOldestAge(live.oldestAges.get(n.name)!) } : {}),
          growthPerMinute: growthPerMinute(samples.slice(-6)),
          forecast: describeForecast(q && queueDepth(q) === undefined ? NO_COUNTS_FORECAST : forecastDrain(samples.map((s) => ({ at: s.t, depth: s.depth })))),
        };
      }
    }
    return { ...n, figures, health: state.health, healthReason: state.reason };
  });
  const nodeById = new Map(nodes.map((n) => [n.id, n]));

  const edges = graph.edges.map((e): FlowEdge => {
    let state = OK;
    if (e.kind === 'mapping' && e.mappingUuid) {
      const m = mappingByUuid.get(e.mappingUuid);
      if (m) state = mappingState(m);
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
      ...(deadLettersUnknownIn.length > 0 ? { deadLettersUnknownIn } : {}),
      deadLettersNewLastHour: deadLettersNew,
      deadLettersWindowMs: Math.min(HOUR_MS, now - earliestSample),
      worstIteratorAge,
      eventsPerSecond: rates.length > 0 ? rates.reduce((a, b) => a + b, 0) : null,
      eventsPerSecondSources: rateSources,
      streams: config.tables.filter((t) => t.stream).length,
      streamsMeasured: rates.length,
      streamsBeingMeasured: live.streamsBeingMeasured ?? 0,
      failingMappings: config.mappings.filter((m) => mappingState(m).health === 'failing').length,
      mappings: config.mappings.length,
    },
  };
}

/**
 * A queue's oldest-message age as the graph shows it: an empty queue's without the time of the
 * sample that found it empty (the flow's `figuresAt` says when). Otherwise every empty queue's
 * node would change with every sample, and the browser redraw each of them every few seconds
 * for a figure that reads "empty" all along.
 */
export function graphOldestAge(age: OldestAge): OldestAge {
  return age.state === 'empty' ? { state: 'empty' } : age;
}

/** DLQs holding messages, most first. */
export function dlqsHoldingMessages(nodes: readonly FlowNode[]): { name: string; messages: number }[] {
  return nodes
    .flatMap((n) => (n.figures.kind === 'dlq' && n.figures.messages !== null && n.figures.messages > 0 ? [{ name: n.name, messages: n.figures.messages }] : []))
    .sort((a, b) => b.messages - a.messages || a.name.localeCompare(b.name));
}
