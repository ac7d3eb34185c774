import { describe, expect, it } from 'vitest';
import { addInto, emptyAggregate, parseStatistic, percentile, statisticValue } from './statistics';

describe('parseStatistic', () => {
  it.each([
    ['Sum', { kind: 'Sum' }],
    ['SampleCount', { kind: 'SampleCount' }],
    ['Maximum', { kind: 'Maximum' }],
    ['p99', { kind: 'percentile', p: 99 }],
    ['p99.9', { kind: 'percentile', p: 99.9 }],
    ['p0', { kind: 'percentile', p: 0 }],
    ['p100', { kind: 'percentile', p: 100 }],
    ['sum', undefined],
    ['p101', undefined],
    ['p', undefined],
    ['tm99', undefined],
    ['Median', undefined],
  ])('%s → %j', (stat, expected) => {
    expect(parseStatistic(stat)).toEqual(expected);
  });
});

describe('percentile (weighted nearest rank)', () => {
  it.each<[string, number[], number[], number, number | undefined]>([
    ['no values', [], [], 50, undefined],
    ['one value', [7], [1], 99, 7],
    ['the median of 1..4', [4, 1, 3, 2], [1, 1, 1, 1], 50, 2],
    ['p0 is the minimum', [5, 3, 9], [1, 1, 1], 0, 3],
    ['p100 is the maximum', [5, 3, 9], [1, 1, 1], 100, 9],
    ['p99 of 1..100', Array.from({ length: 100 }, (_, i) => i + 1), Array(100).fill(1), 99, 99],
    ['weights count as repeated values', [1, 100], [99, 1], 99, 1],
    ['weights count as repeated values, above them', [1, 100], [99, 1], 99.5, 100],
    ['zero weights are skipped', [1, 2, 3], [0, 0, 1], 10, 3],
  ])('%s', (_case, values, weights, p, expected) => {
    expect(percentile(values, weights, p)).toBe(expected);
  });
});

describe('statisticValue', () => {
  const agg = emptyAggregate();
  addInto(agg, { count: 1, sum: 10, min: 10, max: 10, values: [10] });
  addInto(agg, { count: 3, sum: 6, min: 1, max: 3 }); // a statistic set: no raw values
  addInto(agg, { count: 2, sum: 40, min: 20, max: 20, values: [20], weights: [2] });

  it.each([
    ['SampleCount', 6],
    ['Sum', 56],
    ['Average', 56 / 6],
    ['Minimum', 1],
    ['Maximum', 20],
    // Percentiles see only raw values: 10 once, 20 twice.
    ['p50', 20],
    ['p30', 10],
  ])('%s', (stat, expected) => {
    expect(statisticValue(parseStatistic(stat)!, agg)).toBeCloseTo(expected);
  });

  it('has no value over an empty aggregate', () => {
    expect(statisticValue({ kind: 'Sum' }, emptyAggregate())).toBeUndefined();
  });
});
