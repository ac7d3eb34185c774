import type { MetricDatum, MetricSink } from './types';

const MINUTE_MS = 60_000;

interface Slot {
  namespace: string;
  metricName: string;
  dimensions: MetricDatum['dimensions'];
  unit: string;
  minute: number;
  count: number;
  sum: number;
  min: number;
  max: number;
}

/**
 * A service's own metrics, summed per emulator-clock minute and published to CloudWatch as one
 * statistic set once the minute is over, as AWS services publish one-minute metrics (reference
 * part 2 §6.1). `skipZero`: a minute whose sum is 0 is not published — DynamoDB "sends a metric
 * only when its value is non-zero", so an idle stream has no `ReturnedRecordsCount` points at all.
 */
export class MinuteMetrics {
  private readonly slots = new Map<string, Slot>();

  constructor(
    private readonly sink: MetricSink,
    private readonly options: { skipZero: boolean } = { skipZero: true },
  ) {}

  /** Adds one sample (one request's figure) to the minute of `now`. */
  add(namespace: string, metricName: string, dimensions: MetricDatum['dimensions'], unit: string, value: number, now: number): void {
    const minute = Math.floor(now / MINUTE_MS);
    const key = `${minute}\u0000${namespace}\u0000${metricName}\u0000${dimensions.map((d) => `${d.Name}\u0001${d.Value}`).join('\u0000')}`;
    const slot = this.slots.get(key);
    if (slot) {
      slot.count++;
      slot.sum += value;
      slot.min = Math.min(slot.min, value);
      slot.max = Math.max(slot.max, value);
    } else {
      this.slots.set(key, { namespace, metricName, dimensions, unit, minute, count: 1, sum: value, min: value, max: value });
    }
  }

  /** Publishes every minute that ended before `now` and forgets it. */
  flush(now: number): void {
    const current = Math.floor(now / MINUTE_MS);
    for (const [key, slot] of this.slots) {
      if (slot.minute >= current) continue;
      this.slots.delete(key);
      if (this.options.skipZero && slot.sum === 0) continue;
      this.sink.putMetric({
        namespace: slot.namespace,
        metricName: slot.metricName,
        dimensions: slot.dimensions,
        timestamp: slot.minute * MINUTE_MS,
        value: slot.sum,
        unit: slot.unit,
        statistics: { count: slot.count, sum: slot.sum, min: slot.min, max: slot.max },
      });
    }
  }
}
