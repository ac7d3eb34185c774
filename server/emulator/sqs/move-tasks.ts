import { randomUUID } from 'node:crypto';
import { sqsErrors } from './errors';
import type { Queue, StoredMessage } from './queue';

export type MoveTaskStatus = 'RUNNING' | 'COMPLETED' | 'CANCELLING' | 'CANCELLED' | 'FAILED';

export interface MoveTask {
  taskId: string;
  sourceArn: string;
  destinationArn?: string;
  rate?: number;
  status: MoveTaskStatus;
  moved: number;
  toMove: number;
  /** Emulator epoch ms. */
  startedAt: number;
  failureReason?: string;
}

/** What the task runner needs from the SQS service. */
export interface MoveTaskHost {
  queueByArn(arn: string): Queue | undefined;
  /** Whether some queue's RedrivePolicy names `arn` as its dead-letter queue. */
  isDeadLetterQueue(arn: string): boolean;
  now(): number;
  /** Appends a message taken from a DLQ to `destination`, as a fresh message there. */
  redrive(message: StoredMessage, destination: Queue, now: number): void;
}

/** Moves per tick when the caller gave no rate: AWS picks a rate from the backlog; fast is fair. */
const DEFAULT_MOVES_PER_TICK = 1000;
const MAX_RATE = 500;
/** AWS lists the most recent tasks only; keep a few per source. */
const TASKS_KEPT_PER_SOURCE = 10;
const TICK_MS = 50;

/** `base64('{"taskId":…,"sourceArn":…}')`, LocalStack's compatible choice (§5.9). */
export function encodeTaskHandle(taskId: string, sourceArn: string): string {
  return Buffer.from(JSON.stringify({ taskId, sourceArn }), 'utf8').toString('base64');
}

/** The task id and source ARN of a TaskHandle, or undefined when it cannot be parsed. */
export function decodeTaskHandle(handle: unknown): { taskId: string; sourceArn: string } | undefined {
  if (typeof handle !== 'string' || handle.length === 0) return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(handle, 'base64').toString('utf8')) as Record<string, unknown>;
    if (typeof parsed?.taskId === 'string' && typeof parsed.sourceArn === 'string') return { taskId: parsed.taskId, sourceArn: parsed.sourceArn };
  } catch {
    // fall through: an unparseable handle is InvalidParameterValue
  }
  return undefined;
}

/**
 * Message move tasks (DLQ redrive, §5.9). A real-time timer drives the tasks, but how many
 * messages a task may have moved is computed from the emulator clock, so advancing the clock
 * lets a slow task catch up. Each move takes the message out of the source and appends it to
 * the destination in one synchronous step: nothing is lost or duplicated.
 */
export class MoveTaskManager {
  /** Tasks per source ARN, newest first. */
  private readonly tasks = new Map<string, MoveTask[]>();
  private timer?: NodeJS.Timeout;

  constructor(private readonly host: MoveTaskHost) {}

  start(input: Record<string, unknown>): { TaskHandle: string } {
    const sourceArn = input.SourceArn;
    if (typeof sourceArn !== 'string' || sourceArn.length === 0) throw sqsErrors.missingParameter('SourceArn');
    const source = this.host.queueByArn(sourceArn);
    if (!source) throw sqsErrors.resourceNotFound("The resource that you specified for the SourceArn parameter doesn't exist.");
    if (!this.host.isDeadLetterQueue(sourceArn)) throw sqsErrors.invalidParameterValue('Source queue must be configured as a Dead Letter Queue.');
    const destinationArn = input.DestinationArn;
    if (destinationArn !== undefined && (typeof destinationArn !== 'string' || !this.host.queueByArn(destinationArn))) {
      throw sqsErrors.resourceNotFound("The resource that you specified for the DestinationArn parameter doesn't exist.");
    }
    const rate = input.MaxNumberOfMessagesPerSecond;
    if (rate !== undefined && (typeof rate !== 'number' || !Number.isInteger(rate) || rate < 1 || rate > MAX_RATE)) {
      throw sqsErrors.invalidParameterValue(
        `Value ${String(rate)} for parameter MaxNumberOfMessagesPerSecond is invalid. Reason: must be between 1 and ${MAX_RATE}.`,
      );
    }
    const list = this.tasks.get(sourceArn) ?? [];
    if (list.some((t) => t.status === 'RUNNING' || t.status === 'CANCELLING')) {
      throw sqsErrors.invalidParameterValue('There is already a task running. Only one active task is allowed for a source queue arn at a given time.');
    }
    const now = this.host.now();
    source.refresh(now);
    const task: MoveTask = {
      taskId: randomUUID(),
      sourceArn,
      destinationArn: destinationArn as string | undefined,
      rate: rate as number | undefined,
      status: 'RUNNING',
      moved: 0,
      toMove: source.counts.visible,
      startedAt: now,
    };
    list.unshift(task);
    list.length = Math.min(list.length, TASKS_KEPT_PER_SOURCE);
    this.tasks.set(sourceArn, list);
    this.ensureTimer();
    return { TaskHandle: encodeTaskHandle(task.taskId, sourceArn) };
  }

  list(input: Record<string, unknown>): { Results: Record<string, unknown>[] } {
    const sourceArn = input.SourceArn;
    if (typeof sourceArn !== 'string' || sourceArn.length === 0) throw sqsErrors.missingParameter('SourceArn');
    if (!this.host.queueByArn(sourceArn)) throw sqsErrors.resourceNotFound("The resource that you specified for the SourceArn parameter doesn't exist.");
    const max = input.MaxResults ?? 1;
    if (typeof max !== 'number' || !Number.isInteger(max) || max < 1 || max > 10) {
      throw sqsErrors.invalidParameterValue(`Value ${String(max)} for parameter MaxResults is invalid. Reason: You must enter a number that's between 1 and 10.`);
    }
    const results = (this.tasks.get(sourceArn) ?? []).slice(0, max).map((task) => {
      const entry: Record<string, unknown> = {
        Status: task.status,
        SourceArn: task.sourceArn,
        ApproximateNumberOfMessagesMoved: task.moved,
        ApproximateNumberOfMessagesToMove: task.toMove,
        StartedTimestamp: task.startedAt,
      };
      if (task.status === 'RUNNING') entry.TaskHandle = encodeTaskHandle(task.taskId, task.sourceArn);
      if (task.destinationArn !== undefined) entry.DestinationArn = task.destinationArn;
      if (task.rate !== undefined) entry.MaxNumberOfMessagesPerSecond = task.rate;
      if (task.failureReason !== undefined) entry.FailureReason = task.failureReason;
      return entry;
    });
    return { Results: results };
  }

  cancel(input: Record<string, unknown>): { ApproximateNumberOfMessagesMoved: number } {
    const handle = decodeTaskHandle(input.TaskHandle);
    if (!handle) throw sqsErrors.invalidParameterValue('Value for parameter TaskHandle is invalid.');
    if (!this.host.queueByArn(handle.sourceArn)) throw sqsErrors.resourceNotFound("The resource that you specified for the SourceArn parameter doesn't exist.");
    const task = (this.tasks.get(handle.sourceArn) ?? []).find((t) => t.taskId === handle.taskId);
    if (!task || task.status !== 'RUNNING') throw sqsErrors.resourceNotFound('Task does not exist.');
    // Bring the task up to the emulator clock first: what was allowed to move has moved.
    this.run(task, this.host.now());
    if (task.status === 'RUNNING') task.status = 'CANCELLED';
    return { ApproximateNumberOfMessagesMoved: task.moved };
  }

  /** Forgets the tasks of a deleted queue (its ARN may be reused by a new queue). */
  forget(sourceArn: string): void {
    this.tasks.delete(sourceArn);
  }

  /** Advances every running task to the emulator clock. */
  tick(): void {
    const now = this.host.now();
    let running = false;
    for (const list of this.tasks.values()) {
      for (const task of list) {
        if (task.status !== 'RUNNING') continue;
        this.run(task, now);
        if (task.status === 'RUNNING') running = true;
      }
    }
    if (!running) this.stopTimer();
  }

  private run(task: MoveTask, now: number): void {
    const source = this.host.queueByArn(task.sourceArn);
    if (!source) return this.fail(task);
    source.refresh(now);
    // With a rate, the first message moves at once and one more per 1/rate s of emulator time.
    let allowed = task.rate === undefined ? DEFAULT_MOVES_PER_TICK : Math.floor(((now - task.startedAt) * task.rate) / 1000) + 1 - task.moved;
    while (allowed > 0 && task.moved < task.toMove) {
      const message = source.nextVisible();
      if (!message) break;
      const destinationArn = task.destinationArn ?? message.deadLetterSourceArn;
      const destination = destinationArn === undefined ? undefined : this.host.queueByArn(destinationArn);
      if (!destination) return this.fail(task);
      source.remove(message);
      this.host.redrive(message, destination, now);
      task.moved++;
      allowed--;
    }
    if (task.moved >= task.toMove || !source.nextVisible()) task.status = 'COMPLETED';
  }

  private fail(task: MoveTask): void {
    task.status = 'FAILED';
    task.failureReason = 'AWS.SimpleQueueService.NonExistentQueue';
  }

  private ensureTimer(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.tick(), TICK_MS);
    this.timer.unref();
  }

  private stopTimer(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  close(): void {
    this.stopTimer();
  }
}
