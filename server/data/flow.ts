import 'server-only';
import { mapLimit } from '@/lib/concurrency';
import { deadLetterArns, discoverFlow, type FlowConfiguration } from '@/lib/flow/discover';
import { applyFigures, dlqsHoldingMessages, type LiveFigures } from '@/lib/flow/figures';
import { findConfigurationIssues } from '@/lib/flow/findings';
import type { DepthSample } from '@/lib/lag/queue-lag';
import { toAppError } from '@/lib/errors';
import type { Gap } from '@/lib/types/access';
import type { FlowGraph, FunctionSummary, MappingSummary } from '@/lib/types/flow';
import type { QueueSummary } from '@/lib/types/queues';
import type { TableSummary } from '@/lib/types/tables';
import { getMetricData, metricId, type MetricQuery } from '../aws/cloudwatch';
import { describeTable, listTableNames } from '../aws/dynamodb';
import { listEventSourceMappings, listFunctions } from '../aws/lambda';
import { getQueue, listQueueUrls } from '../aws/sqs';
import { getLiveRegistry, getStreamActivity } from '../live';
import { loadEddyConfig } from './config-file';
import { Gaps, gapOf } from './settle';

/** Tables, functions and the queue list change rarely: re-discovered at most once a minute. */
const STRUCTURE_TTL_MS = 60_000;
/** Queue depths and mapping states: sampled every 5 s while someone watches. */
export const SAMPLE_INTERVAL_MS = 5_000;
/** CloudWatch has one-minute resolution: reading it more often buys nothing. */
const METRICS_TTL_MS = 30_000;
/** Sampling stops when nobody asked for the flow for this long. */
const IDLE_STOP_MS = 10 * 60_000;
/** Samples are kept a little over an hour ("new dead letters in the last hour"). */
const SAMPLE_KEEP_MS = 65 * 60_000;
const MAX_SAMPLES_PER_QUEUE = 1_000;
/** DescribeTable and GetQueueAttributes in flight at once: hundreds of resources in seconds, no burst. */
const DESCRIBE_CONCURRENCY = 8;
const ATTRIBUTE_CONCURRENCY = 16;
/** Metrics are read over the last 10 minutes and the newest datapoint is used. */
const METRICS_WINDOW_MS = 10 * 60_000;

interface Structure {
  tables: TableSummary[];
  functions: FunctionSummary[];
  queueUrls: string[];
  at: number;
  /** What could not be discovered (a service unreachable, an action denied). */
  gaps: Gap[];
}

interface Sample {
  queues: QueueSummary[];
  mappings: MappingSummary[];
  at: number;
  gaps: Gap[];
}

interface Metrics {
  oldestAgeSeconds: Map<string, number>;
  iteratorAgeMs: Map<string, number>;
  at: number;
  warning?: string;
}

/** Runs `work` once for concurrent callers. */
function singleFlight<T>(work: () => Promise<T>): () => Promise<T> {
  let inFlight: Promise<T> | undefined;
  return () => {
    inFlight ??= work().finally(() => {
      inFlight = undefined;
    });
    return inFlight;
  };
}

/**
 * Discovers the flow from AWS configuration and keeps it fresh: the structure (tables, functions,
 * queue list) once a minute, queue depths and mapping states every few seconds while someone
 * watches (each refresh adds a depth sample per queue, which is what lag and "new dead letters"
 * are measured from), CloudWatch lag metrics every 30 s. Everything is cached and single-flight,
 * so any number of browsers cost the same AWS calls.
 */
export class FlowMonitor {
  private structure?: Structure;
  private sample?: Sample;
  private metrics?: Metrics;
  private readonly samples = new Map<string, DepthSample[]>();
  private timer?: ReturnType<typeof setInterval>;
  private lastAskedAt = 0;
  private lastFullSampleAt = 0;
  private fullSampleRequested = false;
  /** URLs of the queues that have an edge in the last graph drawn. */
  private connectedQueueUrls = new Set<string>();
  /** Why the last background sample failed, reported once the figures grow stale. */
  private sampleError?: unknown;

  /**
   * `now`: the clock samples are stamped with (tests move it; CloudWatch ranges use it too).
   * `streamRates`: events/s per table's stream; none by default, the live tails in the app.
   */
  constructor(
    private readonly now: () => number = Date.now,
    private readonly streamRates: StreamRateSource = () => new Map(),
    private readonly streamGaps: StreamGapSource = () => [],
  ) {}

  private readonly loadStructure = singleFlight(async (): Promise<Structure> => {
    // Each service on its own: one that is down or denied costs its part of the graph, not the graph.
    const gaps = new Gaps();
    const [tableNames, functions, queueUrls] = await Promise.all([
      gaps.part(listTableNames(), [], 'the graph shows queues and consumers only, no tables'),
      gaps.part(listFunctions(), [], 'the graph shows tables and queues only'),
      gaps.part(listQueueUrls(), [], 'the graph shows no queues'),
    ]);
    const described = await mapLimit(tableNames, DESCRIBE_CONCURRENCY, (name) => gaps.part(describeTable(name), undefined, `table ${name} is left out`));
    const tables = described.filter((t): t is TableSummary => t !== undefined);
    this.structure = { tables, functions, queueUrls, at: this.now(), gaps: gaps.list };
    return this.structure;
  });

  private readonly loadSample = singleFlight(async (): Promise<Sample> => {
    const structure = await this.currentStructure(false);
    // Stamped when it starts, so a sample that takes a second does not push the next one a tick later.
    const at = this.now();
    const previous = this.sample;
    // Queues in the flow (with an edge) are sampled every time; the rest, whose depth changes no
    // health, only with each structure refresh: a large account pays for what the graph shows.
    const full = this.fullSampleRequested || !previous || this.now() - this.lastFullSampleAt >= STRUCTURE_TTL_MS || structure.queueUrls.some((url) => !previous.queues.some((q) => q.url === url));
    const urls = full ? structure.queueUrls : structure.queueUrls.filter((url) => this.connectedQueueUrls.has(url));
    const gaps = new Gaps();
    const [sampled, mappings] = await Promise.all([
      mapLimit(urls, ATTRIBUTE_CONCURRENCY, (url) =>
        gaps.part(
          getQueue(url).catch((error) => (toAppError(error).code === 'not_found' ? undefined : Promise.reject(error))),
          undefined,
          'queues whose attributes cannot be read are left out',
        ),
      ),
      gaps.part(listEventSourceMappings(), [], 'no Lambda consumers or on-failure destinations are drawn'),
    ]);
    const fresh = sampled.filter((q): q is QueueSummary => q !== undefined);
    this.record(fresh, mappings, at, structure.queueUrls);
    let queues = fresh;
    if (!full && previous) {
      const byUrl = new Map(fresh.map((q) => [q.url, q]));
      const listed = new Set(structure.queueUrls);
      const sampledUrls = new Set(urls);
      queues = previous.queues.filter((q) => listed.has(q.url) && !sampledUrls.has(q.url)).concat([...byUrl.values()]);
    } else {
      this.lastFullSampleAt = at;
      this.fullSampleRequested = false;
    }
    this.sample = { queues, mappings, at, gaps: gaps.list };
    this.sampleError = undefined;
    return this.sample;
  });

  private readonly loadMetrics = singleFlight(async (): Promise<Metrics> => {
    const sample = this.sample ?? (await this.loadSample());
    const streamConsumers = [...new Set(sample.mappings.filter((m) => m.sourceKind === 'stream').map((m) => m.functionName))];
    const queries: MetricQuery[] = [
      ...streamConsumers.map((name, i) => ({ id: metricId(i), namespace: 'AWS/Lambda', metricName: 'IteratorAge', dimensions: { FunctionName: name }, stat: 'Maximum' as const })),
      ...sample.queues.map((q, i) => ({ id: metricId(streamConsumers.length + i), namespace: 'AWS/SQS', metricName: 'ApproximateAgeOfOldestMessage', dimensions: { QueueName: q.name }, stat: 'Maximum' as const })),
    ];
    const now = this.now();
    const metrics: Metrics = { oldestAgeSeconds: new Map(), iteratorAgeMs: new Map(), at: now };
    if (queries.length === 0) return (this.metrics = metrics);
    try {
      const points = await getMetricData(queries, { start: new Date(now - METRICS_WINDOW_MS), end: new Date(now), periodSeconds: 60 });
      streamConsumers.forEach((name, i) => {
        const last = points.get(metricId(i))?.at(-1);
        if (last) metrics.iteratorAgeMs.set(name, last.value);
      });
      sample.queues.forEach((q, i) => {
        const last = points.get(metricId(streamConsumers.length + i))?.at(-1);
        if (last) metrics.oldestAgeSeconds.set(q.name, last.value);
      });
    } catch (error) {
      // Lag metrics are a bonus: without CloudWatch the graph is drawn from configuration and samples.
      metrics.warning =
        gapOf(error, 'iterator ages and oldest-message ages are missing')?.message ??
        `CloudWatch metrics could not be read, so iterator ages and oldest-message ages are missing: ${toAppError(error).message}`;
    }
    this.metrics = metrics;
    return metrics;
  });

  private async currentStructure(force: boolean): Promise<Structure> {
    // What could not be read is asked again with the next sample: a permission granted (or a
    // service back) shows within seconds, not after the structure's minute.
    const ttl = this.structure?.gaps.length ? SAMPLE_INTERVAL_MS : STRUCTURE_TTL_MS;
    if (!force && this.structure && this.now() - this.structure.at < ttl) return this.structure;
    return this.loadStructure();
  }

  private record(queues: QueueSummary[], mappings: MappingSummary[], at: number, allUrls: readonly string[]): void {
    const dlqs = deadLetterArns({ queues, mappings });
    for (const q of queues) {
      // A DLQ's count is every message in it; a queue's backlog is what waits to be received.
      const depth = dlqs.has(q.arn) ? q.visible + q.inFlight + q.delayed : q.visible + q.delayed;
      const list = this.samples.get(q.name) ?? [];
      list.push({ t: at, depth });
      while (list.length > MAX_SAMPLES_PER_QUEUE || (list.length > 0 && list[0].t < at - SAMPLE_KEEP_MS)) list.shift();
      this.samples.set(q.name, list);
    }
    // Forget the history of queues that no longer exist.
    const names = new Set(allUrls.map((url) => decodeURIComponent(url.split('/').pop() ?? url)));
    for (const name of this.samples.keys()) if (!names.has(name)) this.samples.delete(name);
  }

  /** Keeps sampling in the background while someone watches, so trends have history. */
  private keepSampling(): void {
    this.lastAskedAt = this.now();
    if (this.timer) return;
    this.timer = setInterval(() => {
      if (this.now() - this.lastAskedAt > IDLE_STOP_MS) {
        clearInterval(this.timer);
        this.timer = undefined;
        return;
      }
      if (!this.sample || this.now() - this.sample.at >= SAMPLE_INTERVAL_MS - 500) {
        this.refreshInBackground();
      }
    }, SAMPLE_INTERVAL_MS);
    this.timer.unref?.();
  }

  private refreshInBackground(): void {
    this.loadSample().catch((error: unknown) => {
      this.sampleError = error;
    });
  }

  /**
   * The latest sample: a stale one is answered at once while a fresh one is taken in the
   * background, so a browser's poll never waits for a thousand GetQueueAttributes calls. Once the
   * figures are three intervals old and sampling fails, the failure is reported instead.
   */
  private async currentSample(refresh: boolean): Promise<Sample> {
    if (refresh) this.fullSampleRequested = true;
    if (refresh || !this.sample) return this.loadSample();
    const age = this.now() - this.sample.at;
    if (age >= SAMPLE_INTERVAL_MS) {
      if (this.sampleError && age >= 3 * SAMPLE_INTERVAL_MS) throw this.sampleError;
      this.refreshInBackground();
    }
    return this.sample;
  }

  /** The configuration discovery reads, as fresh as the caches allow (`refresh` forces all). */
  async getConfiguration(refresh = false): Promise<{ config: FlowConfiguration; configErrors: string[]; configFile: string | null; sample: Sample }> {
    const [structure, declared] = await Promise.all([this.currentStructure(refresh), loadEddyConfig()]);
    const sample = await this.currentSample(refresh);
    return {
      config: { tables: structure.tables, functions: structure.functions, queues: sample.queues, mappings: sample.mappings, declared: declared.config },
      configErrors: declared.errors,
      configFile: declared.file,
      sample,
    };
  }

  /** The flow graph with live figures, findings and tiles. */
  async getFlow(options: { refresh?: boolean } = {}): Promise<FlowGraph> {
    this.keepSampling();
    const { config, configErrors, configFile, sample } = await this.getConfiguration(options.refresh);
    let metrics = this.metrics;
    if (options.refresh || !metrics) metrics = await this.loadMetrics();
    else if (this.now() - metrics.at >= METRICS_TTL_MS) this.loadMetrics().catch(() => undefined); // loadMetrics reports its failure as a warning
    const graph = discoverFlow(config);
    const connectedNames = new Set(graph.edges.flatMap((e) => [e.source, e.target]).filter((id) => id.startsWith('queue:')).map((id) => id.slice('queue:'.length)));
    this.connectedQueueUrls = new Set(config.queues.filter((q) => connectedNames.has(q.name)).map((q) => q.url));
    const streamTables = config.tables.filter((t) => t.stream).map((t) => t.name);
    const live: LiveFigures = {
      queueSamples: this.samples,
      oldestAgeSeconds: metrics.oldestAgeSeconds,
      iteratorAgeMs: metrics.iteratorAgeMs,
      streamEventsPerSecond: this.streamRates(streamTables),
    };
    // A stream Eddy cannot read (DescribeStream denied) costs its events per second: say so once.
    const gaps = new Gaps();
    for (const gap of [...(this.structure?.gaps ?? []), ...sample.gaps, ...this.streamGaps(streamTables)]) gaps.add(gap);
    const now = this.now();
    const { nodes, edges, tiles } = applyFigures(graph, config, live, now);
    return {
      nodes,
      edges,
      findings: findConfigurationIssues(config),
      tiles,
      configErrors: [...configErrors, ...graph.declaredErrors.map((e) => `eddy.config.json: ${e}`)],
      warnings: metrics.warning ? [metrics.warning] : [],
      gaps: gaps.list,
      configFile,
      discoveredAt: new Date(this.structure?.at ?? now).toISOString(),
      figuresAt: new Date(sample.at).toISOString(),
      dlqsWithMessages: dlqsHoldingMessages(nodes),
    };
  }

  /** Stops background sampling (tests). */
  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}

/** Events per second per table's stream, for the tables given. */
export type StreamRateSource = (tables: string[]) => Map<string, number>;

/** Why a table's stream could not be read (an action denied, Streams unreachable), per table given. */
export type StreamGapSource = (tables: string[]) => Gap[];

/** The problems of Eddy's live tails, for the tables given (those already running). */
export const liveStreamGaps: StreamGapSource = (tables) => {
  const registry = getLiveRegistry();
  return tables.map((table) => registry.peek(table)?.problem).filter((gap): gap is Gap => gap !== undefined);
};

/**
 * Above this many streams the home page does not start a tail per stream (each is a second reader
 * on every shard, beside the user's consumer): it shows the rates of the tails already running.
 */
const MAX_TAILED_STREAMS = 20;

/** Stream rates from Eddy's live tails (server/live), started for a minute when few enough. */
export const liveStreamRates: StreamRateSource = (tables) => {
  const rates = new Map<string, number>();
  const registry = getLiveRegistry();
  const start = tables.length <= MAX_TAILED_STREAMS;
  for (const table of tables) {
    const activity = start ? getStreamActivity(table) : registry.activity(table);
    if (activity) rates.set(table, activity.eventsPerSecond);
  }
  return rates;
};

const KEY = Symbol.for('eddy.flowMonitor');

/** The process's one monitor: Next may load this module more than once, the monitor stays one. */
export function getFlowMonitor(): FlowMonitor {
  const holder = globalThis as { [KEY]?: FlowMonitor };
  return (holder[KEY] ??= new FlowMonitor(Date.now, liveStreamRates, liveStreamGaps));
}

/** The home page's flow graph. */
export function getFlow(options: { refresh?: boolean } = {}): Promise<FlowGraph> {
  return getFlowMonitor().getFlow(options);
}
