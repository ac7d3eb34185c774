import { describe, expect, it } from 'vitest';
import { nodeFigureLines } from './labels';

describe('nodeFigureLines: unmeasured figures are "—" with a reason, never 0', () => {
  it('shows a queue or DLQ missing from Eddy’s sample as unknown', () => {
    const queue = nodeFigureLines({ kind: 'queue', visible: null, inFlight: null, oldestAgeSeconds: null, growthPerMinute: null, forecast: 'unknown' });
    expect(queue[0]).toMatchObject({ label: 'depth', value: '—', title: expect.stringContaining('not in Eddy’s last sample') });
    const dlq = nodeFigureLines({ kind: 'dlq', messages: null, newLastHour: null });
    expect(dlq[0]).toMatchObject({ label: 'messages', value: '—' });
    expect(nodeFigureLines({ kind: 'dlq', messages: 0, newLastHour: null })[0].value).toBe('0');
  });

  it('says why a sampled queue has no count: SQS did not return it', () => {
    const why = 'The SQS endpoint returned no ApproximateNumberOfMessagesNotVisible for this queue.';
    expect(nodeFigureLines({ kind: 'queue', visible: null, inFlight: null, countsUnknown: why, oldestAgeSeconds: null, growthPerMinute: null, forecast: 'unknown' })[0]).toMatchObject({ value: '—', title: why });
    // A visible count without its in-flight one says so, rather than reading as none in flight.
    expect(nodeFigureLines({ kind: 'queue', visible: 5, inFlight: null, countsUnknown: why, oldestAgeSeconds: null, growthPerMinute: null, forecast: 'unknown' })[0]).toMatchObject({ value: '5 (+— in flight)', title: why });
    expect(nodeFigureLines({ kind: 'dlq', messages: null, newLastHour: null, countsUnknown: why })[0]).toMatchObject({ value: '—', title: why });
  });

  it('says an empty queue is empty rather than showing a CloudWatch age, and labels a stream rate with its source', () => {
    const queue = nodeFigureLines({ kind: 'queue', visible: 0, inFlight: 0, oldestAgeSeconds: null, oldestAge: { state: 'empty', at: Date.UTC(2026, 0, 1) }, growthPerMinute: 0, forecast: 'empty' });
    expect(queue.find((l) => l.label === 'oldest')).toMatchObject({ value: 'empty' });
    const table = nodeFigureLines({ kind: 'table', hasStream: true, eventsPerSecond: 6, eventsSource: { kind: 'cloudwatch', minute: Date.UTC(2026, 0, 1, 12, 3), metric: 'ReturnedRecordsCount' } });
    expect(table[0]).toMatchObject({ value: '6.0', title: expect.stringContaining('CloudWatch ReturnedRecordsCount, the minute from 12:03:00 UTC') });
    expect(nodeFigureLines({ kind: 'table', hasStream: true, eventsPerSecond: null })[0].value).toBe('—');
  });
});
