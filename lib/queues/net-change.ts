import type { DepthPoint } from './forecast';

/**
 * The net change of a queue's depth a minute between consecutive samples — what Eddy can chart
 * of a queue's traffic when CloudWatch's sent/received/deleted counts are not available.
 * Samples closer than a second apart are skipped (their ratio is noise).
 */
export function netChangePerMinute(samples: readonly DepthPoint[]): { at: number; perMinute: number }[] {
  const sorted = [...samples].sort((a, b) => a.at - b.at);
  const out: { at: number; perMinute: number }[] = [];
  let previous = sorted[0];
  for (const sample of sorted.slice(1)) {
    const minutes = (sample.at - previous.at) / 60_000;
    if (minutes * 60 < 1) continue;
    out.push({ at: sample.at, perMinute: (sample.depth - previous.depth) / minutes });
    previous = sample;
  }
  return out;
}
