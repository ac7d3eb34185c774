import type { AttributeMap, StreamEvent } from '../types/streams';
import { attributeEquals } from './attribute-value';
import { compareSequenceNumbers } from './position';

/**
 * Per item, its changes in order, with the gaps the retained history shows: the symptom of a
 * lost or reordered event. Pure. Only consecutive changes both present are compared, so an item
 * whose earlier history was trimmed (or read from a later start) is never flagged for that.
 */

export type OrderingGapKind =
  /** An INSERT while the item existed (the change before it was no REMOVE): a REMOVE is missing. */
  | 'insert_without_remove'
  /** A MODIFY or REMOVE right after a REMOVE: the INSERT that re-created the item is missing. */
  | 'change_after_remove'
  /** A REMOVE of exactly the state an INSERT right after it creates: the two arrived the wrong way round. */
  | 'remove_before_insert'
  /** The old image differs from the previous change's new image: a change in between is missing or out of order. */
  | 'image_mismatch'
  /** A sequence number lower than the change before it: delivered out of order. */
  | 'sequence_regressed';

export interface OrderingGap {
  kind: OrderingGapKind;
  message: string;
}

export type OrderedChange = Pick<StreamEvent, 'eventID' | 'eventName' | 'sequenceNumber' | 'approximateCreationTime' | 'keys' | 'oldImage' | 'newImage'>;

export interface ItemStep<E extends OrderedChange = OrderedChange> {
  event: E;
  /** What is wrong between the change before and this one; empty when they fit. */
  gaps: OrderingGap[];
}

function sameImage(a: AttributeMap, b: AttributeMap): boolean {
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  return ka.every((k) => k in b && attributeEquals(a[k], b[k]));
}

function differingAttributes(a: AttributeMap, b: AttributeMap): string[] {
  const names = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...names].filter((n) => !(n in a) || !(n in b) || !attributeEquals(a[n], b[n])).sort();
}

/** The gaps between two consecutive changes of one item (`prev` delivered before `cur`). */
export function gapsBetween(prev: OrderedChange, cur: OrderedChange): OrderingGap[] {
  const gaps: OrderingGap[] = [];
  if (compareSequenceNumbers(cur.sequenceNumber, prev.sequenceNumber) < 0) {
    gaps.push({ kind: 'sequence_regressed', message: `Delivered after ${prev.eventName} ${prev.sequenceNumber} but its sequence number is lower: out of order.` });
  }
  if (cur.eventName === 'INSERT') {
    if (prev.eventName === 'REMOVE') {
      if (prev.oldImage && cur.newImage && sameImage(prev.oldImage, cur.newImage)) {
        gaps.push({ kind: 'remove_before_insert', message: 'The REMOVE before it deleted exactly the item this INSERT creates: the two are in the wrong order.' });
      }
    } else {
      gaps.push({ kind: 'insert_without_remove', message: `An INSERT after a ${prev.eventName}, while the item existed: a REMOVE is missing or out of order.` });
    }
    return gaps;
  }
  if (prev.eventName === 'REMOVE') {
    gaps.push({ kind: 'change_after_remove', message: `A ${cur.eventName} after a REMOVE: the INSERT that re-created the item is missing or out of order.` });
    return gaps;
  }
  // Both images are there only with NEW_AND_OLD_IMAGES; otherwise nothing can be compared.
  if (prev.newImage && cur.oldImage && !sameImage(prev.newImage, cur.oldImage)) {
    const names = differingAttributes(prev.newImage, cur.oldImage);
    gaps.push({
      kind: 'image_mismatch',
      message: `Its old image differs from the previous new image (${names.slice(0, 5).join(', ')}${names.length > 5 ? ', …' : ''}): a change in between is missing or out of order.`,
    });
  }
  return gaps;
}

/** One item's changes in the order given (delivery order), each with the gaps since the change before. */
export function itemSteps<E extends OrderedChange>(events: readonly E[]): ItemStep<E>[] {
  return events.map((event, i) => ({ event, gaps: i === 0 ? [] : gapsBetween(events[i - 1], event) }));
}

/** A stable text of an item's key, for grouping (attribute names sorted). */
export function itemKeyText(keys: AttributeMap): string {
  return Object.keys(keys)
    .sort()
    .map((k) => `${k}=${JSON.stringify(keys[k])}`)
    .join('&');
}

export interface ItemOrdering<E extends OrderedChange = OrderedChange> {
  key: string;
  keys: AttributeMap;
  steps: ItemStep<E>[];
  gapCount: number;
}

/**
 * Groups events by item (in the order given, which for one shard is the stream's order) and
 * checks each item's changes. Returns every item with at least two changes; `gapCount` > 0 marks
 * those whose history shows a gap.
 */
export function checkItemOrdering<E extends OrderedChange>(events: readonly E[]): ItemOrdering<E>[] {
  const byItem = new Map<string, E[]>();
  for (const event of events) {
    const key = itemKeyText(event.keys);
    const list = byItem.get(key);
    if (list) list.push(event);
    else byItem.set(key, [event]);
  }
  const out: ItemOrdering<E>[] = [];
  for (const [key, list] of byItem) {
    if (list.length < 2) continue;
    const steps = itemSteps(list);
    out.push({ key, keys: list[0].keys, steps, gapCount: steps.reduce((n, s) => n + s.gaps.length, 0) });
  }
  return out;
}
