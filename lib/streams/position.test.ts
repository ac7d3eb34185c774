import { describe, expect, it } from 'vitest';
import { compareByCreationTime, compareSequenceNumbers, formatPosition, isAtOrAfter, parsePosition } from './position';

describe('parsePosition', () => {
  it.each([
    ['', { type: 'recent' }],
    [undefined, { type: 'recent' }],
    ['recent', { type: 'recent' }],
    ['live', { type: 'live' }],
    ['trim_horizon', { type: 'trim_horizon' }],
    ['seq:100000000000000000042', { type: 'sequence', sequenceNumber: '100000000000000000042' }],
    ['seq:0007', { type: 'sequence', sequenceNumber: '7' }],
    ['time:2024-05-01T12:00:00Z', { type: 'time', at: Date.UTC(2024, 4, 1, 12) }],
    ['time:1700000000000', { type: 'time', at: 1700000000000 }],
  ])('%j', (text, value) => expect(parsePosition(text)).toEqual({ ok: true, value }));

  it.each(['seq:', 'seq:12a', 'time:yesterday', 'LATEST!', 'seq:' + '1'.repeat(41)])('refuses %j', (text) => {
    expect(parsePosition(text).ok).toBe(false);
  });

  it('round-trips through the URL form', () => {
    for (const text of ['recent', 'live', 'trim_horizon', 'seq:123', 'time:2024-05-01T12:00:00.000Z']) {
      const parsed = parsePosition(text);
      expect(parsed.ok && formatPosition(parsed.value)).toBe(text);
    }
  });
});

describe('records without a creation time', () => {
  it('sorts them after every timed record, by sequence number, never as 1970', () => {
    const r = (seq: string, t?: number) => ({ sequenceNumber: seq, approximateCreationTime: t });
    const sorted = [r('300'), r('200', 2_000), r('100'), r('400', 1_000)].sort(compareByCreationTime);
    expect(sorted.map((e) => e.sequenceNumber)).toEqual(['400', '200', '100', '300']);
  });

  it('keeps them for a time position: they may be after it', () => {
    expect(isAtOrAfter({ sequenceNumber: '1', approximateCreationTime: undefined }, { type: 'time', at: 1_700_000_001_000 })).toBe(true);
  });
});

describe('sequence numbers', () => {
  it('compares by value, not as text', () => {
    expect(compareSequenceNumbers('900000000000000000000', '1000000000000000000000')).toBe(-1);
    expect(compareSequenceNumbers('71690000000000011890998825', '71690000000000011890998825')).toBe(0);
  });
  it('places events against a position', () => {
    const e = { sequenceNumber: '100000000000000000010', approximateCreationTime: 1_700_000_000_000 };
    expect(isAtOrAfter(e, { type: 'sequence', sequenceNumber: '100000000000000000010' })).toBe(true);
    expect(isAtOrAfter(e, { type: 'sequence', sequenceNumber: '100000000000000000011' })).toBe(false);
    // Creation times are whole seconds: a time inside that second still includes the event.
    expect(isAtOrAfter(e, { type: 'time', at: 1_700_000_000_500 })).toBe(true);
    expect(isAtOrAfter(e, { type: 'time', at: 1_700_000_001_000 })).toBe(false);
  });
});
