import { sourceDetail } from '@/lib/figures/source';
import { formatDuration, formatTime, type TimeOptions } from '@/lib/format';
import type { FigureSource, OldestAge } from '@/lib/types/figures';
import type { QueueSample } from '@/lib/types/queues';
import { queueDepth } from './depth';

export type { OldestAge };

/** CloudWatch's latest `ApproximateAgeOfOldestMessage` (Maximum): the minute it covers (epoch ms) and its value. */
export interface OldestAgePoint {
  minute: number;
  seconds: number;
}

/**
 * Pure: the rule above, from the sampler's history (oldest first) and CloudWatch's latest point.
 * `countedNow` false: the latest reading came without its counts, so the last sample is not the
 * queue now — its "empty" is not claimed, though it still bounds the age of what the queue holds.
 */
export function oldestMessageAge(samples: readonly QueueSample[], cloudwatch: OldestAgePoint | undefined, now: number, countedNow = true): OldestAge {
  const last = samples.at(-1);
  if (countedNow && last && queueDepth(last) === 0) return { state: 'empty', at: last.at };
  let lastEmpty: QueueSample | undefined;
  for (let i = samples.length - 1; i >= 0; i--) {
    if (queueDepth(samples[i]) === 0) {
      lastEmpty = samples[i];
      break;
    }
  }
  const bound = lastEmpty ? Math.max(0, (now - lastEmpty.at) / 1000) : undefined;
  // A CloudWatch minute before the queue was last seen empty speaks of messages that are gone.
  const cloudwatchCurrent = cloudwatch && (!lastEmpty || cloudwatch.minute > lastEmpty.at) ? cloudwatch : undefined;
  if (cloudwatchCurrent && (bound === undefined || cloudwatchCurrent.seconds <= bound)) {
    return {
      state: 'known',
      seconds: cloudwatchCurrent.seconds,
      atMost: false,
      source: { kind: 'cloudwatch', minute: cloudwatchCurrent.minute, metric: 'ApproximateAgeOfOldestMessage' },
    };
  }
  if (bound !== undefined && lastEmpty) {
    return {
      state: 'known',
      seconds: bound,
      atMost: true,
      source: { kind: 'eddy', seconds: Math.round(bound), at: now, what: 'At most the time since Eddy’s sampler last found the queue empty:' },
    };
  }
  return {
    state: 'unknown',
    reason: cloudwatch
      ? 'CloudWatch’s latest ApproximateAgeOfOldestMessage is from before the queue last emptied.'
      : 'No ApproximateAgeOfOldestMessage datapoint in CloudWatch in the last 10 minutes, and Eddy has not seen the queue empty.',
  };
}

/** The age as a number for health rules: null when empty or unknown (no oldest message to be late). */
export function oldestAgeSeconds(age: OldestAge): number | null {
  return age.state === 'known' ? age.seconds : null;
}

/**
 * The age in words with where it comes from, for every page that shows it: "empty", "5 min 2 s"
 * (CloudWatch's, its minute in the title), "≤ 40 s" (bounded by Eddy's samples) or "—" and why.
 * `undefined` (a queue the sampler never described) is unknown.
 */
export function describeOldestAge(age: OldestAge | undefined, options: TimeOptions = {}): { text: string; title: string; source?: FigureSource } {
  if (!age) return { text: '—', title: 'Not sampled yet.' };
  if (age.state === 'empty')
    return { text: 'empty', title: age.at === undefined ? 'No message: Eddy’s latest sample found the queue empty.' : `No message: Eddy’s sample at ${formatTime(age.at, options)} found the queue empty.` };
  if (age.state === 'unknown') return { text: '—', title: age.reason };
  const text = age.atMost ? `≤ ${formatDuration(age.seconds)}` : formatDuration(age.seconds);
  const title = age.source.kind === 'eddy' ? `${age.source.what ?? ''} ${formatDuration(age.seconds)} (as of ${formatTime(age.source.at, options)}).`.trim() : sourceDetail(age.source, options);
  return { text, title, source: age.source };
}
