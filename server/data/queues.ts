import 'server-only';
import { mapLimit } from '@/lib/concurrency';
import { AppError } from '@/lib/errors';
import { metricRange, type LagRangeMinutes } from '@/lib/lag/ranges';
import { retentionWarning } from '@/lib/queues/expiry';
import { itsMaxReceiveCount } from '@/lib/queues/settings';
import { compareDepthDescending, depthPoints, knownDepthParts, queueDepth, sparklineSamples } from '@/lib/queues/depth';
import { forecastDrain, NO_COUNTS_FORECAST, type DrainForecast } from '@/lib/queues/forecast';
import type { Gap } from '@/lib/types/access';
import type { QueueDetail, QueueListing, QueueRow, QueuesFirstPaint, QueueWithRole } from '@/lib/types/queues';
import { getOldestMessageAges, getQueueMetricSeries, type MetricPoint } from '../aws/cloudwatch';
import { oldestMessageAge, type OldestAgePoint } from '@/lib/queues/oldest-age';
import { listFailureDestinations } from '../aws/lambda-destinations';
import { getQueue, getQueueUrl, getQueueWithAttributes, listQueueUrls, queueNameFromArn, queueNameFromUrl } from '../aws/sqs';
import { sortedQueueNames } from '@/lib/queues/names';
import { QueueSampler, type QueueSnapshot } from '../live/queue-sampler';
import { getOwnReceives } from '../redrive/own-receives';
import { service } from '../services';
import { Gaps } from './settle';

/** GetQueueAttributes calls in flight at once: enough for 1,000 queues in seconds, no burst. */
const ATTRIBUTE_CONCURRENCY = 16;
/** Sparkline points per row: the last 5 minutes at the sampler's 10 s pace. */
const SPARKLINE_POINTS = 30;

/** What one sampler refresh knows of a queue: its attributes, its role, and what CloudWatch and Lambda add. */
export interface SampledQueue extends QueueWithRole {
  ageOfOldestSeconds?: number;
  /** The CloudWatch minute (epoch ms) `ageOfOldestSeconds` covers. */
  ageOfOldestMinute?: number;
  failureDestinationOf: string[];
}

function withRoles(queues: Awaited<ReturnType<typeof getQueue>>[]): QueueWithRole[] {
  const sourcesByDlqArn = new Map<string, string[]>();
  for (const q of queues) {
    const target = q.redrivePolicy?.deadLetterTargetArn;
    if (target) sourcesByDlqArn.set(target, [...(sourcesByDlqArn.get(target) ?? []), q.name]);
  }
  return queues.map((q): QueueWithRole => {
    const sourceNames = sourcesByDlqArn.get(q.arn) ?? [];
    return { ...q, role: sourceNames.length > 0 ? 'dlq' : q.redrivePolicy ? 'source' : 'plain', sourceNames };
  });
}

/** Every queue's attributes, roles, CloudWatch age and failure-destination links: one sampler refresh. */
async function loadQueues(): Promise<{ queues: SampledQueue[]; calls: number; gaps: Gap[] }> {
  const urls = await listQueueUrls();
  // CloudWatch and Lambda need only the queue names, which the URLs carry: they are read while
  // the GetQueueAttributes fan-out runs, not after it. They enrich the list; when they do not
  // answer, the list still shows and says what it lacks.
  const gaps = new Gaps();
  const enrichment = Promise.all([
    gaps.part(getOldestMessageAges(urls.map(queueNameFromUrl)), new Map<string, MetricPoint>(), 'the age of the oldest message is unknown'),
    gaps.part(listFailureDestinations(), new Map<string, string[]>(), 'Lambda on-failure destinations are not marked'),
  ]);
  const summaries = await mapLimit(urls, ATTRIBUTE_CONCURRENCY, async (url) => {
    try {
      return await getQueue(url);
    } catch (error) {
      // A queue deleted between ListQueues and GetQueueAttributes is simply gone.
      if (error instanceof AppError && error.code === 'not_found') return undefined;
      throw error;
    }
  });
  const queues = withRoles(summaries.filter((q) => q !== undefined));
  const [ages, destinations] = await enrichment;
  return {
    gaps: gaps.list,
    queues: queues.map((q) => ({ ...q, ageOfOldestSeconds: ages.get(q.name)?.value, ageOfOldestMinute: ages.get(q.name)?.t, failureDestinationOf: destinations.get(q.arn) ?? [] })),
    // ListQueues pages of 1,000, then one GetQueueAttributes per queue.
    calls: Math.max(1, Math.ceil(urls.length / 1000)) + urls.length,
  };
}

/**
 * A sampler of every queue in the account: the queues pages and the flow graph read the same
 * one, so both pages open cost one GetQueueAttributes per queue per interval, not two.
 */
export function createQueueSampler(now: () => number = Date.now): QueueSampler<SampledQueue> {
  return new QueueSampler(loadQueues, {}, now);
}

/** The one queue sampler of this server process (server/services.ts). */
export function getQueueSampler(): QueueSampler<SampledQueue> {
  return service('queueSampler', () => createQueueSampler());
}

/**
 * A queue's drain forecast from the sampler's history — for the queue pages and the flow graph.
 * `unknown` until the sampler has watched the queue for a little while.
 */
export function getQueueForecast(name: string): DrainForecast {
  return forecastDrain(depthPoints(getQueueSampler().historyOf(name)));
}

/** CloudWatch's latest age of the oldest message of a sampled queue, with its minute. */
export function cloudWatchOldestAge(q: Pick<SampledQueue, 'ageOfOldestSeconds' | 'ageOfOldestMinute'>): OldestAgePoint | undefined {
  return q.ageOfOldestSeconds === undefined || q.ageOfOldestMinute === undefined ? undefined : { minute: q.ageOfOldestMinute, seconds: q.ageOfOldestSeconds };
}

function toRow(q: SampledQueue): QueueRow {
  const history = getQueueSampler().historyOf(q.name);
  return {
    ...q,
    history: sparklineSamples(history.slice(-SPARKLINE_POINTS)),
    forecast: queueDepth(q) === undefined ? NO_COUNTS_FORECAST : forecastDrain(depthPoints(history)),
    oldestAge: oldestMessageAge(history, cloudWatchOldestAge(q), Date.now(), queueDepth(q) !== undefined),
  };
}

function toListing(snapshot: QueueSnapshot<SampledQueue>): QueueListing {
  const queues = snapshot.queues.map(toRow).sort((a, b) => compareDepthDescending(a, b) || a.name.localeCompare(b.name));
  return { queues, sampledAt: new Date(snapshot.at).toISOString(), sqsCalls: snapshot.calls, gaps: snapshot.gaps };
}

/**
 * Every queue with its role, depth history and forecast, biggest backlog first (an unknown one last). `since` (epoch
 * ms): figures from a refresh begun no earlier, so they cover the names a page listed then.
 */
export async function listQueueRows(options: { fresh?: boolean; since?: number } = {}): Promise<QueueListing> {
  return toListing(await getQueueSampler().snapshot({ fresh: options.fresh, notBefore: options.since }));
}

/**
 * `/queues` without waiting for 1,000 GetQueueAttributes: one ListQueues (a call per 1,000
 * queues), then the sampler's figures when they are current and cover every listed queue, else
 * the names alone; the browser asks for the figures with `since`. A queue created a moment ago
 * is listed at once, not at the next refresh. The refresh is not started here: the page starts it
 * with `startQueueFiguresRefresh` once its HTML is sent, so 1,000 GetQueueAttributes do not
 * compete with the render of the names for the server's event loop.
 */
export async function getQueuesFirstPaint(): Promise<QueuesFirstPaint> {
  const listedAt = Date.now();
  const urls = await listQueueUrls();
  const current = getQueueSampler().current();
  if (current) {
    const known = new Set(current.queues.map((q) => q.url));
    if (urls.every((url) => known.has(url))) return { kind: 'figures', listing: toListing(current) };
  }
  return { kind: 'names', names: sortedQueueNames(urls.map(queueNameFromUrl)), listedAt };
}

/**
 * Starts the sampler refresh whose figures cover the names listed at `listedAt` (epoch ms), unless
 * one already runs or covers them: the browser's `/api/queues?since=` joins it. A failure is the
 * browser's to show, on its own request.
 */
export function startQueueFiguresRefresh(listedAt: number): void {
  getQueueSampler()
    .snapshot({ notBefore: listedAt })
    .catch(() => {});
}

/** Every queue with its attributes and its role in the DLQ wiring, sorted by backlog. */
export async function listQueues(): Promise<QueueWithRole[]> {
  return (await listQueueRows()).queues;
}

/** A queue's page: attributes, DLQ links, sampler history and CloudWatch series when CloudWatch answers. */
/** Resolves when a queue of that name exists; rejects `not_found` when it does not (for a page's 404). */
export async function assertQueueExists(name: string): Promise<void> {
  await getQueueUrl(name);
}

export async function getQueueDetail(name: string, minutes: LagRangeMinutes = 60): Promise<QueueDetail> {
  const url = await getQueueUrl(name);
  const [{ queue, attributes }, listing] = await Promise.all([getQueueWithAttributes(url), listQueueRows()]);
  const listed = listing.queues.find((q) => q.name === name);
  const sources = listing.queues.filter((q) => q.redrivePolicy?.deadLetterTargetArn === queue.arn);
  const role: QueueWithRole['role'] = sources.length > 0 ? 'dlq' : queue.redrivePolicy ? 'source' : 'plain';
  // The live reading joins the sampler's history, so the figures and the forecast agree; a reading
  // without its counts adds nothing.
  const live = knownDepthParts(queue);
  const history = [...getQueueSampler().historyOf(name), ...(live ? [{ at: Date.now(), ...live }] : [])];
  const row: QueueRow = {
    ...queue,
    role,
    sourceNames: sources.map((s) => s.name),
    history,
    forecast: live ? forecastDrain(depthPoints(history)) : NO_COUNTS_FORECAST,
    ageOfOldestSeconds: listed?.ageOfOldestSeconds,
    ageOfOldestMinute: listed?.ageOfOldestMinute,
    oldestAge: oldestMessageAge(history, listed && cloudWatchOldestAge(listed), Date.now(), live !== undefined),
    failureDestinationOf: listed?.failureDestinationOf ?? [],
  };
  let metrics: QueueDetail['metrics'];
  let metricsError: string | undefined;
  const now = Date.now();
  const range = metricRange(minutes, now);
  try {
    metrics = await getQueueMetricSeries(name, minutes, now);
    metrics.receivedByEddy = getOwnReceives().series(name, range.start, now, range.periodMs);
  } catch (error) {
    metricsError = `CloudWatch did not answer (${(error as Error).message}); the charts show Eddy's own samples.`;
  }
  return {
    queue: row,
    attributes,
    deadLetterQueue: queue.redrivePolicy ? { name: queueNameFromArn(queue.redrivePolicy.deadLetterTargetArn), maxReceiveCount: queue.redrivePolicy.maxReceiveCount } : undefined,
    sources: sources.map((s) => ({ name: s.name, retentionSeconds: s.retentionSeconds, inFlight: s.inFlight, sampledAt: Date.parse(listing.sampledAt), maxReceiveCount: s.redrivePolicy?.maxReceiveCount })),
    range: { minutes, start: range.start, end: range.end, periodSeconds: range.periodSeconds },
    metrics,
    metricsError,
    browseWarning: queue.redrivePolicy
      ? `${name} has a redrive policy: every receive counts toward ${itsMaxReceiveCount(queue.redrivePolicy.maxReceiveCount)}, so browsing could push messages into ${queueNameFromArn(queue.redrivePolicy.deadLetterTargetArn)}. Eddy does not browse it unless you ask.`
      : undefined,
    canMoveTask: sources.length > 0,
    retentionWarning: role === 'dlq' ? retentionWarning(queue, sources) : undefined,
  };
}
