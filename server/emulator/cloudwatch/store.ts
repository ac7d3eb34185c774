import { addInto, emptyAggregate, type Aggregate } from './statistics';

export interface Dimension {
  Name: string;
  Value: string;
}

/** CloudWatch keeps 1-minute data for 15 days; older points are dropped on put and on clock advance. */
export const RETENTION_MS = 15 * 24 * 3_600_000;
/**
 * Raw values kept per stored point for percentiles. Beyond this a slot keeps a uniform sample
 * (reservoir sampling), so percentiles become estimates while the basic statistics stay exact
 * and memory stays bounded at any publish rate.
 */
export const MAX_VALUES_PER_POINT = 1000;

/**
 * One stored point: everything published for a metric in one storage-resolution slot (a minute,
 * or a second for `StorageResolution: 1`) with one unit. Merging on write bounds memory to the
 * number of slots, as CloudWatch's own storage does, whatever the publish rate.
 */
export interface StoredPoint {
  /** Slot start, epoch milliseconds. */
  start: number;
  unit: string;
  count: number;
  sum: number;
  min: number;
  max: number;
  values?: number[];
  weights?: number[];
  /** Raw values offered to the sample so far. */
  seen?: number;
}

export interface Series {
  key: string;
  namespace: string;
  metricName: string;
  /** Sorted by name: a metric is identified by its exact set of dimensions, in any order. */
  dimensions: Dimension[];
  /** Sorted by `start`, so a time range is two binary searches. */
  points: StoredPoint[];
  /** Emulator time of the last put, for ListMetrics' `RecentlyActive`. */
  lastPutMs: number;
}

/** A datum ready to store: a single value, a set of values with counts, or a statistic set. */
export interface StoreInput {
  namespace: string;
  metricName: string;
  dimensions: Dimension[];
  timestampMs: number;
  unit: string;
  /** Seconds: 1 (high resolution) or 60. */
  resolution: number;
  count: number;
  sum: number;
  min: number;
  max: number;
  values?: number[];
  weights?: number[];
}

/** Dimensions in name order, a copy: the canonical form of a dimension set. */
export function sortDimensions(dimensions: Dimension[]): Dimension[] {
  return [...dimensions].sort((a, b) => (a.Name < b.Name ? -1 : a.Name > b.Name ? 1 : 0));
}

/** The identity of a metric: namespace, name and the sorted dimension set. NUL never occurs in a name. */
export function seriesKey(namespace: string, metricName: string, sortedDimensions: Dimension[]): string {
  let key = `${namespace}\u0000${metricName}`;
  for (const d of sortedDimensions) key += `\u0000${d.Name}\u0001${d.Value}`;
  return key;
}

/** The first index whose point starts at or after `t`. */
export function lowerBound(points: StoredPoint[], t: number): number {
  let lo = 0;
  let hi = points.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (points[mid].start < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Metric data in memory: one sorted array of points per metric, an index per namespace. */
export class MetricStore {
  private readonly series = new Map<string, Series>();
  private readonly byNamespace = new Map<string, Set<string>>();

  constructor(private readonly retentionMs = RETENTION_MS) {}

  /** The number of metrics with data. */
  get size(): number {
    return this.series.size;
  }

  /** Stores a datum in its slot, merging with what the slot holds, and trims that metric's expired points. */
  put(input: StoreInput, now: number): void {
    const dimensions = sortDimensions(input.dimensions);
    const key = seriesKey(input.namespace, input.metricName, dimensions);
    let series = this.series.get(key);
    if (!series) {
      series = { key, namespace: input.namespace, metricName: input.metricName, dimensions, points: [], lastPutMs: now };
      this.series.set(key, series);
      let keys = this.byNamespace.get(input.namespace);
      if (!keys) this.byNamespace.set(input.namespace, (keys = new Set()));
      keys.add(key);
    }
    series.lastPutMs = now;
    const slotMs = input.resolution === 1 ? 1000 : 60_000;
    const start = Math.floor(input.timestampMs / slotMs) * slotMs;
    const points = series.points;
    // Publishing is mostly in time order, so the common case appends or merges into the last point.
    let i = points.length > 0 && points[points.length - 1].start < start ? points.length : lowerBound(points, start);
    for (; i < points.length && points[i].start === start; i++) {
      if (points[i].unit === input.unit) {
        mergeInto(points[i], input);
        this.trimSeries(series, now);
        return;
      }
    }
    const point: StoredPoint = { start, unit: input.unit, count: 0, sum: 0, min: Infinity, max: -Infinity };
    mergeInto(point, input);
    if (i === points.length) points.push(point);
    else points.splice(i, 0, point);
    this.trimSeries(series, now);
  }

  /** The metric with exactly these dimensions, if it has data. */
  get(namespace: string, metricName: string, dimensions: Dimension[]): Series | undefined {
    return this.series.get(seriesKey(namespace, metricName, sortDimensions(dimensions)));
  }

  /**
   * Aggregates a metric's points in `[startMs, endMs)` into periods aligned to multiples of
   * `periodMs` since the epoch, ascending. `unit` limits the data to points published with it.
   * Raw values are gathered only `withValues` (percentiles), as copying them dominates otherwise.
   */
  aggregate(series: Series, startMs: number, endMs: number, periodMs: number, unit?: string, withValues = true): { start: number; agg: Aggregate }[] {
    const out: { start: number; agg: Aggregate }[] = [];
    const points = series.points;
    let current: { start: number; agg: Aggregate } | undefined;
    for (let i = lowerBound(points, startMs); i < points.length && points[i].start < endMs; i++) {
      const point = points[i];
      if (unit !== undefined && point.unit !== unit) continue;
      const periodStart = Math.floor(point.start / periodMs) * periodMs;
      if (!current || current.start !== periodStart) {
        current = { start: periodStart, agg: emptyAggregate() };
        out.push(current);
      }
      addInto(current.agg, withValues ? point : { count: point.count, sum: point.sum, min: point.min, max: point.max });
    }
    return out;
  }

  /** Every metric of one namespace, or of all namespaces. */
  list(namespace?: string): Iterable<Series> {
    if (namespace === undefined) return this.series.values();
    const keys = this.byNamespace.get(namespace);
    return keys ? [...keys].map((key) => this.series.get(key)!) : [];
  }

  /** Drops points older than the retention everywhere, and metrics left without data. */
  trim(now: number): void {
    for (const series of this.series.values()) this.trimSeries(series, now);
  }

  private trimSeries(series: Series, now: number): void {
    const cutoff = now - this.retentionMs;
    const points = series.points;
    if (points.length === 0 || points[0].start >= cutoff) return;
    points.splice(0, lowerBound(points, cutoff));
    if (points.length > 0) return;
    this.series.delete(series.key);
    const keys = this.byNamespace.get(series.namespace);
    keys?.delete(series.key);
    if (keys?.size === 0) this.byNamespace.delete(series.namespace);
  }
}

function mergeInto(point: StoredPoint, input: StoreInput): void {
  point.count += input.count;
  point.sum += input.sum;
  if (input.min < point.min) point.min = input.min;
  if (input.max > point.max) point.max = input.max;
  if (!input.values) return;
  point.values ??= [];
  point.weights ??= [];
  point.seen ??= 0;
  for (let i = 0; i < input.values.length; i++) {
    const weight = input.weights?.[i] ?? 1;
    const seen = ++point.seen;
    if (point.values.length < MAX_VALUES_PER_POINT) {
      point.values.push(input.values[i]);
      point.weights.push(weight);
      continue;
    }
    const slot = Math.floor(Math.random() * seen);
    if (slot < MAX_VALUES_PER_POINT) {
      point.values[slot] = input.values[i];
      point.weights[slot] = weight;
    }
  }
}
