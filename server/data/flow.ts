import 'server-only';
import { mapLimit } from '@/lib/concurrency';
import { discoverFlow, type FlowConfiguration } from '@/lib/flow/discover';
import { applyFigures, dlqsHoldingMessages, type LiveFigures } from '@/lib/flow/figures';
import { DEFAULT_HEALTH_THRESHOLDS, type HealthThresholds } from '@/lib/health/thresholds';
import type { ErrorCounts, TimedFigure } from '@/lib/health/rules';
import { findTopicIssues } from '@/lib/sns/findings';
import { UNMEASURED_FIGURES } from '@/lib/sns/figures';
import type { TopicFigures, TopicsOverview, TopicSummary } from '@/lib/types/topics';
import { mergeGaps } from '@/lib/access/gaps';
import { depthSamples, queueDepth } from '@/lib/queues/depth';
import { toAppError } from '@/lib/errors';
import type { Gap } from '@/lib/types/access';
import type { Finding, FlowGraph, FunctionSummary, MappingSummary } from '@/lib/types/flow';
import type { TableSummary } from '@/lib/types/tables';
import { getMetricData, metricId, type MetricQuery } from '../aws/cloudwatch';
import { describeTable, listTableNames } from '../aws/dynamodb';
import { listEventSourceMappings, listFunctions } from '../aws/lambda';
import { getLiveRegistry, getStreamActivity } from '../live';
import { chooseRateSource, cloudWatchRate, latestCompleteMinute, MIN_MEASURED_SECONDS, type MinutePoint } from '../live/stream-rate';
import { knownStreamConsumers } from '@/lib/flow/stream-consumers';
import type { FigureSource } from '@/lib/types/figures';
import { QUEUE_SAMPLE_INTERVAL_MS, UNWATCHED_SAMPLE_INTERVAL_MS, WATCHED_FOR_MS, type QueueSampler } from '../live/queue-sampler';
import { loadEddyConfig } from '../config-file';
import { cloudWatchOldestAge, createQueueSampler, getQueueSampler, type SampledQueue } from './queues';
import { oldestMessageAge } from '@/lib/queues/oldest-age';
import { service } from '../services';
import { gapOf } from '../aws/gaps';
import { HealthEngine, type Observation } from '../health/engine';
import { getAlertDeliverer, loadHealthThresholds } from './alerts';
import { allSchemaDriftFindings } from './schema';
import { Gaps } from './settle';
import { discoverTopics, readSubscribedQueuePolicies, readTopicFigures } from './topics';
import { getSubscriptionDirectory, sqsSubscriptionsOf } from '../redrive/subscriptions';

/** Tables and functions change rarely: re-discovered at most once a minute. */
const STRUCTURE_TTL_MS = 60_000;
/** Queue depths (the one queue sampler's pace) and mapping states, while someone watches. */
export const SAMPLE_INTERVAL_MS = QUEUE_SAMPLE_INTERVAL_MS;
/** CloudWatch has one-minute resolution: reading it more often buys nothing. */
const METRICS_TTL_MS = 30_000;
/**
 * Sampling at the watched pace stops when no page asked for the flow for this long; the health
 * engine then reads at the unwatched pace (queue-sampler.ts): depths and CloudWatch once a
 * minute, the structure (for the topics' findings) every five.
 */
const IDLE_STOP_MS = WATCHED_FOR_MS;
const UNWATCHED_METRICS_TTL_MS = 60_000;
const UNWATCHED_STRUCTURE_TTL_MS = 5 * 60_000;
/** DescribeTable calls in flight at once: hundreds of tables in seconds, no burst. */
const DESCRIBE_CONCURRENCY = 8;
/** Metrics are read over the last 10 minutes and the newest datapoint is used. */
const METRICS_WINDOW_MS = 10 * 60_000;

interface Structure {
  tables: TableSummary[];
  functions: FunctionSummary[];
  /** SNS topics and their subscriptions. */
  topics: TopicSummary[];
  at: number;
  /** What could not be discovered (a service unreachable, an action denied). */
  gaps: Gap[];
  /** What SNS discovery could not read (ListTopics, ListSubscriptions, attributes): the topics are incomplete while any. */
  topicGaps: Gap[];
}

interface Sample {
  queues: SampledQueue[];
  mappings: MappingSummary[];
  at: number;
  gaps: Gap[];
  /** Whether the queue list and the mappings were read (else they are empty for want of an answer). */
  complete: boolean;
  /** Whether the mappings were read: else how many read each stream is unknown, not none. */
  mappingsRead: boolean;
}

interface Metrics {
  /** IteratorAge Maximum (ms) per stream consumer, with the end of its minute. */
  iteratorAgeMs: Map<string, TimedFigure>;
  /** Errors and Invocations (Sum) per consuming function over the error-rate window. */
  errorCounts: Map<string, ErrorCounts>;
  /** Per table with a stream: `ReturnedRecordsCount` and `ConsumedWriteCapacityUnits` Sums per minute, oldest first. */
  streamPoints: Map<string, { records: MinutePoint[]; writeUnits: MinutePoint[] }>;
  /** `AWS/SNS` figures by topic ARN. */
  topicFigures: Map<string, TopicFigures>;
  at: number;
  warning?: string;
}

/** The health engine's open findings and when it last evaluated (null: not yet). */
export type FindingSource = () => { findings: Finding[]; evaluatedAt: number | null };

/** The access policies of subscribed queues (queue ARN → Policy), read with the structure. */
interface Policies {
  byQueueArn: Map<string, string | undefined>;
  at: number;
  gaps: Gap[];
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
  private policies?: Policies;
  private timer?: ReturnType<typeof setInterval>;
  private lastAskedAt = 0;
  /** A refresh asked for queue figures read now, not the sampler's cached ones. */
  private freshRequested = false;
  /** Why the last background sample failed, reported once the figures grow stale. */
  private sampleError?: unknown;

  /**
   * `now`: the clock samples are stamped with (tests move it; CloudWatch ranges use it too).
   * `streamRates`: events/s per table's stream; none by default, the live tails in the app.
   * `queues`: the queue sampler whose depths and history the graph shows; its own by default
   * (on the same clock), the process's one sampler in the app, shared with the queues pages.
   * `eddyReadDuring`: whether Eddy itself read a table's stream in a time range (its reads count
   * in CloudWatch's `ReturnedRecordsCount` beside the consumers').
   */
  constructor(
    private readonly now: () => number = Date.now,
    private readonly streamRates: StreamRateSource = () => new Map(),
    private readonly queues: QueueSampler<SampledQueue> = createQueueSampler(now),
    private readonly streamGaps: StreamGapSource = () => [],
    private readonly findings: FindingSource = () => ({ findings: [], evaluatedAt: null }),
    private readonly thresholds: () => Promise<HealthThresholds> = async () => DEFAULT_HEALTH_THRESHOLDS,
    private readonly eddyReadDuring: (table: string, from: number, to: number) => boolean = () => false,
  ) {}

  /** Whether a page asked for the flow or the topics within `IDLE_STOP_MS` (the watched pace runs). */
  private watched(): boolean {
    return this.lastAskedAt > 0 && this.now() - this.lastAskedAt <= IDLE_STOP_MS;
  }

  /**
   * What the health engine evaluates: the queues, mappings and topics, the one sampler's
   * histories, CloudWatch's figures, and what the topics (SNS) and the schema learner find — each
   * as fresh as the caches allow. While a page watches, the pages' 10 s pace; with none, the
   * engine alone reads at the unwatched pace (a sample and CloudWatch once a minute, the
   * structure every five), and does not count as watching.
   */
  async healthInputs(): Promise<Observation> {
    // A queues page watching keeps the sampler at its 10 s pace: the engine follows it (served from its cache).
    const watched = this.watched() || this.queues.watched();
    const sampleTtl = watched ? SAMPLE_INTERVAL_MS : UNWATCHED_SAMPLE_INTERVAL_MS;
    const sample = watched ? await this.currentSample(false) : this.sample && this.now() - this.sample.at < sampleTtl ? this.sample : await this.loadSample();
    const structureTtl = watched ? STRUCTURE_TTL_MS : UNWATCHED_STRUCTURE_TTL_MS;
    const structure = this.structure && this.now() - this.structure.at < structureTtl ? this.structure : await this.loadStructure();
    const topics = structure.topics;
    let policies = this.policies;
    if (topics.length > 0 && (!policies || this.now() - policies.at >= structureTtl)) policies = await this.loadPolicies();
    let metrics = this.metrics;
    if (!metrics || this.now() - metrics.at >= (watched ? METRICS_TTL_MS : UNWATCHED_METRICS_TTL_MS)) metrics = await this.loadMetrics();
    const config = { queues: sample.queues, mappings: sample.mappings, topics };
    return {
      now: this.now(),
      config,
      findings: [...this.topicFindings(topics, policies, metrics), ...allSchemaDriftFindings()],
      queueHistory: (name) => this.queues.historyOf(name),
      // The age Eddy vouches for (lib/queues/oldest-age.ts): none for a queue its own sample found
      // empty, and no upper bound either — a rule fires on a measured age only. Stamped with the
      // sampler's refresh, which read the latest CloudWatch minute.
      oldestAgeSeconds: new Map(
        sample.queues.flatMap((q) => {
          const age = oldestMessageAge(this.queues.historyOf(q.name), cloudWatchOldestAge(q), this.now(), queueDepth(q) !== undefined);
          return age.state === 'known' && !age.atMost ? [[q.name, { value: age.seconds, at: sample.at }] as const] : [];
        }),
      ),
      iteratorAgeMs: metrics.iteratorAgeMs,
      errorCounts: metrics.errorCounts,
      incomplete: !sample.complete || structure.topicGaps.length > 0,
      incompleteBecause: [...(sample.complete ? [] : sample.gaps.map((g) => g.message)), ...structure.topicGaps.map((g) => g.message)],
    };
  }

  private readonly loadStructure = singleFlight(async (): Promise<Structure> => {
    // Each service on its own: one that is down or denied costs its part of the graph, not the graph.
    const gaps = new Gaps();
    // SNS apart: a topic list Eddy could not read leaves the graph (and the engine's look) incomplete.
    const topicGaps = new Gaps();
    const [tableNames, functions, topics] = await Promise.all([
      gaps.part(listTableNames(), [], 'the graph shows queues and consumers only, no tables'),
      gaps.part(listFunctions(), [], 'the graph shows tables and queues only'),
      discoverTopics(topicGaps),
    ]);
    const described = await mapLimit(tableNames, DESCRIBE_CONCURRENCY, (name) => gaps.part(describeTable(name), undefined, `table ${name} is left out`));
    const tables = described.filter((t): t is TableSummary => t !== undefined);
    for (const gap of topicGaps.list) gaps.add(gap);
    // Which subscription dead-letters into a DLQ is answered from this read until the next one.
    getSubscriptionDirectory().prime(topicGaps.list.length === 0 ? sqsSubscriptionsOf(topics) : undefined);
    this.structure = { tables, functions, topics, at: this.now(), gaps: gaps.list, topicGaps: topicGaps.list };
    return this.structure;
  });

  private readonly loadSample = singleFlight(async (): Promise<Sample> => {
    const gaps = new Gaps();
    const fresh = this.freshRequested;
    this.freshRequested = false;
    let mappingsRead = true;
    const [snapshot, mappings] = await Promise.all([
      // With no page watching, the health engine's own read: at the unwatched pace, starting nothing.
      gaps.part(this.queues.snapshot({ fresh, background: !this.watched() }), undefined, 'the graph shows no queues'),
      gaps.part(
        listEventSourceMappings().catch((error: unknown) => {
          mappingsRead = false;
          throw error;
        }),
        [],
        'no Lambda consumers or on-failure destinations are drawn',
      ),
    ]);
    this.sample = {
      queues: snapshot?.queues ?? [],
      mappings,
      at: snapshot?.at ?? this.now(),
      gaps: mergeGaps(gaps.list, snapshot?.gaps ?? []),
      complete: snapshot !== undefined && mappingsRead,
      mappingsRead,
    };
    this.sampleError = undefined;
    return this.sample;
  });

  private readonly loadMetrics = singleFlight(async (): Promise<Metrics> => {
    const sample = this.sample ?? (await this.loadSample());
    const streamConsumers = [...new Set(sample.mappings.filter((m) => m.sourceKind === 'stream').map((m) => m.functionName))];
    // Every consuming function's Errors and Invocations, for the health engine's error-rate rule.
    const consumers = [...new Set(sample.mappings.map((m) => m.functionName))];
    const lambdaMetric = (id: string, name: string, metricName: string, stat: MetricQuery['stat']): MetricQuery => ({
      id,
      namespace: 'AWS/Lambda',
      metricName,
      dimensions: { FunctionName: name },
      stat,
    });
    const streamTables = (this.structure?.tables ?? []).flatMap((t) => (t.stream ? [{ name: t.name, label: t.stream.label }] : []));
    const queries: MetricQuery[] = [
      ...streamConsumers.map((name, i) => lambdaMetric(metricId(i), name, 'IteratorAge', 'Maximum')),
      ...consumers.flatMap((name, i) => [lambdaMetric(`e${i}`, name, 'Errors', 'Sum'), lambdaMetric(`i${i}`, name, 'Invocations', 'Sum')]),
      // A stream's rate where Eddy holds no reader (reference part 2 §6.1): records returned to its
      // readers, and the table's write units as an upper bound.
      ...streamTables.flatMap((t, i): MetricQuery[] => [
        { id: `rr${i}`, namespace: 'AWS/DynamoDB', metricName: 'ReturnedRecordsCount', dimensions: { TableName: t.name, Operation: 'GetRecords', StreamLabel: t.label }, stat: 'Sum' as const },
        { id: `wcu${i}`, namespace: 'AWS/DynamoDB', metricName: 'ConsumedWriteCapacityUnits', dimensions: { TableName: t.name }, stat: 'Sum' as const },
      ]),
    ];
    const now = this.now();
    const metrics: Metrics = { iteratorAgeMs: new Map(), errorCounts: new Map(), streamPoints: new Map(), topicFigures: new Map(), at: now };
    const topics = this.structure?.topics ?? [];
    if (topics.length > 0) {
      try {
        metrics.topicFigures = await readTopicFigures(topics, now);
      } catch (error) {
        metrics.warning = gapOf(error, 'topic figures are missing')?.message ?? `CloudWatch metrics could not be read, so topic figures are missing: ${toAppError(error).message}`;
      }
    }
    if (queries.length === 0) return (this.metrics = metrics);
    try {
      const points = await getMetricData(queries, { start: new Date(now - METRICS_WINDOW_MS), end: new Date(now), periodSeconds: 60 });
      streamConsumers.forEach((name, i) => {
        const last = points.get(metricId(i))?.at(-1);
        if (last) metrics.iteratorAgeMs.set(name, { value: last.value, at: last.t + 60_000 });
      });
      const windowMs = (await this.thresholds()).errorRateWindowMinutes * 60_000;
      const sum = (id: string) => {
        const recent = (points.get(id) ?? []).filter((p) => p.t >= now - windowMs);
        return { total: recent.reduce((a, p) => a + p.value, 0), last: recent.at(-1)?.t };
      };
      consumers.forEach((name, i) => {
        const errors = sum(`e${i}`);
        const invocations = sum(`i${i}`);
        // No Invocations datapoint in the window: not measured, so no verdict (never "0 % errors").
        if (invocations.last === undefined) return;
        metrics.errorCounts.set(name, { errors: errors.total, invocations: invocations.total, at: Math.max(invocations.last, errors.last ?? 0) + 60_000 });
      });
      streamTables.forEach((t, i) => {
        metrics.streamPoints.set(t.name, { records: points.get(`rr${i}`) ?? [], writeUnits: points.get(`wcu${i}`) ?? [] });
      });
    } catch (error) {
      // Lag metrics are a bonus: without CloudWatch the graph is drawn from configuration and samples.
      metrics.warning =
        gapOf(error, 'iterator ages and unread streams’ rates are missing')?.message ??
        `CloudWatch metrics could not be read, so iterator ages and unread streams’ rates are missing: ${toAppError(error).message}`;
    }
    this.metrics = metrics;
    return metrics;
  });

  private readonly loadPolicies = singleFlight(async (): Promise<Policies> => {
    const { config } = await this.getConfiguration();
    const gaps = new Gaps();
    const byQueueArn = await readSubscribedQueuePolicies(config.topics ?? [], config.queues, gaps);
    this.policies = { byQueueArn, at: this.now(), gaps: gaps.list };
    return this.policies;
  });

  private async currentStructure(force: boolean): Promise<Structure> {
    // What could not be read is asked again with the next sample: a permission granted (or a
    // service back) shows within seconds, not after the structure's minute.
    const ttl = this.structure?.gaps.length ? SAMPLE_INTERVAL_MS : STRUCTURE_TTL_MS;
    if (!force && this.structure && this.now() - this.structure.at < ttl) return this.structure;
    return this.loadStructure();
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
    if (refresh) this.freshRequested = true;
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
      config: { tables: structure.tables, functions: structure.functions, queues: sample.queues, mappings: sample.mappings, declared: declared.config, topics: structure.topics },
      configErrors: declared.errors,
      configFile: declared.file,
      sample,
    };
  }

  /** The flow graph with live figures, findings and tiles. */
  async getFlow(options: { refresh?: boolean } = {}): Promise<FlowGraph> {
    this.keepSampling();
    const { config, configErrors, configFile, sample } = await this.getConfiguration(options.refresh);
    // Eddy's own stream readers first (starting them where allowed), before CloudWatch is awaited:
    // the sooner a reader starts, the sooner Events/s is measured.
    const streamTables = config.tables.filter((t) => t.stream).map((t) => t.name);
    // Without the mappings, the Lambda readers of each stream are unknown (not none): no background
    // reader may be added (it could be a shard's third), and CloudWatch's records are not divided.
    const consumers = sample.mappingsRead ? knownStreamConsumers(config.mappings, config.declared) : undefined;
    const measured = this.streamRates(streamTables, consumers);
    let metrics = this.metrics;
    if (options.refresh || !metrics) metrics = await this.loadMetrics();
    else if (this.now() - metrics.at >= METRICS_TTL_MS) this.loadMetrics().catch(() => undefined); // loadMetrics reports its failure as a warning
    // Queue policies judge the topic findings: read in the background, once a minute.
    if (!this.policies || this.now() - this.policies.at >= STRUCTURE_TTL_MS) this.loadPolicies().catch(() => undefined);
    const graph = discoverFlow(config);
    const oldestAges = new Map(sample.queues.map((q) => [q.name, oldestMessageAge(this.queues.historyOf(q.name), cloudWatchOldestAge(q), this.now(), queueDepth(q) !== undefined)] as const));
    const rates = this.streamRatesOf(streamTables, consumers, measured, metrics);
    const live: LiveFigures = {
      queueSamples: new Map(sample.queues.map((q) => [q.name, depthSamples(this.queues.historyOf(q.name))])),
      // The age Eddy vouches for: none when its own sample found the queue empty, else CloudWatch's
      // ApproximateAgeOfOldestMessage (read by the queue sampler) or a bound from its samples.
      oldestAgeSeconds: new Map([...oldestAges].flatMap(([name, age]) => (age.state === 'known' ? [[name, age.seconds] as const] : []))),
      oldestAges,
      iteratorAgeMs: new Map([...metrics.iteratorAgeMs].map(([name, age]) => [name, age.value])),
      streamEventsPerSecond: rates.values,
      streamRateSources: rates.sources,
      streamsBeingMeasured: rates.measuring,
      topicFigures: new Map(
        (config.topics ?? []).flatMap((t) => {
          const f = metrics.topicFigures.get(t.arn);
          return f ? [[t.name, f] as const] : [];
        }),
      ),
    };
    // A stream Eddy cannot read (DescribeStream denied) costs its events per second: say so once.
    const gaps = mergeGaps(this.structure?.gaps ?? [], sample.gaps, this.streamGaps(streamTables));
    const now = this.now();
    const health = this.findings();
    const { nodes, edges, tiles } = applyFigures(graph, config, live, now, health.findings);
    return {
      nodes,
      edges,
      // The engine's findings: live, configuration, topics (SNS) and schema drift alike.
      findings: health.findings,
      healthEvaluatedAt: health.evaluatedAt === null ? null : new Date(health.evaluatedAt).toISOString(),
      tiles,
      configErrors: [...configErrors, ...graph.declaredErrors.map((e) => `eddy.config.json: ${e}`)],
      warnings: metrics.warning ? [metrics.warning] : [],
      gaps,
      configFile,
      discoveredAt: new Date(this.structure?.at ?? now).toISOString(),
      figuresAt: new Date(sample.at).toISOString(),
      dlqsWithMessages: dlqsHoldingMessages(nodes),
    };
  }

  /**
   * Each stream's events/s and where it comes from: Eddy's own reader where it holds one (or may
   * start one, `liveStreamRates`), else CloudWatch's latest complete minute. A stream with neither
   * is absent: "—", never 0.
   */
  private streamRatesOf(
    tables: string[],
    consumers: ReadonlyMap<string, number> | undefined,
    measured: ReadonlyMap<string, MeasuredRate>,
    metrics: Metrics,
  ): { values: Map<string, number>; sources: Map<string, FigureSource>; measuring: number } {
    const now = this.now();
    const values = new Map<string, number>();
    const sources = new Map<string, FigureSource>();
    let measuring = 0;
    for (const table of tables) {
      const own = measured.get(table);
      if (own !== undefined && own.eventsPerSecond !== null) {
        values.set(table, own.eventsPerSecond);
        sources.set(table, { kind: 'eddy', seconds: own.seconds, at: now, what: 'Stream records counted by Eddy’s own reader' });
        continue;
      }
      const points = metrics.streamPoints.get(table);
      const records = latestCompleteMinute(points?.records, now);
      const sameMinute = records && points?.writeUnits.find((p) => p.t === records.t);
      const writeUnits = sameMinute ?? latestCompleteMinute(points?.writeUnits, now);
      // Readers unknown: 0, so the rate is the write units' upper bound, said to be one.
      const readers = consumers === undefined ? 0 : (consumers.get(table) ?? 0) + (records && this.eddyReadDuring(table, records.t, records.t + 60_000) ? 1 : 0);
      const rate = cloudWatchRate({ returnedRecords: records, writeUnits, readers });
      if (rate) {
        values.set(table, rate.eventsPerSecond);
        sources.set(table, rate.source);
      } else if (own !== undefined) {
        measuring++;
      }
    }
    return { values, sources, measuring };
  }

  /**
   * `/topics`: every topic with its subscriptions and `AWS/SNS` figures, and the health engine's
   * open findings about them (with `since`). Shares the flow's discovery (a minute), figures (30 s)
   * and sampling.
   */
  async getTopics(options: { refresh?: boolean } = {}): Promise<TopicsOverview> {
    this.keepSampling();
    const { config, sample } = await this.getConfiguration(options.refresh);
    let metrics = this.metrics;
    if (options.refresh || !metrics) metrics = await this.loadMetrics();
    else if (this.now() - metrics.at >= METRICS_TTL_MS) this.loadMetrics().catch(() => undefined);
    let policies = this.policies;
    if (options.refresh || !policies) policies = await this.loadPolicies();
    else if (this.now() - policies.at >= STRUCTURE_TTL_MS) this.loadPolicies().catch(() => undefined);
    const topics = config.topics ?? [];
    // The engine's verdict, as on the graph: a finding shows once it held, with when it opened.
    const health = this.findings();
    return {
      topics: topics.map((t) => ({ ...t, figures: metrics.topicFigures.get(t.arn) ?? UNMEASURED_FIGURES })),
      findings: health.findings.filter((f) => f.resource.kind === 'topic'),
      healthEvaluatedAt: health.evaluatedAt === null ? null : new Date(health.evaluatedAt).toISOString(),
      discoveredAt: new Date(this.structure?.at ?? this.now()).toISOString(),
      warnings: metrics.warning ? [metrics.warning] : [],
      gaps: mergeGaps(this.structure?.gaps ?? [], sample.gaps, policies.gaps),
    };
  }

  private topicFindings(topics: TopicSummary[], policies: Policies | undefined, metrics: Metrics | undefined): Finding[] {
    return findTopicIssues(topics, policies?.byQueueArn ?? new Map(), metrics?.topicFigures ?? new Map());
  }

  /** Stops background sampling (tests). */
  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.queues.stop();
  }
}

/**
 * A stream's events/s as Eddy's own reader counted it, over `seconds`; null while the reader has
 * read for less than `MIN_MEASURED_SECONDS` (a rate is coming: the browser asks again sooner).
 */
export interface MeasuredRate {
  eventsPerSecond: number | null;
  seconds: number;
}

/**
 * Events per second per table's stream from Eddy's own readers, for the tables given; a table
 * Eddy does not (or may not) read is absent. `knownConsumers`: readers besides Eddy, per table
 * (a table absent has none); undefined when they could not be read.
 */
export type StreamRateSource = (tables: string[], knownConsumers: ReadonlyMap<string, number> | undefined) => Map<string, MeasuredRate>;

/** Why a table's stream could not be read (an action denied, Streams unreachable), per table given. */
export type StreamGapSource = (tables: string[]) => Gap[];

/** The problems of Eddy's live tails, for the tables given (those already running). */
export const liveStreamGaps: StreamGapSource = (tables) => {
  const registry = getLiveRegistry();
  return tables.map((table) => registry.peek(table)?.problem).filter((gap): gap is Gap => gap !== undefined);
};

/**
 * Above this many streams the home page does not start a tail per stream (each is another reader
 * on every shard, beside the user's consumers): it shows the rates of the tails already running,
 * and CloudWatch's for the others.
 */
const MAX_TAILED_STREAMS = 20;

/**
 * Stream rates from Eddy's live tails (server/live): a background tail is started (for a minute,
 * through the shards' read schedulers) only on a stream with fewer than two known consumers
 * (`chooseRateSource`); a rate counts once the tail has read for `MIN_MEASURED_SECONDS`.
 */
export const liveStreamRates: StreamRateSource = (tables, knownConsumers) => {
  const rates = new Map<string, MeasuredRate>();
  const registry = getLiveRegistry();
  const backgroundAllowed = tables.length <= MAX_TAILED_STREAMS;
  for (const table of tables) {
    const choice = chooseRateSource({ tailRunning: registry.peek(table) !== undefined, knownConsumers: knownConsumers && (knownConsumers.get(table) ?? 0), backgroundAllowed });
    if (choice === 'cloudwatch') continue;
    const activity = choice === 'background-reader' ? getStreamActivity(table) : registry.activity(table);
    if (!activity) continue;
    const seconds = activity.measuredSeconds ?? 0;
    rates.set(table, { eventsPerSecond: seconds >= MIN_MEASURED_SECONDS ? activity.eventsPerSecond : null, seconds });
  }
  return rates;
};

/** The process's one monitor (server/services.ts), on the process's one queue sampler, coloured by the one health engine. */
export function getFlowMonitor(): FlowMonitor {
  return service(
    'flowMonitor',
    () =>
      new FlowMonitor(Date.now, liveStreamRates, getQueueSampler(), liveStreamGaps, engineFindings, loadHealthThresholds, (table, from, to) =>
        getLiveRegistry().readDuring(table, from, to),
      ),
  );
}

/** The engine's open findings, starting it if nothing has yet (the first page of a process started without instrumentation). */
const engineFindings: FindingSource = () => {
  const engine = getHealthEngine();
  engine.start();
  return { findings: engine.open(), evaluatedAt: engine.status().evaluatedAt };
};

/**
 * The process's one health engine (server/services.ts): evaluates the flow monitor's figures on
 * its cadence and sends each transition to the alert webhooks. `instrumentation.ts` starts it
 * when the server starts.
 */
export function getHealthEngine(): HealthEngine {
  return service(
    'healthEngine',
    () =>
      new HealthEngine({
        observe: () => getFlowMonitor().healthInputs(),
        thresholds: loadHealthThresholds,
        onTransitions: (transitions) => getAlertDeliverer().notify(transitions),
      }),
  );
}

/** The home page's flow graph. */
export function getFlow(options: { refresh?: boolean } = {}): Promise<FlowGraph> {
  return getFlowMonitor().getFlow(options);
}

/** `/topics`' data: topics, subscriptions, figures and findings. */
export function getTopicsOverview(options: { refresh?: boolean } = {}): Promise<TopicsOverview> {
  return getFlowMonitor().getTopics(options);
}

