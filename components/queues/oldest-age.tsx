'use client';

import { describeOldestAge } from '@/lib/queues/oldest-age';
import type { OldestAge } from '@/lib/types/figures';
import { FigureSourceNote } from '../ui/figure-source';
import { useDisplayZone } from '../ui/time';

/** The age of a queue's oldest message: "empty", CloudWatch's figure, a bound, or "—"; why on hover. */
export function OldestAgeText({ age }: { age: OldestAge | undefined }) {
  const zone = useDisplayZone();
  const { text, title } = describeOldestAge(age, { timeZone: zone });
  return (
    <span title={title} data-testid="oldest-age">
      {text}
    </span>
  );
}

/** Where the age comes from, under a figure: "from CloudWatch, 12:03 UTC" or "from Eddy’s reads". */
export function OldestAgeSource({ age }: { age: OldestAge | undefined }) {
  if (!age || age.state === 'unknown') return null;
  if (age.state === 'empty') return age.at === undefined ? null : <FigureSourceNote sources={{ kind: 'eddy', seconds: 0, at: age.at, what: 'Eddy’s queue sampler found the queue empty' }} />;
  return <FigureSourceNote sources={age.source} />;
}
