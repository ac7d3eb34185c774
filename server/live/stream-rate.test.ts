import { describe, expect, it } from 'vitest';
import { chooseRateSource, cloudWatchRate, latestCompleteMinute } from './stream-rate';

describe('chooseRateSource', () => {
  it('starts a background reader on a stream with no or one known consumer', () => {
    expect(chooseRateSource({ tailRunning: false, knownConsumers: 0, backgroundAllowed: true })).toBe('background-reader');
    expect(chooseRateSource({ tailRunning: false, knownConsumers: 1, backgroundAllowed: true })).toBe('background-reader');
  });

  it('never adds a third reader to a stream with two known consumers: CloudWatch instead', () => {
    expect(chooseRateSource({ tailRunning: false, knownConsumers: 2, backgroundAllowed: true })).toBe('cloudwatch');
    expect(chooseRateSource({ tailRunning: false, knownConsumers: 5, backgroundAllowed: true })).toBe('cloudwatch');
  });

  it('counts from a reader someone already holds (a stream page) without starting or extending one', () => {
    expect(chooseRateSource({ tailRunning: true, knownConsumers: 2, backgroundAllowed: true })).toBe('reader');
    expect(chooseRateSource({ tailRunning: true, knownConsumers: 0, backgroundAllowed: false })).toBe('reader');
  });

  it('starts no background reader when the consumers could not be read: two may already read every shard', () => {
    expect(chooseRateSource({ tailRunning: false, knownConsumers: undefined, backgroundAllowed: true })).toBe('cloudwatch');
    expect(chooseRateSource({ tailRunning: true, knownConsumers: undefined, backgroundAllowed: true })).toBe('reader');
  });

  it('starts no background reader when the home page may not (too many streams)', () => {
    expect(chooseRateSource({ tailRunning: false, knownConsumers: 0, backgroundAllowed: false })).toBe('cloudwatch');
  });
});

describe('cloudWatchRate', () => {
  const minute = Date.UTC(2026, 11, 2, 12, 3);

  it('divides ReturnedRecordsCount by the readers and labels it with its minute', () => {
    const rate = cloudWatchRate({ returnedRecords: { t: minute, value: 720 }, readers: 2 });
    expect(rate?.eventsPerSecond).toBe(6);
    expect(rate?.source).toMatchObject({ kind: 'cloudwatch', minute, metric: 'ReturnedRecordsCount' });
  });

  it('caps it at the same minute’s write units when unknown readers inflate it', () => {
    const rate = cloudWatchRate({ returnedRecords: { t: minute, value: 1080 }, writeUnits: { t: minute, value: 360 }, readers: 1 });
    expect(rate?.eventsPerSecond).toBe(6);
    expect(rate?.source).toMatchObject({ metric: 'ReturnedRecordsCount', note: expect.stringContaining('write units') });
  });

  it('ignores write units of another minute for the cap', () => {
    const rate = cloudWatchRate({ returnedRecords: { t: minute, value: 600 }, writeUnits: { t: minute - 60_000, value: 60 }, readers: 1 });
    expect(rate?.eventsPerSecond).toBe(10);
  });

  it('falls back to write units as an upper bound, said so, without readers or their metric', () => {
    const rate = cloudWatchRate({ writeUnits: { t: minute, value: 120 }, readers: 0 });
    expect(rate?.eventsPerSecond).toBe(2);
    expect(rate?.source).toMatchObject({ metric: 'ConsumedWriteCapacityUnits', note: expect.stringContaining('upper bound') });
    expect(cloudWatchRate({ returnedRecords: { t: minute, value: 600 }, readers: 0 })).toBeUndefined();
  });

  it('is undefined without any datapoint (an idle stream has none): unknown, not 0', () => {
    expect(cloudWatchRate({ readers: 1 })).toBeUndefined();
  });
});

describe('latestCompleteMinute', () => {
  it('skips the minute still filling', () => {
    const points = [
      { t: 0, value: 1 },
      { t: 60_000, value: 2 },
      { t: 120_000, value: 3 },
    ];
    expect(latestCompleteMinute(points, 150_000)).toEqual({ t: 60_000, value: 2 });
    expect(latestCompleteMinute(points, 180_000)).toEqual({ t: 120_000, value: 3 });
    expect(latestCompleteMinute([], 180_000)).toBeUndefined();
    expect(latestCompleteMinute(undefined, 180_000)).toBeUndefined();
  });
});
