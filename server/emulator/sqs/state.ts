import type { EmulatorClock } from '../core/clock';
import type { RequestContext } from '../core/types';
import { sqsErrors } from './errors';
import type { MoveTaskManager } from './move-tasks';
import type { Queue } from './queue';

export type Input = Record<string, unknown>;

/** One SQS operation: the shared state, the request's input and context. */
export type SqsOperation = (state: SqsState, input: Input, ctx: RequestContext) => unknown;

/** Everything the SQS operations share: the queues and what outlives a request. */
export interface SqsState {
  clock: EmulatorClock;
  /** `<account>/<name>` → queue. */
  queues: Map<string, Queue>;
  byArn: Map<string, Queue>;
  /** `<account>/<name>` → emulator ms of deletion, for QueueDeletedRecently. */
  deletedAt: Map<string, number>;
  moveTasks: MoveTaskManager;
  /** Set by close(): long polls end at once. */
  closed: boolean;
  /** FIFO sequence numbers: 128-bit numeric strings that only increase, across the emulator. */
  sequence: bigint;
}

export const urlOf = (queue: Queue, ctx: RequestContext) => `${ctx.origin}/${queue.accountId}/${queue.name}`;

/** Finds a queue by the last two path segments of its URL (account and name), so any host works. */
export function queueOf(state: SqsState, input: Input): Queue {
  const url = input.QueueUrl;
  if (typeof url !== 'string' || url.length === 0) throw sqsErrors.missingParameter('QueueUrl');
  const parts = url.split('?')[0].split('/').filter((p) => p.length > 0);
  const queue = parts.length >= 2 ? state.queues.get(`${parts[parts.length - 2]}/${parts[parts.length - 1]}`) : undefined;
  if (!queue) throw sqsErrors.queueDoesNotExist();
  queue.refresh(state.clock.now());
  return queue;
}

export function deadLetterQueueSourcesOf(state: SqsState, arn: string): Queue[] {
  return [...state.queues.values()].filter((q) => q.redrivePolicy?.deadLetterTargetArn === arn);
}
