import { z } from 'zod';
import type { QueueMessage } from '../types/queues';
import { consumerReceives } from './receives';

/**
 * Redeliveries, duplicate bodies and shape differences among a queue's browsed messages, as
 * counts and as a filter the URL holds (`?show=redelivered|duplicates|shape`). Pure.
 */

export const DELIVERY_SHOWS = ['redelivered', 'duplicates', 'shape'] as const;
export type DeliveryShow = (typeof DELIVERY_SHOWS)[number];

/** `?show=`: a bad value shows everything rather than failing the page. */
export const deliveryShowSchema = z.enum(DELIVERY_SHOWS).optional().catch(undefined);

export interface DeliveryFacts {
  /**
   * Messages received more than once by others than Eddy: ApproximateReceiveCount minus Eddy's own
   * receives where Eddy knows them (its browsing is a receive too), else the count as SQS gives it.
   */
  redelivered: Set<string>;
  /** Messages whose body another browsed message carries too (every member of each set). */
  duplicates: Set<string>;
  /** Sets of two or more messages with one body. */
  duplicateSets: number;
  /** Messages whose shape differs from the table's recent traffic (`shapeNote`). */
  shape: Set<string>;
  /** Messages whose receive count SQS did not return: not counted either way. */
  receiveCountUnknown: number;
}

/** A body's identity for "the same body": a page cuts long bodies, so a cut one also needs the same size. */
function bodyKey(m: Pick<QueueMessage, 'body' | 'bodyBytes' | 'bodyTruncated'>): string {
  return m.bodyTruncated ? `${m.bodyBytes}\u0000${m.body}` : m.body;
}

/** What the browsed messages show of redelivery, duplication and shape. */
export function deliveryFacts(messages: readonly Pick<QueueMessage, 'messageId' | 'body' | 'bodyBytes' | 'bodyTruncated' | 'receiveCount' | 'ownReceiveCount' | 'shapeNote'>[]): DeliveryFacts {
  const redelivered = new Set<string>();
  const shape = new Set<string>();
  const byBody = new Map<string, string[]>();
  let receiveCountUnknown = 0;
  for (const m of messages) {
    const received = consumerReceives(m);
    if (received === undefined) receiveCountUnknown++;
    else if (received > 1) redelivered.add(m.messageId);
    if (m.shapeNote) shape.add(m.messageId);
    const key = bodyKey(m);
    const ids = byBody.get(key);
    if (ids) ids.push(m.messageId);
    else byBody.set(key, [m.messageId]);
  }
  const duplicates = new Set<string>();
  let duplicateSets = 0;
  for (const ids of byBody.values()) {
    if (ids.length < 2) continue;
    duplicateSets++;
    for (const id of ids) duplicates.add(id);
  }
  return { redelivered, duplicates, duplicateSets, shape, receiveCountUnknown };
}

/** Whether a message belongs to the group `show` picks (every message without one). */
export function inDeliveryShow(messageId: string, show: DeliveryShow | undefined, facts: DeliveryFacts): boolean {
  return show === undefined || facts[show].has(messageId);
}
