/**
 * One SNS publish fans out into a copy per subscription: an enveloped copy carries the publish's
 * SNS MessageId, a raw copy carries only the published message itself (reference part 2, §2.4:
 * "The SQS body is exactly the published `Message` string"; the SNS MessageId is not in it, nor in
 * its message attributes). This links the copies Eddy read back into publishes: envelopes by their
 * MessageId (exact), raw copies by the item they name, the same published message and a send time
 * close to the publish (inferred — two identical publishes of one item within the window would be
 * taken for one). Pure: traces and item search call it.
 */
import { formatDuration } from '../format';
import type { PublishGroup } from '../types/traces';
import { parseSnsEnvelope } from './envelope';

/** A raw copy is tied to a publish sent within this long of it: SNS delivers to SQS within seconds, and a dead letter keeps its first SentTimestamp. */
export const INFER_WINDOW_MS = 60_000;

/** A message Eddy read that may be one subscription's copy of a publish. */
export interface CopyCandidate {
  queue: string;
  messageId: string;
  body: string;
  /** SentTimestamp (epoch ms): for a raw copy, the only clue to when it was published. */
  sentAt?: number;
  /** The items the message names, in words (`orders orderId=ord-1`): copies of one publish name the same. */
  items: string[];
  /**
   * For a body that is not an envelope: the topic whose raw subscription brought it here (delivering
   * to this queue, to the queue this DLQ serves, or dead-lettering into it). Undefined when no raw
   * subscription does: then it is not a copy of a publish, as far as Eddy knows.
   */
  rawTopicArn?: string;
  /** The subscription's queue the copy was delivered or going to, when known. */
  subscriptionQueue?: string;
}

interface Draft extends PublishGroup {
  message: string;
  items: Set<string>;
}

/** A time gap in words: tenths of a second below 10 s (deliveries are that close), else minutes and seconds. */
function gapText(ms: number): string {
  const abs = Math.abs(ms);
  return abs < 10_000 ? `${(abs / 1000).toFixed(1)} s` : formatDuration(abs / 1000);
}

/** A raw copy in a publish: always an inferred link, with why it was linked. */
function rawCopy(c: CopyCandidate, sentAt: number, why: string): PublishGroup['copies'][number] {
  return { queue: c.queue, messageId: c.messageId, delivery: 'raw', sentAt, subscriptionQueue: c.subscriptionQueue, link: 'inferred', why };
}

/**
 * The publishes the candidates are copies of, newest first, each with its copies in send order.
 * Candidates that are neither an SNS envelope nor delivered by a raw subscription are left out,
 * and so is a raw copy whose SentTimestamp is unknown (nothing to tie it by).
 */
export function linkPublishCopies(candidates: readonly CopyCandidate[], windowMs = INFER_WINDOW_MS): PublishGroup[] {
  const groups: Draft[] = [];
  const bySnsId = new Map<string, Draft>();
  const raw: CopyCandidate[] = [];
  for (const c of candidates) {
    const envelope = parseSnsEnvelope(c.body);
    if (!envelope) {
      if (c.rawTopicArn && c.sentAt !== undefined) raw.push(c);
      continue;
    }
    let group = bySnsId.get(envelope.messageId);
    if (!group) {
      const stamped = envelope.timestamp ? Date.parse(envelope.timestamp) : NaN;
      group = {
        id: envelope.messageId,
        snsMessageId: envelope.messageId,
        topicArn: envelope.topicArn,
        publishedAt: Number.isFinite(stamped) ? stamped : c.sentAt,
        publishedAtExact: Number.isFinite(stamped),
        copies: [],
        message: envelope.message,
        items: new Set(),
      };
      bySnsId.set(envelope.messageId, group);
      groups.push(group);
    }
    for (const item of c.items) group.items.add(item);
    group.copies.push({
      queue: c.queue,
      messageId: c.messageId,
      delivery: 'envelope',
      sentAt: c.sentAt,
      subscriptionQueue: c.subscriptionQueue,
      link: 'exact',
      why: `Its SNS envelope carries the publish’s MessageId ${envelope.messageId}.`,
    });
  }

  // Raw copies in send order: the earliest of an unmatched publish stands for it, later ones join it.
  raw.sort((a, b) => (a.sentAt as number) - (b.sentAt as number));
  for (const c of raw) {
    const sentAt = c.sentAt as number;
    const sameItems = (g: Draft) => c.items.filter((item) => g.items.has(item));
    const fits = groups
      .filter(
        (g) =>
          g.topicArn === c.rawTopicArn &&
          g.message === c.body &&
          g.publishedAt !== undefined &&
          Math.abs(sentAt - g.publishedAt) <= windowMs &&
          sameItems(g).length > 0 &&
          // One copy per subscription: a second one from the same queue is another publish.
          !g.copies.some((copy) => copy.delivery === 'raw' && (copy.subscriptionQueue ?? copy.queue) === (c.subscriptionQueue ?? c.queue)),
      )
      .sort((a, b) => Math.abs(sentAt - (a.publishedAt as number)) - Math.abs(sentAt - (b.publishedAt as number)));
    const group = fits[0];
    if (group) {
      const delta = sentAt - (group.publishedAt as number);
      const shared = sameItems(group);
      group.copies.push(rawCopy(c, sentAt, `Raw delivery carries no SNS MessageId: the same ${shared.length === 1 ? 'item' : 'items'} (${shared.join(', ')}), the same published message, sent ${gapText(delta)} ${delta < 0 ? 'before' : 'after'} the ${group.publishedAtExact ? 'publish' : 'first copy'}.`));
      continue;
    }
    const draft: Draft = {
      id: `raw:${c.messageId}`,
      topicArn: c.rawTopicArn as string,
      publishedAt: sentAt,
      publishedAtExact: false,
      copies: [rawCopy(c, sentAt, 'Raw delivery carries no SNS MessageId: no enveloped copy of this publish was found, so it stands for the publish by its item, message and send time.')],
      message: c.body,
      items: new Set(c.items),
    };
    groups.push(draft);
  }

  return groups
    .map(({ message: _m, items: _i, ...group }) => ({ ...group, copies: [...group.copies].sort((a, b) => (a.sentAt ?? 0) - (b.sentAt ?? 0)) }))
    .sort((a, b) => (b.publishedAt ?? 0) - (a.publishedAt ?? 0));
}
