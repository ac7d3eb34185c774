import { describe, expect, it } from 'vitest';
import { formatBytes, formatCount, formatDuration } from './format';

describe('formatDuration', () => {
  it.each([
    [0, '0 s'],
    [-5, '0 s'],
    [59, '59 s'],
    [60, '1 min'],
    [90, '1 min 30 s'],
    [3_600, '1 h'],
    [3_661, '1 h 1 min'],
    [345_600, '4 d'],
    [1_209_600, '14 d'],
    [Number.NaN, '—'],
  ])('%s s → %s', (s, text) => {
    expect(formatDuration(s)).toBe(text);
  });
});

describe('formatBytes', () => {
  it.each([
    [0, '0 B'],
    [1023, '1023 B'],
    [1536, '1.5 KiB'],
    [1_048_576, '1.0 MiB'],
    [-1, '—'],
  ])('%s → %s', (n, text) => {
    expect(formatBytes(n)).toBe(text);
  });
});

describe('formatCount', () => {
  it('groups thousands', () => {
    expect(formatCount(1234567)).toBe('1,234,567');
  });
});
