import { describe, expect, it } from 'vitest';
import { formatMs } from '@/lib/flow/labels';
import { dataLossClock } from './data-loss';
import { growthPerMinute, isBacklogGrowing, newDeadLetters } from './queue-lag';
import { fillGaps, latestValue } from './series';

const H = 3_600_000;

describe('dataLossClock', () => {
  it.each([
    ['no datapoint', null, null],
    ['NaN', Number.NaN, null],
    ['no lag', 0, { remainingMs: 24 * H, level: 'ok', usedShare: 0 }],
    ['a negative age (clock skew) counts as none', -5_000, { remainingMs: 24 * H, level: 'ok', usedShare: 0 }],
    ['12 h behind: warning at the threshold', 12 * H, { remainingMs: 12 * H, level: 'warning', usedShare: 0.5 }],
    ['just under the warning threshold', 12 * H - 1, { remainingMs: 12 * H + 1, level: 'ok', usedShare: (12 * H - 1) / (24 * H) }],
    ['22 h behind: critical', 22 * H, { remainingMs: 2 * H, level: 'critical', usedShare: 22 / 24 }],
    ['24 h behind: records are being trimmed', 24 * H, { remainingMs: 0, level: 'lost', usedShare: 1 }],
    ['beyond 24 h', 30 * H, { remainingMs: 0, level: 'lost', usedShare: 1 }],
  ])('%s', (_label, age, expected) => {
    expect(dataLossClock(age)).toEqual(expected);
  });

  it('takes custom thresholds', () => {
    expect(dataLossClock(23 * H, { warningMs: 2 * H, criticalMs: 30 * 60_000 })?.level).toBe('warning');
  });
});

const samples = (depths: number[], stepMs = 5_000) => depths.map((depth, i) => ({ t: 1_000_000 + i * stepMs, depth }));

describe('queue lag', () => {
  it.each([
    ['no samples', [], false],
    ['too few samples', [0, 50], false],
    ['steady growth', [0, 12, 24, 36], true],
    ['flat', [5, 5, 5, 5], false],
    ['growth too small (jitter)', [0, 2, 4, 6], false],
    ['growth that stopped with a fall', [0, 12, 24, 36, 20], false],
    ['a fall, then steady growth', [50, 0, 12, 24], true],
  ])('isBacklogGrowing: %s', (_label, depths, expected) => {
    expect(isBacklogGrowing(samples(depths))).toBe(expected);
  });

  it('needs the growth to span enough time', () => {
    expect(isBacklogGrowing(samples([0, 20, 40], 1_000))).toBe(false);
  });

  it('computes growth per minute', () => {
    expect(growthPerMinute(samples([0]))).toBeNull();
    expect(growthPerMinute([{ t: 5, depth: 1 }, { t: 5, depth: 3 }])).toBeNull();
    expect(growthPerMinute(samples([0, 10], 30_000))).toBe(20);
    expect(growthPerMinute(samples([60, 0], 60_000))).toBe(-60);
  });

  it('counts new dead letters as the increases, ignoring redrives', () => {
    const s = [{ t: 0, depth: 10 }, { t: 10, depth: 15 }, { t: 20, depth: 2 }, { t: 30, depth: 4 }];
    expect(newDeadLetters(s, 30, 100)).toBe(7);
    // Window starts at 15: the baseline is the sample before it (15 at t=10).
    expect(newDeadLetters(s, 30, 15)).toBe(2);
    expect(newDeadLetters([{ t: 0, depth: 3 }], 0, 100)).toBeNull();
    expect(newDeadLetters([], 0, 100)).toBeNull();
  });
});

describe('fillGaps', () => {
  it('marks missing periods as gaps, not zeros', () => {
    const out = fillGaps(
      [
        { t: 60_000, value: 5 },
        { t: 180_000, value: 0 },
      ],
      { start: 0, end: 240_000, periodMs: 60_000 },
    );
    expect(out).toEqual([
      { t: 0, value: null },
      { t: 60_000, value: 5 },
      { t: 120_000, value: null },
      { t: 180_000, value: 0 },
    ]);
  });

  it('aligns to the period, drops points outside and non-finite values', () => {
    const out = fillGaps(
      [
        { t: 61_000, value: 1 },
        { t: -60_000, value: 9 },
        { t: 120_000, value: Number.NaN },
        { t: 999_999, value: 9 },
      ],
      { start: 30_000, end: 180_000, periodMs: 60_000 },
    );
    expect(out).toEqual([
      { t: 0, value: null },
      { t: 60_000, value: 1 },
      { t: 120_000, value: null },
    ]);
  });

  it('refuses a zero period', () => {
    expect(() => fillGaps([], { start: 0, end: 1, periodMs: 0 })).toThrow(RangeError);
  });

  it('finds the latest value past trailing gaps', () => {
    expect(latestValue([{ t: 0, value: 3 }, { t: 1, value: null }])).toBe(3);
    expect(latestValue([{ t: 0, value: null }])).toBeNull();
  });
});

describe('formatMs', () => {
  it.each([
    [Number.NaN, '—'],
    [0, '0 ms'],
    [999, '999 ms'],
    [1_350, '1.4 s'],
    [9_949, '9.9 s'],
    [12_000, '12 s'],
    [90_000, '1 min 30 s'],
  ])('%s → %s', (ms, text) => {
    expect(formatMs(ms)).toBe(text);
  });
});
