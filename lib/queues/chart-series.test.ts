import { describe, expect, it } from 'vitest';
import type { QueueDetail, Series } from '../types/queues';
import { depthSource, mergeSeries } from './chart-series';

const MIN = 60_000;
const END = 1_000 * MIN;

function series(points: [number, number][]): Series {
  return { at: points.map(([t]) => t), values: points.map(([, v]) => v) };
}

/** A queue page's detail with Eddy's samples from `samplesFrom` on, and CloudWatch's depth from `cwFrom` on. */
function detail(samplesFrom: number, cwFrom: number | undefined, minutes = 60): QueueDetail {
  const history = [];
  for (let at = samplesFrom; at <= END; at += 10_000) history.push({ at, visible: 5, inFlight: 1, delayed: 0 });
  const cw = cwFrom === undefined ? [] : Array.from({ length: Math.floor((END - cwFrom) / MIN) + 1 }, (_, i): [number, number] => [cwFrom + i * MIN, 7]);
  return {
    queue: { history } as unknown as QueueDetail['queue'],
    range: { minutes, start: END - minutes * MIN, end: END, periodSeconds: 60 },
    metrics: { ageOfOldest: series([]), sent: series([]), received: series([]), deleted: series([]), visible: series(cw), inFlight: series(cw), delayed: series(cw) },
  } as unknown as QueueDetail;
}

describe('mergeSeries', () => {
  it('puts several series side by side, one row per timestamp, oldest first', () => {
    expect(mergeSeries({ a: series([[2, 20], [1, 10]]), b: series([[2, 200]]) })).toEqual([{ at: 1, a: 10 }, { at: 2, a: 20, b: 200 }]);
  });
});

describe('depthSource', () => {
  it("draws Eddy's own samples over the range they cover", () => {
    const out = depthSource(detail(END - 15 * MIN, END - 15 * MIN, 15), END - 15 * MIN);
    expect(out.source).toBe('samples');
    expect(out.rows[0]).toEqual({ at: END - 15 * MIN, visible: 5, inFlight: 1, delayed: 0 });
  });

  it('keeps only the samples inside the range', () => {
    const out = depthSource(detail(END - 60 * MIN, undefined), END - 15 * MIN);
    expect(out.source).toBe('samples');
    expect(out.rows.every((r) => r.at >= END - 15 * MIN)).toBe(true);
  });

  it('reads CloudWatch when it reaches further back than the samples (a 24 h range, samples of the last hour)', () => {
    const out = depthSource(detail(END - 60 * MIN, END - 600 * MIN, 1440), END - 1440 * MIN);
    expect(out.source).toBe('cloudwatch');
    expect(out.rows[0]).toEqual({ at: END - 600 * MIN, visible: 7, inFlight: 7, delayed: 7 });
  });

  it('leaves out a CloudWatch period missing a part instead of drawing it as 0', () => {
    const d = detail(END - 10 * MIN, END - 120 * MIN, 180);
    d.metrics!.delayed = series([[END - 120 * MIN, 0]]);
    expect(depthSource(d, END - 180 * MIN).rows).toEqual([{ at: END - 120 * MIN, visible: 7, inFlight: 7, delayed: 0 }]);
  });

  it("stays with the samples when CloudWatch has nothing older", () => {
    expect(depthSource(detail(END - 60 * MIN, END - 30 * MIN, 1440), END - 1440 * MIN).source).toBe('samples');
  });
});
