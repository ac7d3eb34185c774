import { describe, expect, it } from 'vitest';
import { lowerBound, MAX_VALUES_PER_POINT, MetricStore, RETENTION_MS, seriesKey, sortDimensions, type StoreInput } from './store';

const T0 = Date.UTC(2026, 10, 27, 6, 0, 0);
const MINUTE = 60_000;

function datum(timestampMs: number, value: number, extra: Partial<StoreInput> = {}): StoreInput {
  return { namespace: 'App', metricName: 'Lag', dimensions: [], timestampMs, unit: 'None', resolution: 60, count: 1, sum: value, min: value, max: value, values: [value], ...extra };
}

describe('seriesKey', () => {
  it('identifies a metric by its dimension set, whatever the order', () => {
    const a = seriesKey('N', 'M', sortDimensions([{ Name: 'b', Value: '2' }, { Name: 'a', Value: '1' }]));
    const b = seriesKey('N', 'M', sortDimensions([{ Name: 'a', Value: '1' }, { Name: 'b', Value: '2' }]));
    expect(a).toBe(b);
    expect(seriesKey('N', 'M', [{ Name: 'a', Value: '1' }])).not.toBe(a);
  });
});

describe('lowerBound', () => {
  const points = [10, 20, 20, 30].map((start) => ({ start, unit: 'None', count: 1, sum: 0, min: 0, max: 0 }));
  it.each([
    [0, 0],
    [10, 0],
    [11, 1],
    [20, 1],
    [30, 3],
    [31, 4],
  ])('first point at or after %d is #%d', (t, index) => {
    expect(lowerBound(points, t)).toBe(index);
  });
});

describe('MetricStore', () => {
  it('merges points of one minute and keeps minutes sorted when published out of order', () => {
    const store = new MetricStore();
    store.put(datum(T0 + 2 * MINUTE + 5_000, 1), T0);
    store.put(datum(T0 + 10_000, 2), T0);
    store.put(datum(T0 + 50_000, 4), T0);
    store.put(datum(T0 + MINUTE, 8), T0);
    const series = store.get('App', 'Lag', [])!;
    expect(series.points.map((p) => [p.start - T0, p.count, p.sum])).toEqual([
      [0, 2, 6],
      [MINUTE, 1, 8],
      [2 * MINUTE, 1, 1],
    ]);
  });

  it('keeps one-second slots for high-resolution data', () => {
    const store = new MetricStore();
    store.put(datum(T0 + 1_000, 1, { resolution: 1 }), T0);
    store.put(datum(T0 + 2_500, 1, { resolution: 1 }), T0);
    expect(store.get('App', 'Lag', [])!.points.map((p) => p.start - T0)).toEqual([1_000, 2_000]);
  });

  it('keeps units apart in one slot and filters by unit', () => {
    const store = new MetricStore();
    store.put(datum(T0, 5, { unit: 'Seconds' }), T0);
    store.put(datum(T0, 7, { unit: 'Milliseconds' }), T0);
    const series = store.get('App', 'Lag', [])!;
    expect(series.points).toHaveLength(2);
    expect(store.aggregate(series, T0, T0 + MINUTE, MINUTE, 'Seconds')[0].agg.sum).toBe(5);
    expect(store.aggregate(series, T0, T0 + MINUTE, MINUTE)[0].agg.sum).toBe(12);
  });

  it('aggregates into periods aligned to the period, start inclusive and end exclusive', () => {
    const store = new MetricStore();
    for (let m = 0; m < 10; m++) store.put(datum(T0 + m * MINUTE, m), T0);
    const series = store.get('App', 'Lag', [])!;
    const periods = store.aggregate(series, T0 + MINUTE, T0 + 7 * MINUTE, 5 * MINUTE);
    // Minutes 1..6: minutes 1-4 fall in the period starting at 0, 5-6 in the one starting at 5.
    expect(periods.map((p) => [(p.start - T0) / MINUTE, p.agg.count, p.agg.sum])).toEqual([
      [0, 4, 1 + 2 + 3 + 4],
      [5, 2, 5 + 6],
    ]);
  });

  it('samples raw values beyond the cap but keeps the basic statistics exact', () => {
    const store = new MetricStore();
    // 20 puts of 0..149 offer 3,000 values to a 1,000-value sample.
    const values = Array.from({ length: 150 }, (_, i) => i);
    for (let i = 0; i < 20; i++) store.put(datum(T0, 0, { count: 150, sum: 150 * 74.5, min: 0, max: 149, values }), T0);
    const point = store.get('App', 'Lag', [])!.points[0];
    expect(point).toMatchObject({ count: 3000, sum: 3000 * 74.5, min: 0, max: 149, seen: 3000 });
    expect(point.values).toHaveLength(MAX_VALUES_PER_POINT);
    expect(point.values!.every((v) => v >= 0 && v < 150)).toBe(true);
  });

  it('drops points older than the retention on put and on trim, then the metric itself', () => {
    const store = new MetricStore();
    store.put(datum(T0, 1), T0);
    store.put(datum(T0 + MINUTE, 2, { metricName: 'Other' }), T0);
    store.put(datum(T0 + RETENTION_MS + MINUTE, 3), T0 + RETENTION_MS + MINUTE);
    expect(store.get('App', 'Lag', [])!.points.map((p) => p.sum)).toEqual([3]);
    expect(store.size).toBe(2);
    store.trim(T0 + RETENTION_MS + 2 * MINUTE);
    expect(store.get('App', 'Other', [])).toBeUndefined();
    expect([...store.list('App')].map((s) => s.metricName)).toEqual(['Lag']);
  });
});
