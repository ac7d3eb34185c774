import 'server-only';
import { mapLimit } from '@/lib/concurrency';
import { deadLetterArns, discoverFlow, type FlowConfiguration } from '@/lib/flow/discover';
import { applyFigures, dlqsHoldingMessages, type LiveFigures } from '@/lib/flow/figures';
import { findConfigurationIssues } from '@/lib/flow/findings';
import type { DepthSample } from '@/lib/lag/queue-lag';
import { toAppError } from '@/lib/errors';
import type { FlowGraph, FunctionSummary, MappingSummary } from '@/lib/types/flow';
import type { QueueSummary } from '@/lib/types/queues';
import type { TableSummary } from '@/lib/types/tables';
import { getMetricData, metricId, type MetricQuery } from '../aws/cloudwatch';
import { describeTable, listTableNames } from '../aws/dynamodb';
import { listEventSourceMappings, listFunctions } from '../aws/lambda';
import { getQueue, listQueueUrls } from '../aws/sqs';
import { loadEddyConfig } from './config-file';

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
}

interface Sample {
  queues: QueueSummary[];
  mappings: MappingSummary[];
  at: number;
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

  /** `now`: the clock samples are stamped with (tests move it; CloudWatch ranges use it too). */
  constructor(private readonly now: () => number = Date.now) {}

  private readonly loadStructure = singleFlight(async (): Promise<Structure> => {
    const [tableNames, functions, queueUrls] = await Promise.all([listTableNames(), listFunctions(), listQueueUrls()]);
    const tables = await mapLimit(tableNames, DESCRIBE_CONCURRENCY, describeTable);
    this.structure = { tables, functions, queueUrls, at: this.now() };
    return this.structure;
  });

  private readonly loadSample = singleFlight(async (): Promise<Sample> => {
    const structure = await this.currentStructure(false);
    const [queues, mappings] = await Promise.all([
      mapLimit(structure.queueUrls, ATTRIBUTE_CONCURRENCY, (url) => getQueue(url).catch((error) => (toAppError(error).code === 'not_found' ? undefined : Promise.reject(error)))),
      listEventSourceMappings(),
    ]);
    const present = queues.filter((q): q is QueueSummary => q !== undefined);
    const at = this.now();
    this.record(present, mappings, at);
    this.sample = { queues: present, mappings, at };
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
      metrics.warning = `CloudWatch metrics could not be read, so iterator ages and oldest-message ages are missing: ${toAppError(error).message}`;
    }
    this.metrics = metrics;
    return metrics;
  });

  private async currentStructure(force: boolean): Promise<Structure> {
    if (!force && this.structure && this.now() - this.structure.at < STRUCTURE_TTL_MS) return this.structure;
    return this.loadStructure();
  }

  private record(queues: QueueSummary[], mappings: MappingSummary[], at: number): void {
    const dlqs = deadLetterArns({ queues, mappings });
    for (const q of queues) {
      // A DLQ's count is every message in it; a queue's backlog is what waits to be received.
      const depth = dlqs.has(q.arn) ? q.visible + q.inFlight + q.delayed : q.visible + q.delayed;
      const list = this.samples.get(q.name) ?? [];
      list.push({ t: at, depth });
      while (list.length > MAX_SAMPLES_PER_QUEUE || (list.length > 0 && list[0].t < at - SAMPLE_KEEP_MS)) list.shift();
      this.samples.set(q.name, list);
    }
    const names = new Set(queues.map((q) => q.name));
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
        this.loadSample().catch(() => undefined); // the next request reports the error
      }
    }, SAMPLE_INTERVAL_MS);
    this.timer.unref?.();
  }

  /** The configuration discovery reads, as fresh as the caches allow (`refresh` forces all). */
  async getConfiguration(refresh = false): Promise<{ config: FlowConfiguration; configErrors: string[]; configFile: string | null; sample: Sample }> {
    const [structure, declared] = await Promise.all([this.currentStructure(refresh), loadEddyConfig()]);
    const sample = !refresh && this.sample && this.now() - this.sample.at < SAMPLE_INTERVAL_MS ? this.sample : await this.loadSample();
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
    const metrics = !options.refresh && this.metrics && this.now() - this.metrics.at < METRICS_TTL_MS ? this.metrics : await this.loadMetrics();
    const graph = discoverFlow(config);
    const live: LiveFigures = {
      queueSamples: this.samples,
      oldestAgeSeconds: metrics.oldestAgeSeconds,
      iteratorAgeMs: metrics.iteratorAgeMs,
      // TODO(issue 6 merged): per-stream events/s from the live-events stream tail (server/live/).
      streamEventsPerSecond: new Map(),
    };
    const now = this.now();
    const { nodes, edges, tiles } = applyFigures(graph, config, live, now);
    return {
      nodes,
      edges,
      findings: findConfigurationIssues(config),
      tiles,
      configErrors: [...configErrors, ...graph.declaredErrors.map((e) => `eddy.config.json: ${e}`)],
      warnings: metrics.warning ? [metrics.warning] : [],
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

const KEY = Symbol.for('eddy.flowMonitor');

/** The process's one monitor: Next may load this module more than once, the monitor stays one. */
export function getFlowMonitor(): FlowMonitor {
  const holder = globalThis as { [KEY]?: FlowMonitor };
  return (holder[KEY] ??= new FlowMonitor());
}

/** The home page's flow graph. */
export function getFlow(options: { refresh?: boolean } = {}): Promise<FlowGraph> {
  return getFlowMonitor().getFlow(options);
}
