import { formatTime, type TimeOptions } from '@/lib/format';
import type { FigureSource } from '@/lib/types/figures';

/** "from Eddy’s reads" or "from CloudWatch, 12:03" (the datapoint's minute, in the zone asked). */
export function sourceLabel(source: FigureSource, options: TimeOptions = {}): string {
  if (source.kind === 'eddy') return 'from Eddy’s reads';
  return `from CloudWatch, ${formatTime(source.minute, { ...options, seconds: false })}`;
}

/** The sentence a title gives: what was measured, over what, and when. */
export function sourceDetail(source: FigureSource, options: TimeOptions = {}): string {
  if (source.kind === 'eddy') {
    const what = source.what ?? 'Counted by Eddy’s own reads';
    const over = source.seconds > 0 ? ` over the last ${source.seconds} s` : '';
    return `${what}${over} (as of ${formatTime(source.at, options)}).`;
  }
  const note = source.note ? ` ${source.note}` : '';
  return `CloudWatch ${source.metric}, the minute from ${formatTime(source.minute, options)}.${note}`;
}

/**
 * One label for several figures summed (the Events/s tile over all streams): Eddy's reads, the
 * oldest CloudWatch minute used, or both.
 */
export function combinedSourceLabel(sources: readonly FigureSource[], options: TimeOptions = {}): string | undefined {
  if (sources.length === 0) return undefined;
  const cloudwatch = sources.filter((s): s is Extract<FigureSource, { kind: 'cloudwatch' }> => s.kind === 'cloudwatch');
  const eddy = sources.some((s) => s.kind === 'eddy');
  if (cloudwatch.length === 0) return sourceLabel(sources[0], options);
  const oldest = cloudwatch.reduce((a, b) => (b.minute < a.minute ? b : a));
  const label = sourceLabel(oldest, options);
  return eddy ? `from Eddy’s reads and CloudWatch, ${label.slice('from CloudWatch, '.length)}` : label;
}

/**
 * A figure Eddy may not have measured: its text, or "—" and why. `undefined`/`null` is unknown —
 * never shown as 0 (a 0 that was measured is a 0).
 */
export function figureText(value: number | null | undefined, format: (n: number) => string, unknownReason: string): { text: string; title?: string; known: boolean } {
  if (value === null || value === undefined || !Number.isFinite(value)) return { text: '—', title: unknownReason, known: false };
  return { text: format(value), known: true };
}
