import { describe, expect, it } from 'vitest';
import { deadLetterExpiry, retentionWarning } from './expiry';

const HOUR = 3_600_000;

describe('deadLetterExpiry', () => {
  it.each([
    ['no sent time', undefined],
    ['a zero sent time (a server that sent none)', 0],
  ])('is unknown with %s, never "expired in 1970"', (_, sentAt) => {
    expect(deadLetterExpiry({ sentAt, retentionSeconds: 345_600, fifo: false, now: Date.now() })).toBeUndefined();
  });

  it('counts a standard dead letter’s retention from its original sent time', () => {
    const now = 10 * 24 * HOUR;
    const e = deadLetterExpiry({ sentAt: now - 3 * 24 * HOUR, retentionSeconds: 4 * 86_400, fifo: false, now })!;
    expect(e.expiresAt).toBe(now + 24 * HOUR);
    expect(e.secondsLeft).toBe(86_400);
    expect(e.soon).toBe(false);
    expect(e.atLeast).toBe(false);
  });

  it.each([
    ['an hour left', 3 * 24 * HOUR + 23 * HOUR, true],
    ['already past', 5 * 24 * HOUR, true],
    ['two days left', 2 * 24 * HOUR, false],
  ])('flags %s', (_, age, soon) => {
    const now = 100 * 24 * HOUR;
    const e = deadLetterExpiry({ sentAt: now - age, retentionSeconds: 4 * 86_400, fifo: false, now })!;
    expect(e.soon).toBe(soon);
    expect(e.secondsLeft).toBeGreaterThanOrEqual(0);
  });

  it('gives a FIFO dead letter a lower bound only, never flagged', () => {
    const now = 100 * HOUR;
    const e = deadLetterExpiry({ sentAt: now - 95 * HOUR, retentionSeconds: 4 * 86_400, fifo: true, now })!;
    expect(e.atLeast).toBe(true);
    expect(e.soon).toBe(false);
  });
});

describe('retentionWarning', () => {
  it.each([
    ['no sources', [], undefined],
    ['a longer DLQ retention', [{ name: 'a', retentionSeconds: 345_600 }], undefined],
  ])('%s → none', (_, sources, expected) => {
    expect(retentionWarning({ retentionSeconds: 1_209_600, fifo: false }, sources)).toBe(expected);
  });

  it('names every source whose retention is at least the DLQ’s', () => {
    const text = retentionWarning({ retentionSeconds: 345_600, fifo: false }, [
      { name: 'orders', retentionSeconds: 345_600 },
      { name: 'short', retentionSeconds: 60 },
      { name: 'long', retentionSeconds: 1_209_600 },
    ]);
    expect(text).toContain('orders, long');
    expect(text).not.toContain('short');
  });

  it('says nothing for FIFO, whose retention restarts on the move', () => {
    expect(retentionWarning({ retentionSeconds: 60, fifo: true }, [{ name: 'a', retentionSeconds: 345_600 }])).toBeUndefined();
  });
});
