import { describe, expect, it } from 'vitest';
import { evaluate, ExpressionError, parseExpression, UnsupportedExpressionError, type MathEnvironment, type TimeSeries } from './expressions';

const series: Record<string, TimeSeries> = {
  a: { timestamps: [60, 120, 180], values: [1, 2, 4] },
  b: { timestamps: [60, 180, 240], values: [10, 0, 5] },
  neg: { timestamps: [60], values: [-3] },
};
const env: MathEnvironment = {
  resolve(id) {
    if (!series[id]) throw new ExpressionError(`Unrecognized metric or expression id ${id}.`);
    return series[id];
  },
  metricIds: () => ['a', 'b'],
};
const run = (expression: string) => evaluate(parseExpression(expression), env);

describe('metric math', () => {
  it.each<[string, unknown]>([
    ['1 + 2 * 3', { kind: 'scalar', value: 7 }],
    ['(1 + 2) * 3', { kind: 'scalar', value: 9 }],
    ['2 ^ 3 ^ 2', { kind: 'scalar', value: 512 }],
    ['-2 ^ 2', { kind: 'scalar', value: -4 }],
    ['10 / 4 - 1.5e0', { kind: 'scalar', value: 1 }],
    ['a * 10', { kind: 'series', series: { timestamps: [60, 120, 180], values: [10, 20, 40] } }],
    ['1 - a', { kind: 'series', series: { timestamps: [60, 120, 180], values: [0, -1, -3] } }],
    // Only shared timestamps survive, and a division by zero drops its point.
    ['a / b', { kind: 'series', series: { timestamps: [60], values: [0.1] } }],
    ['a + b', { kind: 'series', series: { timestamps: [60, 180], values: [11, 4] } }],
    ['SUM(a)', { kind: 'scalar', value: 7 }],
    ['MAX(a)', { kind: 'scalar', value: 4 }],
    ['SUM(METRICS())', { kind: 'series', series: { timestamps: [60, 120, 180, 240], values: [11, 2, 4, 5] } }],
    ["AVG(METRICS('a'))", { kind: 'series', series: { timestamps: [60, 120, 180], values: [1, 2, 4] } }],
    ['MIN([a, b])', { kind: 'series', series: { timestamps: [60, 120, 180, 240], values: [1, 2, 0, 5] } }],
    ['STDDEV([a, b])', { kind: 'series', series: { timestamps: [60, 120, 180, 240], values: [4.5, 0, 2, 0] } }],
    ['ABS(neg)', { kind: 'series', series: { timestamps: [60], values: [3] } }],
    ['DIFF(a)', { kind: 'series', series: { timestamps: [120, 180], values: [1, 2] } }],
    ['RATE(b)', { kind: 'series', series: { timestamps: [180, 240], values: [-10 / 120, 5 / 60] } }],
    ['METRICS() * 2', { kind: 'array', items: [{ timestamps: [60, 120, 180], values: [2, 4, 8] }, { timestamps: [60, 180, 240], values: [20, 0, 10] }] }],
  ])('%s', (expression, expected) => {
    expect(run(expression)).toEqual(expected);
  });

  it.each([
    ['an empty expression', ''],
    ['a dangling operator', 'a +'],
    ['an unclosed parenthesis', '(a + 1'],
    ['a stray character', 'a % 2'],
    ['an unknown function', 'NOPE(a)'],
    ['an unknown id', 'zzz'],
    ['a wrong argument count', 'SUM(a, b)'],
    ['an array plus a series', 'METRICS() + a'],
    ['a string outside METRICS', "'a'"],
  ])('rejects %s as an ExpressionError', (_case, expression) => {
    expect(() => run(expression)).toThrow(ExpressionError);
  });

  it('reports a valid but unimplemented function as unsupported', () => {
    expect(() => run('FILL(a, 0)')).toThrow(UnsupportedExpressionError);
  });
});
