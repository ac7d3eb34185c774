import { z } from 'zod';
import { unknownOperation } from '../core/not-implemented';
import type { EmulatorDeps, JsonService, MetricDatum, MetricSink } from '../core/types';
import { evaluate, ExpressionError, parseExpression, UnsupportedExpressionError, type MathEnvironment, type TimeSeries } from './expressions';
import { parseStatistic, statisticValue, type Statistic } from './statistics';
import { MetricStore, type Dimension, type Series } from './store';
import {
  checkDimensions,
  checkNamespace,
  checkUnit,
  decodeToken,
  dimensionSchema,
  encodeToken,
  invalidCombination,
  invalidNextToken,
  invalidValue,
  missingParameter,
  parseInput,
} from './validation';

const TARGET_PREFIX = 'GraniteServiceVersion20100801';

/** PutMetricData limits (https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricData.html). */
const MAX_DATUMS = 1000;
const MAX_VALUES = 150;
/** "Data points with time stamps from 24 hours ago or longer can take at least 48 hours to become available" — but up to two weeks old are accepted, two hours ahead at most. */
const MAX_PAST_MS = 14 * 24 * 3_600_000;
const MAX_FUTURE_MS = 2 * 3_600_000;
/** GetMetricData: at most 500 queries and, by default, 100,800 data points per call. */
const MAX_QUERIES = 500;
const DEFAULT_MAX_DATAPOINTS = 100_800;
/** GetMetricStatistics answers at most 1,440 data points. */
const MAX_STATISTICS_DATAPOINTS = 1440;
const LIST_METRICS_PAGE = 500;
/** ListMetrics `RecentlyActive: PT3H`. */
const RECENTLY_ACTIVE_MS = 3 * 3_600_000;
/** Periods under a minute are for high-resolution metrics; longer ones are whole minutes. */
const HIGH_RESOLUTION_PERIODS = new Set([1, 5, 10, 20, 30]);
/**
 * `AWS/` namespaces are reserved for AWS services, and PutMetricData rejects them. The emulator
 * lets `AWS/Lambda` through: it runs no functions, so the demo system publishes `IteratorAge`,
 * `Invocations` and `Errors` in the Lambda service's stead, where the dashboard reads them.
 */
const PUBLISHABLE_AWS_NAMESPACES = new Set(['AWS/Lambda']);

const metricDatumSchema = z.object({
  MetricName: z.string(),
  Dimensions: z.array(dimensionSchema).optional(),
  Timestamp: z.number().optional(),
  Value: z.number().optional(),
  StatisticValues: z.object({ SampleCount: z.number(), Sum: z.number(), Minimum: z.number(), Maximum: z.number() }).optional(),
  Values: z.array(z.number()).optional(),
  Counts: z.array(z.number()).optional(),
  Unit: z.string().optional(),
  StorageResolution: z.number().int().optional(),
});
const putMetricDataSchema = z.object({ Namespace: z.string(), MetricData: z.array(metricDatumSchema) });

const metricSchema = z.object({ Namespace: z.string(), MetricName: z.string(), Dimensions: z.array(dimensionSchema).optional() });
const metricDataQuerySchema = z.object({
  Id: z.string(),
  MetricStat: z.object({ Metric: metricSchema, Period: z.number().int(), Stat: z.string(), Unit: z.string().optional() }).optional(),
  Expression: z.string().optional(),
  Label: z.string().optional(),
  ReturnData: z.boolean().optional(),
  Period: z.number().int().optional(),
});
const getMetricDataSchema = z.object({
  MetricDataQueries: z.array(metricDataQuerySchema),
  StartTime: z.number(),
  EndTime: z.number(),
  NextToken: z.string().optional(),
  ScanBy: z.string().optional(),
  MaxDatapoints: z.number().int().optional(),
});
const getMetricStatisticsSchema = z.object({
  Namespace: z.string(),
  MetricName: z.string(),
  Dimensions: z.array(dimensionSchema).optional(),
  StartTime: z.number(),
  EndTime: z.number(),
  Period: z.number().int(),
  Statistics: z.array(z.string()).optional(),
  ExtendedStatistics: z.array(z.string()).optional(),
  Unit: z.string().optional(),
});
const listMetricsSchema = z.object({
  Namespace: z.string().optional(),
  MetricName: z.string().optional(),
  Dimensions: z.array(z.object({ Name: z.string(), Value: z.string().optional() })).optional(),
  NextToken: z.string().optional(),
  RecentlyActive: z.string().optional(),
});

/** Runs `f`, turning an expression's syntax or reference error into CloudWatch's 400. */
function withExpressionErrors<T>(id: string, f: () => T): T {
  try {
    return f();
  } catch (error) {
    if (error instanceof ExpressionError) throw invalidValue(`Error in expression ${id}: ${error.message}`);
    throw error;
  }
}

function checkPeriod(period: number, parameter: string): void {
  if (period < 1 || (period % 60 !== 0 && !HIGH_RESOLUTION_PERIODS.has(period))) {
    throw invalidValue(`The parameter ${parameter} must be 1, 5, 10, 20, 30 or a multiple of 60, but was ${period}.`);
  }
}

function checkTimeRange(startTime: number, endTime: number): void {
  if (!(startTime < endTime)) throw invalidValue('The parameter StartTime must be less than the parameter EndTime.');
}

/** One answered query, its points in scan order. */
interface QueryResult {
  id: string;
  label: string;
  timestamps: number[];
  values: number[];
  statusCode: 'Complete' | 'InternalError';
  messages?: { Code: string; Value: string }[];
}

/**
 * CloudWatch metrics in memory (AWS JSON 1.0, query-compatible): PutMetricData, GetMetricData
 * (with a subset of metric math, see `expressions.ts`), GetMetricStatistics and ListMetrics, plus
 * the `MetricSink` through which the emulator's own services publish `AWS/SQS` data. Data older
 * than 15 days of emulator time is dropped.
 */
export function createCloudWatch(deps: EmulatorDeps): JsonService & MetricSink & { close?(): void } {
  const store = new MetricStore();
  const now = () => deps.clock.now();
  const unsubscribe = deps.clock.onAdvance((t) => store.trim(t));

  function putMetricData(raw: Record<string, unknown>): Record<string, never> {
    const input = parseInput(putMetricDataSchema, raw);
    checkNamespace(input.Namespace);
    if (input.Namespace.startsWith('AWS/') && !PUBLISHABLE_AWS_NAMESPACES.has(input.Namespace)) {
      throw invalidValue(`The value ${input.Namespace} for parameter Namespace is invalid.`);
    }
    if (input.MetricData.length === 0) throw missingParameter('MetricData');
    if (input.MetricData.length > MAX_DATUMS) throw invalidValue(`The collection MetricData must not have a size greater than ${MAX_DATUMS}.`);
    const t = now();
    // Validate the whole request before storing anything: PutMetricData is all or nothing.
    const ready = input.MetricData.map((datum, index) => {
      const member = `MetricData.member.${index + 1}`;
      if (datum.MetricName.length < 1 || datum.MetricName.length > 255) throw invalidValue(`The parameter ${member}.MetricName must be between 1 and 255 characters long.`);
      const dimensions = datum.Dimensions ?? [];
      checkDimensions(dimensions, `${member}.Dimensions`);
      checkUnit(datum.Unit, `${member}.Unit`);
      if (datum.StorageResolution !== undefined && datum.StorageResolution !== 1 && datum.StorageResolution !== 60) {
        throw invalidValue(`The value ${datum.StorageResolution} for parameter ${member}.StorageResolution is invalid. Valid values are 1 and 60.`);
      }
      const timestampMs = datum.Timestamp === undefined ? t : datum.Timestamp * 1000;
      if (timestampMs < t - MAX_PAST_MS) throw invalidValue(`The parameter ${member}.Timestamp must specify a time within the past two weeks.`);
      if (timestampMs > t + MAX_FUTURE_MS) throw invalidValue(`The parameter ${member}.Timestamp must specify a time no more than two hours in the future.`);
      const given = [datum.Value !== undefined && 'Value', datum.StatisticValues && 'StatisticValues', datum.Values && 'Values'].filter(Boolean) as string[];
      if (given.length > 1) {
        throw invalidCombination(`The parameters ${member}.${given[0]} and ${member}.${given[1]} are mutually exclusive and you have specified both.`);
      }
      if (given.length === 0) throw missingParameter(`${member}.Value`);
      const base = { namespace: input.Namespace, metricName: datum.MetricName, dimensions, timestampMs, unit: datum.Unit ?? 'None', resolution: datum.StorageResolution ?? 60 };
      if (datum.Value !== undefined) {
        return { ...base, count: 1, sum: datum.Value, min: datum.Value, max: datum.Value, values: [datum.Value] };
      }
      if (datum.StatisticValues) {
        const s = datum.StatisticValues;
        if (s.SampleCount <= 0) throw invalidValue(`The parameter ${member}.StatisticValues.SampleCount must be greater than 0.`);
        if (s.Minimum > s.Maximum) throw invalidValue(`The parameter ${member}.StatisticValues.Minimum must not be greater than ${member}.StatisticValues.Maximum.`);
        return { ...base, count: s.SampleCount, sum: s.Sum, min: s.Minimum, max: s.Maximum };
      }
      const values = datum.Values!;
      const counts = datum.Counts ?? values.map(() => 1);
      if (values.length === 0) throw missingParameter(`${member}.Values`);
      if (values.length > MAX_VALUES) throw invalidValue(`The collection ${member}.Values must not have a size greater than ${MAX_VALUES}.`);
      if (counts.length !== values.length) throw invalidValue(`The parameters ${member}.Values and ${member}.Counts must be of the same size.`);
      if (counts.some((c) => c < 0)) throw invalidValue(`The parameter ${member}.Counts must not contain negative values.`);
      let count = 0;
      let sum = 0;
      let min = Infinity;
      let max = -Infinity;
      values.forEach((v, i) => {
        if (counts[i] === 0) return;
        count += counts[i];
        sum += v * counts[i];
        min = Math.min(min, v);
        max = Math.max(max, v);
      });
      if (count === 0) throw invalidValue(`The parameter ${member}.Counts must contain at least one count greater than 0.`);
      return { ...base, count, sum, min, max, values, weights: counts };
    });
    for (const datum of ready) store.put(datum, t);
    return {};
  }

  /** Computes one MetricStat query over `[startMs, endMs)`, timestamps ascending in epoch seconds. */
  function metricStatResult(series: Series | undefined, stat: Statistic, startMs: number, endMs: number, periodSeconds: number, unit: string | undefined): TimeSeries {
    const timestamps: number[] = [];
    const values: number[] = [];
    if (series) {
      for (const { start, agg } of store.aggregate(series, startMs, endMs, periodSeconds * 1000, unit, stat.kind === 'percentile')) {
        const value = statisticValue(stat, agg);
        if (value === undefined) continue;
        timestamps.push(start / 1000);
        values.push(value);
      }
    }
    return { timestamps, values };
  }

  function getMetricData(raw: Record<string, unknown>) {
    const input = parseInput(getMetricDataSchema, raw);
    const queries = input.MetricDataQueries;
    if (queries.length === 0) throw missingParameter('MetricDataQueries');
    if (queries.length > MAX_QUERIES) throw invalidValue(`The collection MetricDataQueries must not have a size greater than ${MAX_QUERIES}.`);
    checkTimeRange(input.StartTime, input.EndTime);
    const scanBy = input.ScanBy ?? 'TimestampDescending';
    if (scanBy !== 'TimestampDescending' && scanBy !== 'TimestampAscending') throw invalidValue(`The value ${scanBy} for parameter ScanBy is invalid.`);
    const maxDatapoints = input.MaxDatapoints ?? DEFAULT_MAX_DATAPOINTS;
    if (maxDatapoints < 1) throw invalidValue(`The value ${maxDatapoints} for parameter MaxDatapoints is invalid.`);
    const offset = input.NextToken === undefined ? 0 : decodeToken<number>('gmd', input.NextToken);
    if (!Number.isInteger(offset) || offset < 0) throw invalidNextToken();

    const ids = new Set<string>();
    const checked = queries.map((query, index) => {
      const member = `MetricDataQueries.member.${index + 1}`;
      // "The first character must be a lower-case letter", then letters, digits and underscores.
      if (!/^[a-z][a-zA-Z0-9_]{0,254}$/.test(query.Id)) {
        throw invalidValue(`The value ${query.Id} for parameter ${member}.Id is invalid. It must start with a lowercase letter and contain only letters, numbers and underscores.`);
      }
      if (ids.has(query.Id)) throw invalidValue(`The value ${query.Id} for parameter ${member}.Id is not unique.`);
      ids.add(query.Id);
      if ((query.MetricStat === undefined) === (query.Expression === undefined)) {
        throw invalidCombination(`Exactly one of ${member}.MetricStat and ${member}.Expression must be specified.`);
      }
      const metricStat = query.MetricStat;
      if (!metricStat) return { query, stat: undefined };
      checkNamespace(metricStat.Metric.Namespace, `${member}.MetricStat.Metric.Namespace`);
      checkDimensions(metricStat.Metric.Dimensions ?? [], `${member}.MetricStat.Metric.Dimensions`);
      checkPeriod(metricStat.Period, `${member}.MetricStat.Period`);
      checkUnit(metricStat.Unit, `${member}.MetricStat.Unit`);
      const stat = parseStatistic(metricStat.Stat);
      if (!stat) throw invalidValue(`The value ${metricStat.Stat} for parameter ${member}.MetricStat.Stat is invalid.`);
      return { query, stat };
    });

    const startMs = input.StartTime * 1000;
    const endMs = input.EndTime * 1000;
    // Every MetricStat query is computed, ReturnData false included: expressions may read it.
    const computed = new Map<string, TimeSeries>();
    const metricIds: string[] = [];
    const parsed = new Map<string, ReturnType<typeof parseExpression>>();
    for (const { query, stat } of checked) {
      if (query.MetricStat && stat) {
        const { Namespace, MetricName, Dimensions = [] } = query.MetricStat.Metric;
        computed.set(query.Id, metricStatResult(store.get(Namespace, MetricName, Dimensions), stat, startMs, endMs, query.MetricStat.Period, query.MetricStat.Unit));
        metricIds.push(query.Id);
      } else if (query.Expression !== undefined) {
        // A malformed expression fails the whole request, as on CloudWatch.
        parsed.set(query.Id, withExpressionErrors(query.Id, () => parseExpression(query.Expression!)));
      }
    }
    const evaluating = new Set<string>();
    const env: MathEnvironment = {
      metricIds: () => metricIds,
      resolve(id) {
        const done = computed.get(id);
        if (done) return done;
        const node = parsed.get(id);
        if (!node) throw new ExpressionError(`Unrecognized metric or expression id ${id}.`);
        if (evaluating.has(id)) throw new ExpressionError(`The expression ${id} refers to itself.`);
        evaluating.add(id);
        try {
          const value = evaluate(node, env);
          if (value.kind !== 'series') throw new ExpressionError(`The expression ${id} must produce a single time series.`);
          computed.set(id, value.series);
          return value.series;
        } finally {
          evaluating.delete(id);
        }
      },
    };

    const results: QueryResult[] = [];
    const descending = scanBy === 'TimestampDescending';
    for (const { query } of checked) {
      if (query.ReturnData === false) continue;
      let series: TimeSeries;
      try {
        series = withExpressionErrors(query.Id, () => env.resolve(query.Id));
      } catch (error) {
        if (!(error instanceof UnsupportedExpressionError)) throw error;
        // TODO: implement the remaining metric math functions when a caller of the emulator needs them.
        results.push({ id: query.Id, label: query.Label ?? query.Id, timestamps: [], values: [], statusCode: 'InternalError', messages: [{ Code: 'Unsupported', Value: error.message }] });
        continue;
      }
      const timestamps = descending ? [...series.timestamps].reverse() : series.timestamps;
      const values = descending ? [...series.values].reverse() : series.values;
      results.push({ id: query.Id, label: query.Label ?? query.MetricStat?.Metric.MetricName ?? query.Id, timestamps, values, statusCode: 'Complete' });
    }

    // Pages cut the concatenation of every result's points; a result cut short is PartialData.
    const end = offset + maxDatapoints;
    let base = 0;
    const page = results.map((result) => {
      const n = result.timestamps.length;
      const from = Math.min(Math.max(offset - base, 0), n);
      const to = Math.min(Math.max(end - base, 0), n);
      const partial = base + n > end;
      base += n;
      return {
        Id: result.id,
        Label: result.label,
        Timestamps: result.timestamps.slice(from, to),
        Values: result.values.slice(from, to),
        StatusCode: partial && result.statusCode === 'Complete' ? 'PartialData' : result.statusCode,
        Messages: result.messages,
      };
    });
    return { MetricDataResults: page, NextToken: base > end ? encodeToken('gmd', end) : undefined, Messages: [] };
  }

  function getMetricStatistics(raw: Record<string, unknown>) {
    const input = parseInput(getMetricStatisticsSchema, raw);
    checkNamespace(input.Namespace);
    const dimensions = input.Dimensions ?? [];
    checkDimensions(dimensions, 'Dimensions');
    checkTimeRange(input.StartTime, input.EndTime);
    checkPeriod(input.Period, 'Period');
    checkUnit(input.Unit, 'Unit');
    const statistics = input.Statistics ?? [];
    const extended = input.ExtendedStatistics ?? [];
    if ((statistics.length === 0) === (extended.length === 0)) throw invalidCombination('Must specify either Statistics or ExtendedStatistics, but not both.');
    for (const s of statistics) if (!parseStatistic(s) || s.startsWith('p')) throw invalidValue(`The value ${s} for parameter Statistics is invalid.`);
    for (const s of extended) if (parseStatistic(s)?.kind !== 'percentile') throw invalidValue(`The value ${s} for parameter ExtendedStatistics is invalid.`);
    const requested = Math.ceil((input.EndTime - input.StartTime) / input.Period);
    if (requested > MAX_STATISTICS_DATAPOINTS) {
      throw invalidCombination(`You have requested up to ${requested} datapoints, which exceeds the limit of 1,440. You may reduce the datapoints requested by increasing Period, or decreasing the time range.`);
    }
    const series = store.get(input.Namespace, input.MetricName, dimensions);
    const datapoints: Record<string, unknown>[] = [];
    if (series) {
      const startMs = input.StartTime * 1000;
      const endMs = input.EndTime * 1000;
      // Without a Unit filter CloudWatch answers one datapoint per period and unit.
      const units = input.Unit !== undefined ? [input.Unit] : [...new Set(series.points.filter((p) => p.start >= startMs && p.start < endMs).map((p) => p.unit))];
      for (const unit of units) {
        for (const { start, agg } of store.aggregate(series, startMs, endMs, input.Period * 1000, unit, extended.length > 0)) {
          const point: Record<string, unknown> = { Timestamp: start / 1000, Unit: unit };
          for (const s of statistics) point[s] = statisticValue(parseStatistic(s)!, agg);
          if (extended.length > 0) point.ExtendedStatistics = Object.fromEntries(extended.map((s) => [s, statisticValue(parseStatistic(s)!, agg)]));
          datapoints.push(point);
        }
      }
    }
    return { Label: input.MetricName, Datapoints: datapoints };
  }

  function listMetrics(raw: Record<string, unknown>) {
    const input = parseInput(listMetricsSchema, raw);
    if (input.RecentlyActive !== undefined && input.RecentlyActive !== 'PT3H') throw invalidValue(`The value ${input.RecentlyActive} for parameter RecentlyActive is invalid.`);
    const filters = input.Dimensions ?? [];
    if (filters.length > 10) throw invalidValue('The collection Dimensions must not have a size greater than 10.');
    const after = input.NextToken === undefined ? '' : decodeToken<string>('lm', input.NextToken);
    const activeSince = input.RecentlyActive ? now() - RECENTLY_ACTIVE_MS : -Infinity;
    const matches: Series[] = [];
    for (const series of store.list(input.Namespace)) {
      if (series.key <= after) continue;
      if (input.MetricName !== undefined && series.metricName !== input.MetricName) continue;
      if (series.lastPutMs < activeSince) continue;
      if (!filters.every((f) => series.dimensions.some((d) => d.Name === f.Name && (f.Value === undefined || d.Value === f.Value)))) continue;
      matches.push(series);
    }
    matches.sort((a, b) => (a.key < b.key ? -1 : 1));
    const page = matches.slice(0, LIST_METRICS_PAGE);
    return {
      Metrics: page.map((s) => ({ Namespace: s.namespace, MetricName: s.metricName, Dimensions: s.dimensions })),
      NextToken: matches.length > LIST_METRICS_PAGE ? encodeToken('lm', page[page.length - 1].key) : undefined,
    };
  }

  return {
    targetPrefix: TARGET_PREFIX,
    errorNamespace: 'com.amazonaws.cloudwatch',
    queryCompatible: true,
    handle(operation, input) {
      switch (operation) {
        case 'PutMetricData':
          return putMetricData(input);
        case 'GetMetricData':
          return getMetricData(input);
        case 'GetMetricStatistics':
          return getMetricStatistics(input);
        case 'ListMetrics':
          return listMetrics(input);
        default:
          throw unknownOperation(`${TARGET_PREFIX}.${operation}`);
      }
    },
    /** The emulator's own services publish here (AWS/SQS included); timestamps are epoch ms on the emulator clock. */
    putMetric(datum: MetricDatum) {
      if (!Number.isFinite(datum.value) || !Number.isFinite(datum.timestamp)) return;
      const dimensions: Dimension[] = datum.dimensions;
      store.put(
        {
          namespace: datum.namespace,
          metricName: datum.metricName,
          dimensions,
          timestampMs: datum.timestamp,
          unit: datum.unit ?? 'None',
          resolution: 60,
          ...(datum.statistics ?? { count: 1, sum: datum.value, min: datum.value, max: datum.value, values: [datum.value] }),
        },
        now(),
      );
    },
    close() {
      unsubscribe();
    },
  };
}
