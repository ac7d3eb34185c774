import { describe, expect, it } from 'vitest';
import { describeOldestAge, oldestAgeSeconds, oldestMessageAge } from './oldest-age';

const sample = (at: number, visible: number, inFlight = 0, delayed = 0) => ({ at, visible, inFlight, delayed });
const MIN = 60_000;
const now = 100 * MIN;

describe('oldestMessageAge', () => {
  it('is empty, not a stale CloudWatch minute, when Eddy’s latest sample found the queue empty', () => {
    const age = oldestMessageAge([sample(now - 20_000, 5), sample(now - 10_000, 0)], { minute: now - 3 * MIN, seconds: 1035 }, now);
    expect(age).toEqual({ state: 'empty', at: now - 10_000 });
    expect(oldestAgeSeconds(age)).toBeNull();
  });

  it('does not claim an old sample’s "empty" when the latest reading came without counts: only its bound', () => {
    const age = oldestMessageAge([sample(now - 5 * MIN, 0)], undefined, now, false);
    expect(age).toMatchObject({ state: 'known', seconds: 300, atMost: true, source: { kind: 'eddy' } });
    // CloudWatch's minute since that sample speaks for the queue now.
    expect(oldestMessageAge([sample(now - 5 * MIN, 0)], { minute: now - 2 * MIN, seconds: 90 }, now, false)).toMatchObject({ state: 'known', seconds: 90, atMost: false });
  });

  it('counts in-flight and delayed messages: a queue holding only those is not empty', () => {
    expect(oldestMessageAge([sample(now - 10_000, 0, 2)], undefined, now).state).not.toBe('empty');
    expect(oldestMessageAge([sample(now - 10_000, 0, 0, 1)], undefined, now).state).not.toBe('empty');
  });

  it('shows CloudWatch’s figure labelled with its minute while the queue has not emptied since', () => {
    const age = oldestMessageAge([sample(now - 20_000, 4), sample(now - 10_000, 6)], { minute: now - 2 * MIN, seconds: 300 }, now);
    expect(age).toEqual({ state: 'known', seconds: 300, atMost: false, source: { kind: 'cloudwatch', minute: now - 2 * MIN, metric: 'ApproximateAgeOfOldestMessage' } });
    expect(oldestAgeSeconds(age)).toBe(300);
  });

  it('bounds the age by Eddy’s last empty sample when the queue emptied after the CloudWatch minute', () => {
    const age = oldestMessageAge([sample(now - 5 * MIN, 9), sample(now - 40_000, 0), sample(now - 10_000, 3)], { minute: now - 6 * MIN, seconds: 1035 }, now);
    expect(age).toMatchObject({ state: 'known', seconds: 40, atMost: true, source: { kind: 'eddy' } });
  });

  it('caps a CloudWatch figure older than the time since the queue was last seen empty', () => {
    const age = oldestMessageAge([sample(now - 90_000, 0), sample(now - 10_000, 3)], { minute: now - MIN, seconds: 600 }, now);
    expect(age).toMatchObject({ state: 'known', seconds: 90, atMost: true });
  });

  it('is unknown, with the reason, when neither CloudWatch nor Eddy’s samples say anything', () => {
    const age = oldestMessageAge([sample(now - 10_000, 3)], undefined, now);
    expect(age).toMatchObject({ state: 'unknown', reason: expect.stringContaining('No ApproximateAgeOfOldestMessage') });
    expect(oldestAgeSeconds(age)).toBeNull();
  });
});

describe('describeOldestAge', () => {
  const utc = { timeZone: 'UTC' };
  it('says empty, a CloudWatch age with its minute, a bound, or "—" with the reason', () => {
    expect(describeOldestAge({ state: 'empty', at: Date.UTC(2026, 0, 1, 12, 0, 5) }, utc)).toEqual({ text: 'empty', title: 'No message: Eddy’s sample at 12:00:05 UTC found the queue empty.' });
    const cloudwatch = describeOldestAge(
      { state: 'known', seconds: 125, atMost: false, source: { kind: 'cloudwatch', minute: Date.UTC(2026, 0, 1, 12, 3), metric: 'ApproximateAgeOfOldestMessage' } },
      utc,
    );
    expect(cloudwatch.text).toBe('2 min 5 s');
    expect(cloudwatch.title).toContain('12:03:00 UTC');
    expect(describeOldestAge({ state: 'known', seconds: 40, atMost: true, source: { kind: 'eddy', seconds: 40, at: 0 } }, utc).text).toBe('≤ 40 s');
    expect(describeOldestAge({ state: 'unknown', reason: 'no datapoint' })).toEqual({ text: '—', title: 'no datapoint' });
    expect(describeOldestAge(undefined).text).toBe('—');
    // The graph's figures leave the sample's time out (the flow's figuresAt carries it).
    expect(describeOldestAge({ state: 'empty' }, utc)).toEqual({ text: 'empty', title: 'No message: Eddy’s latest sample found the queue empty.' });
  });
});
