'use client';

import Link from '@/components/ui/env-link';
import { formatCount } from '@/lib/format';
import type { DeliveryFacts, DeliveryShow } from '@/lib/queues/deliveries';

/**
 * Above a browse: how many messages were delivered more than once, carry a body another one
 * carries too, or differ in shape from the table's recent traffic — each a link that filters
 * the list (`?show=` in the URL).
 */
export function DeliveryCounts({ facts, browsed, show, hrefFor }: { facts: DeliveryFacts; browsed: number; show: DeliveryShow | undefined; hrefFor: (show: DeliveryShow | undefined) => string }) {
  const item = (key: DeliveryShow, count: number, label: string, title: string) => (
    <li>
      {count === 0 ? (
        <span className="text-slate-500" title={title}>
          0 {label}
        </span>
      ) : (
        <Link href={hrefFor(show === key ? undefined : key)} replace scroll={false} aria-current={show === key ? 'true' : undefined} data-testid={`show-${key}`} title={title} className={`font-medium hover:underline ${show === key ? 'text-violet-800 underline dark:text-violet-300' : 'text-sky-700 dark:text-sky-300'}`}>
          {formatCount(count)} {label}
        </Link>
      )}
    </li>
  );
  return (
    <div className="flex flex-wrap items-center gap-x-4 gap-y-1 text-sm" aria-label="Redeliveries and duplicates">
      <ul className="flex flex-wrap gap-x-4">
        {item('redelivered', facts.redelivered.size, 'redelivered', 'Received more than once by others than Eddy: ApproximateReceiveCount minus Eddy’s own receives (its browsing is a receive too), or, where Eddy cannot know its own (the message was sent before it started), ApproximateReceiveCount above 1.')}
        {item('duplicates', facts.duplicates.size, `with a duplicate body${facts.duplicateSets > 0 ? ` (${formatCount(facts.duplicateSets)} set${facts.duplicateSets > 1 ? 's' : ''})` : ''}`, 'Another browsed message carries exactly the same body.')}
        {item('shape', facts.shape.size, 'differ from recent traffic', 'The message’s item shape differs from what the table’s stream showed recently (schema drift), as learned by Eddy’s live tail.')}
      </ul>
      <span className="text-xs text-slate-500">
        among {formatCount(browsed)} browsed{facts.receiveCountUnknown > 0 ? ` · ${formatCount(facts.receiveCountUnknown)} without a receive count` : ''}
      </span>
      {show && (
        <Link href={hrefFor(undefined)} replace scroll={false} className="text-xs text-sky-700 hover:underline dark:text-sky-300">
          Show all
        </Link>
      )}
    </div>
  );
}
