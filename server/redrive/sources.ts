import 'server-only';
import { listDeadLetterSourceUrls, queueNameFromUrl, type LeasedMessage } from '../aws/sqs';

/**
 * The queue a DLQ's dead letters came from when the DLQ has exactly one source
 * (ListDeadLetterSourceQueues); undefined when it has none or several, or the list is refused.
 */
export async function onlySourceOf(dlqUrl: string): Promise<string | undefined> {
  const urls = await listDeadLetterSourceUrls(dlqUrl);
  return urls.length === 1 ? queueNameFromUrl(urls[0]) : undefined;
}

/**
 * Fills each message's source queue when it does not say (a server that returns no
 * DeadLetterQueueSourceArn) and the DLQ has exactly one source: that one is its source.
 * Asks ListDeadLetterSourceQueues only when some message needs it; a refusal leaves them unknown.
 */
export async function withInferredSources<M extends Pick<LeasedMessage, 'sourceQueue' | 'sourceQueueInferred'>>(dlqUrl: string, messages: M[]): Promise<M[]> {
  if (messages.every((m) => m.sourceQueue)) return messages;
  const only = await onlySourceOf(dlqUrl).catch(() => undefined);
  if (!only) return messages;
  return messages.map((m) => (m.sourceQueue ? m : { ...m, sourceQueue: only, sourceQueueInferred: true }));
}
