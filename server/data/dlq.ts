import 'server-only';
import { queueDepth } from '@/lib/queues/depth';
import { itsMaxReceiveCount } from '@/lib/queues/settings';
import { AppError } from '@/lib/errors';
import type { MessagePage, QueueMessage } from '@/lib/types/queues';
import { getQueueUrl, getQueueWithAttributes } from '../aws/sqs';
import { withInferredSources } from '../redrive/sources';
import { markDeadLetterShapes } from './schema';
import { browseLeased, LEASE_SECONDS } from '../redrive/lease';

/** The first page of a browse, and the most "load more" may ask for. */
export const FIRST_PAGE = 100;
export const MAX_BROWSE = 1_000;
/** A page carries at most this much of each body: 100 bodies of 1 MiB would be a 100 MB page. */
export const PAGE_BODY_CHARS = 16_384;

function forPage(m: QueueMessage): QueueMessage {
  return m.body.length > PAGE_BODY_CHARS ? { ...m, body: m.body.slice(0, PAGE_BODY_CHARS), bodyTruncated: true } : m;
}

async function assertBrowsable(name: string, override: boolean | undefined) {
  const url = await getQueueUrl(name);
  const { queue } = await getQueueWithAttributes(url);
  if (queue.redrivePolicy && !override) {
    throw new AppError(
      'conflict',
      `${name} has a redrive policy: a receive counts toward ${itsMaxReceiveCount(queue.redrivePolicy.maxReceiveCount)}, so browsing could move messages to its dead-letter queue. Browse it only if you accept that.`,
      'has_redrive_policy',
    );
  }
  return { url, queue };
}

/**
 * Browses a queue without hurting it (DESIGN.md §5): receives up to `limit` messages with a short
 * lease and releases them all at once. A queue with its own redrive policy is refused unless
 * `override` is set, because each receive counts toward its `maxReceiveCount`.
 */
export async function browseQueue(name: string, options: { limit?: number; override?: boolean } = {}): Promise<MessagePage> {
  const limit = Math.min(MAX_BROWSE, Math.max(1, options.limit ?? FIRST_PAGE));
  const { url, queue } = await assertBrowsable(name, options.override);
  // Released before anything else can fail: a browse leaves nothing hidden beyond this call. Kept
  // for the failure-apart scan the page asks for next, which reads it rather than receive again.
  const { lease, releaseCalls } = await browseLeased(url, limit, undefined, { keep: true });
  const known = await withInferredSources(url, lease.messages);
  const messages: QueueMessage[] = markDeadLetterShapes(known.map(({ receiptHandle: _h, raw: _r, ...m }) => forPage(m)));
  messages.sort((a, b) => (a.sentAt ?? 0) - (b.sentAt ?? 0) || a.messageId.localeCompare(b.messageId));
  return {
    messages,
    leaseSeconds: LEASE_SECONDS,
    // Capped with no count from SQS: more may be there.
    more: lease.capped && (queue.visible === undefined || queue.visible > messages.length),
    maxReceiveCount: queue.redrivePolicy?.maxReceiveCount,
    approximateTotal: queueDepth(queue),
    // GetQueueUrl, GetQueueAttributes, the receives and the releases.
    sqsCalls: 2 + lease.calls + releaseCalls,
  };
}

/**
 * A sample of dead letters, whole, for an analysis: at most `limit`, leased and released at once
 * like a browse — or, within `reuseWithinMs`, the messages a browse of the queue just read, when
 * it saw them all (`reusedAt`: when): each receive raises a message's ApproximateReceiveCount.
 */
export async function sampleQueueMessages(name: string, limit: number, options: { reuseWithinMs?: number } = {}): Promise<{ messages: QueueMessage[]; sqsCalls: number; approximateTotal?: number; reusedAt?: number }> {
  const { url, queue } = await assertBrowsable(name, false);
  const { lease, releaseCalls, reusedAt } = await browseLeased(url, limit, undefined, { reuseWithinMs: options.reuseWithinMs });
  const messages: QueueMessage[] = lease.messages.map(({ receiptHandle: _h, raw: _r, ...m }) => m);
  const approximateTotal = queue.visible === undefined || queue.inFlight === undefined ? undefined : queue.visible + queue.inFlight;
  return { messages, sqsCalls: 2 + lease.calls + releaseCalls, approximateTotal, reusedAt };
}

/**
 * One message, whole (a page cuts long bodies): SQS has no read by id, so this receives with the
 * same short lease until it finds the message, and releases everything at once.
 */
export async function getQueueMessage(name: string, messageId: string, options: { override?: boolean } = {}): Promise<QueueMessage> {
  const { url } = await assertBrowsable(name, options.override);
  const { lease } = await browseLeased(url, MAX_BROWSE, (got) => got.some((m) => m.messageId === messageId));
  const found = lease.messages.find((m) => m.messageId === messageId);
  if (!found) throw new AppError('not_found', `Message ${messageId} is not in ${name} any more (moved, deleted or expired), or another reader holds it.`);
  const [known] = await withInferredSources(url, [found]);
  const { receiptHandle: _h, raw: _r, ...message } = known;
  return message;
}
