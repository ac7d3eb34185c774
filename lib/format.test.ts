import { describe, expect, it } from 'vitest';
import { formatBytes, formatCount, formatDateTime, formatDuration, formatRelative, formatTime } from './format';

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

  it('shows an unknown count as "—", never "0"', () => {
    expect(formatCount(undefined)).toBe('—');
    expect(formatCount(Number.NaN)).toBe('—');
    expect(formatCount(0)).toBe('0');
  });
});

describe('dates and times', () => {
  const at = Date.UTC(2026, 11, 2, 14, 3, 22, 500);
  it.each([
    [{ timeZone: 'UTC' }, '14:03:22 UTC'],
    [{ timeZone: 'Asia/Tokyo' }, '23:03:22 GMT+9'],
    [{ timeZone: 'America/New_York' }, '09:03:22 GMT-5'],
    [{ timeZone: 'UTC', seconds: false }, '14:03 UTC'],
    [{ timeZone: 'UTC', milliseconds: true }, '14:03:22.500 UTC'],
    [{ timeZone: 'Asia/Tokyo', seconds: false, zoneName: false }, '23:03'],
  ])('formatTime %o → %s', (options, text) => {
    expect(formatTime(at, options)).toBe(text);
  });

  it('is 24-hour past noon and at midnight', () => {
    expect(formatTime(Date.UTC(2026, 0, 1, 0, 0, 5), { timeZone: 'UTC' })).toBe('00:00:05 UTC');
    expect(formatTime(Date.UTC(2026, 0, 1, 23, 59, 0), { timeZone: 'UTC', seconds: false })).toBe('23:59 UTC');
  });

  it.each([
    [{ timeZone: 'UTC' }, '2026-12-02 14:03:22 UTC'],
    // Past midnight in Tokyo: the date moves too.
    [{ timeZone: 'Asia/Tokyo' }, '2026-12-02 23:03:22 GMT+9'],
    [{ timeZone: 'Pacific/Kiritimati' }, '2026-12-03 04:03:22 GMT+14'],
  ])('formatDateTime %o → %s', (options, text) => {
    expect(formatDateTime(at, options)).toBe(text);
  });

  it('accepts ISO strings and says "—" for what is not a time', () => {
    expect(formatDateTime('2026-12-02T14:03:22Z', { timeZone: 'UTC' })).toBe('2026-12-02 14:03:22 UTC');
    expect(formatTime(Number.NaN)).toBe('—');
    expect(formatDateTime('not a date')).toBe('—');
    expect(formatRelative('not a date', at)).toBe('—');
  });

  it.each([
    [at, 'just now'],
    [at - 400, 'just now'],
    [at - 5_000, '5 s ago'],
    [at - 90_000, '1 min 30 s ago'],
    [at - 4 * 86_400_000, '4 d ago'],
    [at + 120_000, 'in 2 min'],
  ])('formatRelative(%s) → %s', (when, text) => {
    expect(formatRelative(when, at)).toBe(text);
  });
});

