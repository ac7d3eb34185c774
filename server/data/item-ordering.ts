import 'server-only';
import { formatCount } from '@/lib/format';
import { checkItemOrdering } from '@/lib/streams/ordering';
import type { OrderingReport } from '@/lib/types/ordering';
import { getLiveRegistry } from '../live';

/** Items with gaps a report lists (the count covers them all). */
const ITEMS_SHOWN = 50;

/**
 * Per item, its changes among the events the live tail holds, with ordering gaps flagged (a lost
 * REMOVE or INSERT, an old image that is not the previous new image). Reads nothing: only the
 * retained events are checked, so an item whose earlier changes are not held is never flagged
 * for them.
 */
export function getItemOrdering(table: string): OrderingReport {
  const tail = getLiveRegistry().lease(table);
  const events = tail.ring.all();
  const items = checkItemOrdering(events);
  const withGaps = items.filter((i) => i.gapCount > 0);
  // Newest first; an item whose last record has no creation time last.
  const latest = (i: (typeof items)[number]) => i.steps[i.steps.length - 1].event.approximateCreationTime ?? -Infinity;
  withGaps.sort((a, b) => (latest(a) === latest(b) ? 0 : latest(b) - latest(a)));
  return {
    table,
    events: events.length,
    itemsChecked: items.length,
    itemsWithGaps: withGaps.length,
    items: withGaps.slice(0, ITEMS_SHOWN).map((i) => ({
      keys: i.keys,
      steps: i.steps.map(({ event, gaps }) => ({ eventID: event.eventID, eventName: event.eventName, sequenceNumber: event.sequenceNumber, shardId: event.shardId, approximateCreationTime: event.approximateCreationTime, gaps })),
    })),
    source: `The ${formatCount(events.length)} most recent events Eddy's live tail holds for ${table}, in the order they were read (a parent shard before its children). Items with one change among them cannot be checked.`,
  };
}
