/** A statistic GetMetricData can ask for: one of the five basic ones or a percentile `pNN[.NN]`. */
export type Statistic = { kind: 'SampleCount' | 'Average' | 'Sum' | 'Minimum' | 'Maximum' } | { kind: 'percentile'; p: number };

const BASIC = new Set(['SampleCount', 'Average', 'Sum', 'Minimum', 'Maximum']);
/** `p0`..`p100` with up to ten decimals, CloudWatch's percentile syntax (`p99`, `p99.9`). */
const PERCENTILE = /^p(\d{1,2}(?:\.\d{1,10})?|100(?:\.0{1,10})?)$/;

/** Parses a `Stat`, or returns undefined for one the emulator does not compute (trimmed means, IQM...). */
export function parseStatistic(stat: string): Statistic | undefined {
  if (BASIC.has(stat)) return { kind: stat as 'Sum' };
  const match = PERCENTILE.exec(stat);
  return match ? { kind: 'percentile', p: Number(match[1]) } : undefined;
}

/**
 * What one period's data points add up to. `values`/`weights` hold the raw values (a value
 * published through `Values`+`Counts` carries its count as weight) for percentiles; values that
 * arrived only as a `StatisticSet` cannot take part in a percentile, as on AWS.
 */
export interface Aggregate {
  count: number;
  sum: number;
  min: number;
  max: number;
  values: number[];
  weights: number[];
}

/** An aggregate of nothing: min and max start at the infinities so any point replaces them. */
export function emptyAggregate(): Aggregate {
  return { count: 0, sum: 0, min: Infinity, max: -Infinity, values: [], weights: [] };
}

/** Adds a stored point (or another aggregate) into `into`. */
export function addInto(into: Aggregate, point: { count: number; sum: number; min: number; max: number; values?: number[]; weights?: number[] }): void {
  into.count += point.count;
  into.sum += point.sum;
  if (point.min < into.min) into.min = point.min;
  if (point.max > into.max) into.max = point.max;
  if (point.values) {
    for (let i = 0; i < point.values.length; i++) {
      into.values.push(point.values[i]);
      into.weights.push(point.weights?.[i] ?? 1);
    }
  }
}

/** The statistic's value over an aggregate, or undefined when it has no answer (no raw values for a percentile). */
export function statisticValue(stat: Statistic, agg: Aggregate): number | undefined {
  if (agg.count === 0) return undefined;
  switch (stat.kind) {
    case 'SampleCount':
      return agg.count;
    case 'Sum':
      return agg.sum;
    case 'Average':
      return agg.sum / agg.count;
    case 'Minimum':
      return agg.min;
    case 'Maximum':
      return agg.max;
    case 'percentile':
      return percentile(agg.values, agg.weights, stat.p);
  }
}

/**
 * The weighted nearest-rank percentile: the smallest value whose cumulative weight reaches
 * `p`% of the total. `p0` is the minimum and `p100` the maximum.
 */
export function percentile(values: number[], weights: number[], p: number): number | undefined {
  if (values.length === 0) return undefined;
  const order = values.map((_, i) => i).sort((a, b) => values[a] - values[b]);
  let total = 0;
  for (const w of weights) total += w;
  const target = (p / 100) * total;
  let cumulative = 0;
  for (const i of order) {
    cumulative += weights[i];
    if (cumulative >= target && cumulative > 0) return values[i];
  }
  return values[order[order.length - 1]];
}
