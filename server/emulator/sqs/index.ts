import { unknownOperation } from '../core/not-implemented';
import type { EmulatorDeps, JsonService, MetricSink } from '../core/types';
import { acknowledgeOperations } from './acknowledge';
import { controlPlaneOperations } from './control-plane';
import { publishQueueMetrics } from './metrics';
import { MoveTaskManager } from './move-tasks';
import type { Queue, StoredMessage } from './queue';
import { receiveOperations } from './receive';
import { sendOperations } from './send';
import type { SqsOperation, SqsState } from './state';

const METRICS_INTERVAL_MS = 5_000;

/** The SQS service object: `JsonService` plus a few accessors tests use to look behind the wire. */
export type SqsService = JsonService & {
  close(): void;
  /** The queue named by a QueueUrl or ARN, for tests. */
  queue(urlOrArn: string): Queue | undefined;
  /** Runs the metric publisher now (it also runs on a timer and on clock advances). */
  publishMetrics(): void;
};

/**
 * Creates the SQS service (AWS JSON 1.0, query-compatible): queues, standard and FIFO messages,
 * long polling, dead-letter queues, message move tasks and the `AWS/SQS` metrics. The operations
 * live by group beside this file (control plane, send, receive, acknowledge), over one `SqsState`.
 */
export function createSqs(deps: EmulatorDeps, metrics: MetricSink): SqsService {
  const clock = deps.clock;
  const queues = new Map<string, Queue>();
  const byArn = new Map<string, Queue>();

  const moveTasks = new MoveTaskManager({
    queueByArn: (arn) => byArn.get(arn),
    isDeadLetterQueue: (arn) => [...queues.values()].some((q) => q.redrivePolicy?.deadLetterTargetArn === arn),
    now: () => clock.now(),
    redrive(message, destination, now) {
      // A redriven message starts over in its destination: a fresh receive count, so it is not
      // dead-lettered again on its first receive, and retention counted from the move.
      const copy: StoredMessage = {
        ...message,
        arrivedAt: now,
        retentionBase: now,
        receiveCount: 0,
        firstReceiveAt: undefined,
        deadLetterSourceArn: undefined,
        receiptToken: undefined,
        visibleAt: now,
        state: 'gone',
        epoch: 0,
      };
      if (destination.fifo && copy.groupId === undefined) copy.groupId = 'redrive';
      destination.refresh(now);
      destination.enqueue(copy, now);
      destination.wake();
    },
  });

  const state: SqsState = { clock, queues, byArn, deletedAt: new Map(), moveTasks, closed: false, sequence: 10n ** 19n + BigInt(Date.now()) * 1000n };

  const publishMetrics = () => {
    const now = clock.now();
    for (const queue of queues.values()) {
      queue.refresh(now);
      publishQueueMetrics(queue, now, metrics);
    }
  };
  const metricsTimer = setInterval(publishMetrics, METRICS_INTERVAL_MS);
  metricsTimer.unref();
  const offAdvance = clock.onAdvance(() => {
    publishMetrics();
    moveTasks.tick();
    // Delays and visibility timeouts may have ended: let long polls look again.
    for (const queue of queues.values()) if (queue.waiters.size > 0) queue.wake();
  });

  const operations: Record<string, SqsOperation> = {
    ...controlPlaneOperations,
    ...sendOperations,
    ...receiveOperations,
    ...acknowledgeOperations,
    StartMessageMoveTask: (_, input) => moveTasks.start(input),
    ListMessageMoveTasks: (_, input) => moveTasks.list(input),
    CancelMessageMoveTask: (_, input) => moveTasks.cancel(input),
  };

  return {
    targetPrefix: 'AmazonSQS',
    errorNamespace: 'com.amazonaws.sqs',
    queryCompatible: true,
    handle(operation, input, ctx) {
      const run = operations[operation];
      if (!run) throw unknownOperation(`AmazonSQS.${operation}`);
      return run(state, input, ctx);
    },
    queue(urlOrArn) {
      if (urlOrArn.startsWith('arn:')) return byArn.get(urlOrArn);
      const parts = urlOrArn.split('/').filter(Boolean);
      return queues.get(`${parts[parts.length - 2]}/${parts[parts.length - 1]}`);
    },
    publishMetrics,
    close() {
      state.closed = true;
      clearInterval(metricsTimer);
      offAdvance();
      moveTasks.close();
      for (const queue of queues.values()) queue.wake();
    },
  };
}
