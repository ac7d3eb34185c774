import 'server-only';
import { AppError } from '@/lib/errors';
import type { SelectedOutcome } from '@/lib/types/queues';
import { deleteMessage, getQueueUrl, getQueueWithAttributes, sendCopy, type LeasedMessage } from '../aws/sqs';
import { withInferredSources } from './sources';
import { HeldLease, LEASE_SECONDS, leaseMessages, releaseLease, withQueueLock } from './lease';
import type { SentPairs } from './sent-pairs';

/** How many DLQ messages a "redrive selected" looks through to find the picked ones. */
export const SELECTED_SCAN_LIMIT = 1_000;

interface Destination {
  url: string;
  fifo: boolean;
}

/**
 * Puts the picked dead letters back (DESIGN.md §6): each is received again (a browse's handles
 * are not kept), a copy is sent to its destination — the chosen queue, else the queue it was
 * dead-lettered from — and only after that send succeeded is it deleted from the DLQ. A crash or
 * failure between the two leaves the message in both places (a duplicate), never in neither.
 */
export async function redriveSelected(input: SelectedInput, memory?: SentMemory, options: SelectedOptions = {}): Promise<SelectedOutcome[]> {
  const dlqUrl = await getQueueUrl(input.dlqName);
  return withQueueLock(dlqUrl, async () => {
    if (!dlqUrl.endsWith('.fifo')) return redriveLocked(dlqUrl, input, memory, options);
    // A FIFO queue gives a receive only the first messages of each group not in flight (reference
    // §5.7): the picked ones are taken round by round, each round's in group order, and a group
    // stops at its first message that could not be sent, so no later one overtakes it.
    const outcomes = new Map<string, SelectedOutcome>();
    const blocked = new Set<string>();
    let remaining = input.messageIds;
    for (let round = 0; round < MAX_FIFO_ROUNDS && remaining.length > 0; round++) {
      const found = (await redriveLocked(dlqUrl, { ...input, messageIds: remaining }, memory, options, blocked)).filter((o) => o.status !== 'not_found');
      if (found.length === 0) break;
      for (const o of found) outcomes.set(o.messageId, o);
      remaining = remaining.filter((id) => !outcomes.has(id));
    }
    return input.messageIds.map((id) => outcomes.get(id) ?? notFound(id, input.dlqName));
  });
}

/** Rounds of a FIFO redrive (each moves up to 10 messages of every group). */
const MAX_FIFO_ROUNDS = 200;

function notFound(messageId: string, dlqName: string): SelectedOutcome {
  return { messageId, status: 'not_found', message: `Not in ${dlqName} any more (moved, deleted or expired), or hidden by another reader.` };
}

/** FIFO order of received messages: by group, then by the queue's SequenceNumber (a decimal string up to 128 bits). */
function byGroupOrder(a: LeasedMessage, b: LeasedMessage): number {
  const ga = a.raw.groupId ?? '';
  const gb = b.raw.groupId ?? '';
  if (ga !== gb) return ga < gb ? -1 : 1;
  const sa = a.systemAttributes.SequenceNumber ?? '';
  const sb = b.systemAttributes.SequenceNumber ?? '';
  return sa.length - sb.length || (sa < sb ? -1 : sa > sb ? 1 : 0);
}

export interface SelectedInput {
  dlqName: string;
  messageIds: string[];
  destinationName?: string;
  /** Send again even a message whose earlier copy was sent but not deleted (remembered in `memory`). */
  insist?: boolean;
}

export interface SelectedOptions {
  /** The clock the lease is kept by (epoch ms); tests pass the emulator's. */
  now?: () => number;
}

/** Where "sent but not deleted" pairs are remembered (server/redrive/sent-pairs.ts). */
export type SentMemory = Pick<SentPairs, 'get' | 'remember' | 'clear'>;

/** Our own tries of a failed delete, after the SDK's: a copy already sent makes a lost delete a duplicate. */
const DELETE_RETRIES = 3;
const DELETE_BACKOFF_MS = 200;

/**
 * Deletes a redriven message from the DLQ, trying again on throttling and server errors while the
 * lease still holds it (its receipt handle stays valid until the lease ends).
 */
async function deleteWithRetries(dlqUrl: string, receiptHandle: string, lease: HeldLease, now: () => number): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await deleteMessage(dlqUrl, receiptHandle);
    } catch (error) {
      const retryable = error instanceof AppError && (error.code === 'throttled' || error.code === 'unavailable');
      const wait = DELETE_BACKOFF_MS * 2 ** attempt;
      if (!retryable || attempt >= DELETE_RETRIES || now() + wait - lease.renewedAt > (LEASE_SECONDS * 1000) / 2) throw error;
      await new Promise((r) => setTimeout(r, wait * (0.5 + Math.random() / 2)));
    }
  }
}

async function redriveLocked(dlqUrl: string, input: SelectedInput, memory: SentMemory | undefined, options: SelectedOptions, blockedGroups?: Set<string>): Promise<SelectedOutcome[]> {
  const now = options.now ?? Date.now;
  const wanted = new Set(input.messageIds);
  const destinations = new Map<string, Promise<Destination>>();
  const destinationFor = (name: string) => {
    if (!destinations.has(name)) {
      destinations.set(
        name,
        (async () => {
          const url = await getQueueUrl(name);
          const { queue } = await getQueueWithAttributes(url);
          return { url, fifo: queue.fifo };
        })(),
      );
    }
    return destinations.get(name) as Promise<Destination>;
  };

  // The lease counts from before the first receive: that message has been hidden the longest.
  const leaseStarted = now();
  const lease = await leaseMessages(dlqUrl, SELECTED_SCAN_LIMIT, (got) => got.filter((m) => wanted.has(m.messageId)).length >= wanted.size);
  // Give back at once what was only looked through; the picked ones are held, and kept hidden,
  // for as long as the redrive runs (by id: the picked may be copies that carry an inferred source).
  const others = lease.messages.filter((m) => !wanted.has(m.messageId));
  const held = new HeldLease(dlqUrl, lease.messages.filter((m) => wanted.has(m.messageId)), now, leaseStarted);
  const outcomes = new Map<string, SelectedOutcome>();
  try {
    await releaseLease(dlqUrl, others);
    const picked = input.destinationName ? held.messages() : await withInferredSources(dlqUrl, held.messages());
    if (blockedGroups) picked.sort(byGroupOrder);
    for (const message of picked) {
      const group = message.raw.groupId;
      const lost = await held.keep();
      for (const id of lost) {
        outcomes.set(id, { messageId: id, status: 'failed', message: `Not sent: Eddy’s hold on it in ${input.dlqName} ended (another reader received it, or it was deleted).` });
      }
      if (!held.holds(message.messageId)) {
        if (blockedGroups && group !== undefined) blockedGroups.add(group);
        continue;
      }
      if (!held.safeToSend) {
        outcomes.set(message.messageId, { messageId: message.messageId, status: 'failed', message: `Not sent, still in ${input.dlqName}: Eddy could not extend its hold on it, and a send now might end after the hold.` });
        if (blockedGroups && group !== undefined) blockedGroups.add(group);
        continue;
      }
      if (blockedGroups && group !== undefined && blockedGroups.has(group)) {
        outcomes.set(message.messageId, { messageId: message.messageId, status: 'failed', message: `Held back, still in ${input.dlqName}: an earlier message of group ${group} was not moved, and this one must not overtake it.` });
        continue;
      }
      const earlier = await memory?.get(input.dlqName, message.messageId);
      if (earlier && !input.insist) {
        outcomes.set(message.messageId, {
          messageId: message.messageId,
          status: 'already_sent',
          destination: earlier.destination,
          newMessageId: earlier.newMessageId,
          message: `Already sent to ${earlier.destination} at ${earlier.at} (its delete from ${input.dlqName} failed then): not sent again, which would duplicate it. Redrive it again with "send again anyway" to insist.`,
        });
        continue;
      }
      const target = input.destinationName ?? message.sourceQueue;
      if (!target) {
        outcomes.set(message.messageId, { messageId: message.messageId, status: 'failed', message: 'The message does not say which queue it came from and this DLQ has more than one source (or none could be listed): choose a destination.' });
        if (blockedGroups && group !== undefined) blockedGroups.add(group);
        continue;
      }
      let newMessageId: string;
      try {
        const destination = await destinationFor(target);
        newMessageId = await sendCopy(destination.url, message, input.dlqName, destination.fifo);
      } catch (error) {
        outcomes.set(message.messageId, { messageId: message.messageId, status: 'failed', destination: target, message: `Not sent, still in ${input.dlqName}: ${(error as Error).message}` });
        if (blockedGroups && group !== undefined) blockedGroups.add(group);
        continue;
      }
      try {
        await deleteWithRetries(dlqUrl, message.receiptHandle, held, now);
        held.drop(message.messageId);
        outcomes.set(message.messageId, { messageId: message.messageId, status: 'redriven', destination: target, newMessageId });
        if (earlier) await memory?.clear(input.dlqName, message.messageId).catch(() => undefined);
      } catch (error) {
        // Not a failure: the copy is out. Said as exactly that, and remembered so that a second
        // redrive of this message does not send it twice.
        await memory?.remember({ dlqName: input.dlqName, messageId: message.messageId, destination: target, newMessageId }).catch(() => undefined);
        outcomes.set(message.messageId, {
          messageId: message.messageId,
          status: 'sent_not_deleted',
          destination: target,
          newMessageId,
          message: `Sent to ${target}, still in ${input.dlqName} (the delete failed: ${(error as Error).message}): redriving it again would duplicate it.`,
        });
      }
    }
  } finally {
    await held.release();
  }
  return input.messageIds.map(
    (id) => outcomes.get(id) ?? { messageId: id, status: 'not_found', message: `Not in ${input.dlqName} any more (moved, deleted or expired), or hidden by another reader.` },
  );
}

/** Refuses an empty or oversized selection before any AWS call. */
export function assertSelection(messageIds: string[]): void {
  if (messageIds.length === 0) throw new AppError('invalid', 'Pick at least one message to redrive.');
  if (messageIds.length > SELECTED_SCAN_LIMIT) throw new AppError('invalid', `Pick at most ${SELECTED_SCAN_LIMIT} messages at once.`);
}
