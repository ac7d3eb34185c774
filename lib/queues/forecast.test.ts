import { describe, expect, it } from 'vitest';
import { describeForecast, forecastDrain, type DepthPoint } from './forecast';

const series = (depths: number[], everyMs = 10_000, start = 1_000_000): DepthPoint[] => depths.map((depth, i) => ({ at: start + i * everyMs, depth }));

describe('forecastDrain', () => {
  it.each<[string, DepthPoint[], string]>([
    ['no samples', [], 'unknown'],
    ['one sample', series([5]), 'unknown'],
    ['an empty queue, whatever came before', series([100, 50, 0]), 'empty'],
    ['less than 15 s of history', series([10, 20], 5_000), 'unknown'],
    ['a flat backlog', series([500, 500, 501, 500, 499, 500]), 'steady'],
    ['a small queue jittering for minutes', series(Array.from({ length: 30 }, (_, i) => [2, 5, 3, 6, 4][i % 5])), 'steady'],
  ])('%s → %s', (_, samples, kind) => {
    expect(forecastDrain(samples).kind).toBe(kind);
  });

  it('measures a growing backlog in messages a minute', () => {
    // +20 every 10 s = 120/min.
    const f = forecastDrain(series([100, 120, 140, 160, 180, 200, 220]));
    expect(f).toEqual({ kind: 'growing', perMinute: expect.closeTo(120, 6) });
    expect(describeForecast(f)).toBe('growing 120/min');
  });

  it('forecasts when a shrinking backlog empties', () => {
    // -10 every 10 s = -60/min; 420 left → 7 min.
    const f = forecastDrain(series([480, 470, 460, 450, 440, 430, 420]));
    expect(f.kind).toBe('draining');
    expect(f.kind === 'draining' && f.secondsToEmpty).toBeCloseTo(420, 0);
    expect(describeForecast(f)).toBe('drains in 7 min');
  });

  it('reads only the last five minutes, so a fix shows at once', () => {
    const old = series(Array.from({ length: 60 }, (_, i) => 100 + i * 10), 10_000, 0); // growing for 10 min
    const last = old[old.length - 1];
    const recent = Array.from({ length: 31 }, (_, i) => ({ at: last.at + (i + 1) * 10_000, depth: last.depth - (i + 1) * 20 }));
    expect(forecastDrain([...old, ...recent]).kind).toBe('draining');
  });

  it('accepts samples in any order', () => {
    const s = series([100, 120, 140, 160]);
    expect(forecastDrain([s[2], s[0], s[3], s[1]]).kind).toBe('growing');
  });
});

describe('describeForecast', () => {
  it.each([
    [{ kind: 'empty' } as const, 'empty'],
    [{ kind: 'unknown' } as const, 'gathering samples'],
    [{ kind: 'steady', perMinute: 0.2 } as const, 'steady'],
    [{ kind: 'growing', perMinute: 2.5 } as const, 'growing 2.5/min'],
    [{ kind: 'draining', perMinute: -5, secondsToEmpty: 30 } as const, 'drains in 30 s'],
    [{ kind: 'draining', perMinute: -5, secondsToEmpty: 7_200 } as const, 'drains in 2 h'],
    [{ kind: 'draining', perMinute: -5, secondsToEmpty: 86_400 * 5 } as const, 'drains in 5 d'],
  ])('%o → %s', (f, text) => {
    expect(describeForecast(f)).toBe(text);
  });
});
