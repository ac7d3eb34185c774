import { describe, expect, it } from 'vitest';
import type { FigureSource } from '@/lib/types/figures';
import { combinedSourceLabel, figureText, sourceDetail, sourceLabel } from './source';

const utc = { timeZone: 'UTC' };
const minute = Date.UTC(2026, 11, 2, 12, 3);
const cloudwatch: FigureSource = { kind: 'cloudwatch', minute, metric: 'ReturnedRecordsCount' };
const eddy: FigureSource = { kind: 'eddy', seconds: 10, at: minute + 90_000 };

describe('figure sources', () => {
  it('names CloudWatch with its minute and Eddy’s reads', () => {
    expect(sourceLabel(cloudwatch, utc)).toBe('from CloudWatch, 12:03 UTC');
    expect(sourceLabel(eddy, utc)).toBe('from Eddy’s reads');
    expect(sourceDetail(eddy, utc)).toBe('Counted by Eddy’s own reads over the last 10 s (as of 12:04:30 UTC).');
    expect(sourceDetail({ ...cloudwatch, note: 'Divided by 2.' }, utc)).toBe('CloudWatch ReturnedRecordsCount, the minute from 12:03:00 UTC. Divided by 2.');
  });

  it('names a sum’s sources together, with the oldest CloudWatch minute', () => {
    expect(combinedSourceLabel([], utc)).toBeUndefined();
    expect(combinedSourceLabel([eddy, eddy], utc)).toBe('from Eddy’s reads');
    expect(combinedSourceLabel([cloudwatch, { ...cloudwatch, minute: minute - 60_000 }], utc)).toBe('from CloudWatch, 12:02 UTC');
    expect(combinedSourceLabel([eddy, cloudwatch], utc)).toBe('from Eddy’s reads and CloudWatch, 12:03 UTC');
  });

  it('shows an unmeasured figure as "—" with its reason, and a measured 0 as 0', () => {
    expect(figureText(null, String, 'not sampled yet')).toEqual({ text: '—', title: 'not sampled yet', known: false });
    expect(figureText(undefined, String, 'why')).toMatchObject({ text: '—', known: false });
    expect(figureText(Number.NaN, String, 'why')).toMatchObject({ text: '—', known: false });
    expect(figureText(0, String, 'why')).toEqual({ text: '0', known: true });
  });
});
