import 'server-only';
import { randomUUID } from 'node:crypto';
import { AppError } from '@/lib/errors';
import type { MoveTask, RedriveJob, RedrivePlan } from '@/lib/types/queues';
import {
  cancelMoveTask,
  getQueueUrl,
  getQueueWithAttributes,
  listDeadLetterSourceUrls,
  listMoveTasks,
  purgeQueue,
  queueNameFromUrl,
  startMoveTask,
} from '../aws/sqs';
import type { AuditLog } from './audit';
import { subscriptionTargetsOf } from './sources';
import { browseLeased, withQueueLock } from './lease';
import { redriveSelected, type SentMemory } from './selected';

/** AWS's ceiling for MaxNumberOfMessagesPerSecond (reference §5.9). */
export const MAX_MESSAGES_PER_SECOND = 500;
/** How often a running task's counters are read. */
const POLL_MS = 1_000;
/** How many messages the dry run looks at to split the total between original sources. */
const PLAN_SAMPLE = 100;
/** Jobs kept in memory for `/redrives`. */
const JOBS_KEPT = 50;

export interface StartRedriveInput {
  dlqName: string;
  /** A queue name; absent means each message's original source. */
  destinationName?: string;
  maxPerSecond?: number;
  canary?: { count: number; watchSeconds: number };
  /**
   * Message by message instead of a move task: these dead letters only (in this order), the
   * others (`skipped`) stay in the DLQ. Set when a skip option leaves some behind.
   */
  select?: { messageIds: string[]; skipped: { messageId: string; class: string; reason: string }[] };
}

/** Messages one per-message step sends and deletes: a lease of the DLQ must find them all well within its 20 s. */
const PER_MESSAGE_CHUNK = 100;

interface Resolved {
  url: string;
  arn: string;
  /** ApproximateNumberOfMessages; undefined when SQS did not return it. */
  visible?: number;
  sourceNames: string[];
}

async function resolveDlq(name: string): Promise<Resolved> {
  const url = await getQueueUrl(name);
  const [{ queue }, sources] = await Promise.all([getQueueWithAttributes(url), listDeadLetterSourceUrls(url)]);
  if (sources.length === 0) {
    // SQS move tasks take no DLQ whose sources are SNS topics (StartMessageMoveTask, SourceArn).
    const subscriptions = await subscriptionTargetsOf(queue.arn).catch(() => []);
    if (subscriptions.length > 0) {
      const queues = [...new Set(subscriptions.map((s) => s.queueName))].join(', ');
      throw new AppError(
        'invalid',
        `${name} holds the failed deliveries of SNS subscriptions (to ${queues}); SQS message move tasks do not take a DLQ whose sources are SNS topics. Use "redrive selected": each message goes back to its subscription's queue.`,
        'not_a_dlq',
      );
    }
    throw new AppError(
      'invalid',
      `${name} is not the dead-letter queue of any queue (no RedrivePolicy names it), so a message move task cannot start from it. Use "redrive selected" to send chosen messages to a queue.`,
      'not_a_dlq',
    );
  }
  return { url, arn: queue.arn, visible: queue.visible, sourceNames: sources.map(queueNameFromUrl) };
}

const TERMINAL: ReadonlySet<MoveTask['status']> = new Set(['COMPLETED', 'CANCELLED', 'FAILED']);

/**
 * The move task Eddy started, among a DLQ's (newest first): the one with its handle (SQS gives a
 * handle only while a task runs), else the one started since `startedAfter` (epoch ms). A task
 * whose start SQS did not return cannot be told by time: once Eddy saw its own running (`seen`),
 * the newest is taken, as a source queue runs one move task at a time.
 */
export function ownTask(tasks: readonly MoveTask[], handle: string | undefined, startedAfter: number, seen: boolean): MoveTask | undefined {
  return (
    tasks.find((t) => handle !== undefined && t.taskHandle === handle) ??
    tasks.find((t) => t.startedAt !== undefined && Date.parse(t.startedAt) >= startedAfter) ??
    (seen && tasks[0]?.startedAt === undefined ? tasks[0] : undefined)
  );
}

/**
 * Redrives started through Eddy: each is a message move task, optionally behind a canary, watched
 * until it ends so its outcome lands in the audit log. Held in memory: after a restart the
 * tasks themselves still show from ListMessageMoveTasks.
 */
export class RedriveJobs {
  private readonly jobs = new Map<string, RedriveJob>();
  private readonly stopRequested = new Set<string>();

  constructor(
    private readonly audit: AuditLog,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
    private readonly memory?: SentMemory,
  ) {}

  /** Jobs, newest first. */
  list(): RedriveJob[] {
    return [...this.jobs.values()].reverse();
  }

  /** The newest job of a DLQ. */
  latestFor(dlqName: string): RedriveJob | undefined {
    return this.list().find((j) => j.dlqName === dlqName);
  }

  /** Dry run: how many messages would go where, splitting by original source from a sample. */
  async plan(input: Pick<StartRedriveInput, 'dlqName' | 'destinationName'>): Promise<RedrivePlan> {
    // Counted inside the queue's lock: a browse or the dialog's checks may hold its messages for a
    // moment, and a visible count taken then would be short by what they hold.
    const url = await getQueueUrl(input.dlqName);
    const dlq = await withQueueLock(url, () => resolveDlq(input.dlqName));
    const total = dlq.visible;
    const uncounted = total === undefined ? `SQS did not return ${input.dlqName}'s ApproximateNumberOfMessages: how many messages would move is unknown.` : undefined;
    if (input.destinationName) {
      await getQueueUrl(input.destinationName);
      return { dlqName: input.dlqName, total, destinations: [{ queueName: input.destinationName, count: total }], sampled: 0, note: uncounted };
    }
    if (dlq.sourceNames.length === 1) {
      return { dlqName: input.dlqName, total, destinations: [{ queueName: dlq.sourceNames[0], count: total }], sampled: 0, note: uncounted };
    }
    const { lease } = await browseLeased(dlq.url, PLAN_SAMPLE);
    const counts = new Map<string, number>();
    for (const m of lease.messages) counts.set(m.sourceQueue ?? '(unknown source)', (counts.get(m.sourceQueue ?? '(unknown source)') ?? 0) + 1);
    const sampled = lease.messages.length;
    return {
      dlqName: input.dlqName,
      total,
      // A share of an unknown total is unknown: the split is in the note.
      destinations: [...counts].map(([queueName, n]) => ({ queueName, count: total === undefined ? undefined : sampled === 0 ? 0 : Math.round((n / sampled) * total) })),
      sampled,
      note:
        total === undefined
          ? `${uncounted} Of the ${sampled} messages looked at: ${[...counts].map(([queueName, n]) => `${n} → ${queueName}`).join(', ')}.`
          : sampled < total
            ? `Split estimated from ${sampled} of ${total} messages.`
            : undefined,
    };
  }

  /** Starts "Redrive all"; returns at once with the job, which a watcher drives to its end. */
  async start(input: StartRedriveInput, actor: string): Promise<RedriveJob> {
    if (input.maxPerSecond !== undefined && (input.maxPerSecond < 1 || input.maxPerSecond > MAX_MESSAGES_PER_SECOND)) {
      throw new AppError('invalid', `The speed must be 1–${MAX_MESSAGES_PER_SECOND} messages a second.`);
    }
    const dlq = await resolveDlq(input.dlqName);
    const destinationArn = input.destinationName ? (await getQueueWithAttributes(await getQueueUrl(input.destinationName))).queue.arn : undefined;
    const running = (await listMoveTasks(dlq.arn)).find((t) => t.status === 'RUNNING' || t.status === 'CANCELLING');
    const active = this.latestFor(input.dlqName);
    if (running || (active && ['canary', 'watching'].includes(active.phase))) throw new AppError('conflict', `A redrive of ${input.dlqName} is already running: wait for it or cancel it.`);

    const job: RedriveJob = {
      id: randomUUID(),
      dlqName: input.dlqName,
      destinationName: input.destinationName,
      maxPerSecond: input.maxPerSecond,
      phase: input.canary ? 'canary' : 'moving',
      canary: input.canary ? { sent: 0, returned: 0, watchSeconds: input.canary.watchSeconds } : undefined,
      ...(input.select ? { perMessage: { moved: 0, toMove: input.select.messageIds.length, sentNotDeleted: 0, failed: 0, skipped: input.select.skipped } } : {}),
      startedAt: new Date().toISOString(),
    };
    this.remember(job);
    const queues = [input.dlqName, ...(input.destinationName ? [input.destinationName] : dlq.sourceNames)];
    await this.audit.append({
      actor,
      action: 'redrive-all',
      queues,
      outcome: 'started',
      detail: `${input.select ? `${input.select.messageIds.length} messages one by one (${input.select.skipped.length} skipped, left in the DLQ)` : `${dlq.visible ?? 'an uncounted number of'} messages`} to ${input.destinationName ?? 'their original sources'}${input.maxPerSecond ? ` at most ${input.maxPerSecond}/s` : ''}${input.canary ? `, canary of ${input.canary.count} watched ${input.canary.watchSeconds} s` : ''}`,
    });
    const select = input.select;
    if (select) {
      const canaryIds = input.canary ? select.messageIds.slice(0, input.canary.count) : [];
      const rest = select.messageIds.slice(canaryIds.length);
      const moveRest = () => this.moveEach(job, rest, actor, queues);
      // Everything skipped: nothing to try a canary on; the job ends at once, listing the skipped.
      if (input.canary && canaryIds.length > 0) void this.runCanary(job, dlq, input.canary, actor, queues, async () => canaryIds, moveRest);
      else void moveRest();
    } else if (input.canary) {
      const canaryCount = input.canary.count;
      void this.runCanary(job, dlq, input.canary, actor, queues, async () => {
        const { lease: sample } = await browseLeased(dlq.url, canaryCount);
        return sample.messages.map((m) => m.messageId);
      }, async () => {
        await this.startTask(job, dlq, destinationArn);
        await this.watch(job, dlq, actor, queues);
      });
    } else {
      try {
        await this.startTask(job, dlq, destinationArn);
      } catch (error) {
        job.phase = 'failed';
        job.message = (error as Error).message;
        await this.audit.append({ actor, action: 'redrive-all', queues, outcome: 'failed', detail: job.message });
        throw error;
      }
      void this.watch(job, dlq, actor, queues);
    }
    return job;
  }

  /** Cancels the running redrive of a DLQ: a canary stops before the move; a move task is cancelled (moved messages stay moved). */
  async cancel(dlqName: string, actor: string): Promise<RedriveJob | undefined> {
    const job = this.latestFor(dlqName);
    if (job && (job.phase === 'canary' || job.phase === 'watching' || (job.perMessage && job.phase === 'moving'))) {
      this.stopRequested.add(job.id);
      job.message = job.phase === 'moving' ? 'Cancelled: the messages already moved stay moved; the rest are still in the DLQ.' : 'Cancelled during the canary: the rest was not moved.';
      job.phase = 'cancelled';
      await this.audit.append({ actor, action: 'cancel-redrive', queues: [dlqName], outcome: 'cancelled', detail: job.message });
      return job;
    }
    const dlqUrl = await getQueueUrl(dlqName);
    const { queue } = await getQueueWithAttributes(dlqUrl);
    const running = (await listMoveTasks(queue.arn)).find((t) => t.status === 'RUNNING');
    if (!running?.taskHandle) throw new AppError('conflict', `No redrive of ${dlqName} is running.`);
    try {
      const moved = await cancelMoveTask(running.taskHandle);
      await this.audit.append({ actor, action: 'cancel-redrive', queues: [dlqName], outcome: 'succeeded', detail: moved === undefined ? 'SQS did not say how many messages had moved' : `about ${moved} messages had moved` });
    } catch (error) {
      await this.audit.append({ actor, action: 'cancel-redrive', queues: [dlqName], outcome: 'failed', detail: (error as Error).message });
      throw error;
    }
    return job;
  }

  /** Purges a DLQ; the caller must have typed its exact name. */
  async purge(input: { queueName: string; confirmName: string }, actor: string): Promise<void> {
    if (input.confirmName !== input.queueName) throw new AppError('invalid', `Type the queue's name, ${input.queueName}, to purge it.`);
    try {
      await purgeQueue(await getQueueUrl(input.queueName));
      await this.audit.append({ actor, action: 'purge', queues: [input.queueName], outcome: 'succeeded' });
    } catch (error) {
      await this.audit.append({ actor, action: 'purge', queues: [input.queueName], outcome: 'failed', detail: (error as Error).message });
      throw error;
    }
  }

  private remember(job: RedriveJob): void {
    this.jobs.set(job.id, job);
    while (this.jobs.size > JOBS_KEPT) this.jobs.delete(this.jobs.keys().next().value as string);
  }

  private async startTask(job: RedriveJob, dlq: Resolved, destinationArn: string | undefined): Promise<void> {
    job.phase = 'moving';
    // Inside the queue's lock: a move task counts only visible messages, so it must not start while
    // a browse or an analysis of this DLQ holds some of them hidden for a moment.
    const handle = await withQueueLock(dlq.url, () => startMoveTask({ sourceArn: dlq.arn, destinationArn, maxPerSecond: job.maxPerSecond }));
    job.task = { status: 'RUNNING', sourceArn: dlq.arn, destinationArn, maxPerSecond: job.maxPerSecond, moved: 0, toMove: dlq.visible, startedAt: new Date().toISOString(), taskHandle: handle };
  }

  /** Reads the task's counters until it ends, then records the outcome. Transient read errors are retried. */
  private async watch(job: RedriveJob, dlq: Resolved, actor: string, queues: string[]): Promise<void> {
    const startedAt = Date.parse(job.startedAt) - 5_000;
    const handle = job.task?.taskHandle;
    let seen = false;
    for (;;) {
      await this.sleep(POLL_MS);
      let task: MoveTask | undefined;
      try {
        task = ownTask(await listMoveTasks(dlq.arn), handle, startedAt, seen);
      } catch (error) {
        job.message = `Progress unavailable for now: ${(error as Error).message}`;
        continue;
      }
      if (!task) continue;
      seen = true;
      job.task = task;
      job.message = undefined;
      if (!TERMINAL.has(task.status)) continue;
      job.phase = task.status === 'COMPLETED' ? 'completed' : task.status === 'CANCELLED' ? 'cancelled' : 'failed';
      if (task.failureReason) job.message = task.failureReason;
      await this.audit.append({
        actor,
        action: 'redrive-all',
        queues,
        outcome: task.status === 'COMPLETED' ? 'succeeded' : task.status === 'CANCELLED' ? 'cancelled' : 'failed',
        detail: `${task.moved ?? 'an uncounted number'} of ${task.toMove ?? 'an uncounted number'} moved${job.canary ? ' after the canary' : ''}${task.failureReason ? `: ${task.failureReason}` : ''}`,
      });
      return;
    }
  }

  /**
   * The canary: moves `count` messages with send-then-delete, watches the DLQ for their copies
   * for `watchSeconds`, and stops the redrive if any came back; otherwise starts the move task
   * for the rest.
   */
  private async runCanary(
    job: RedriveJob,
    dlq: Resolved,
    canary: { count: number; watchSeconds: number },
    actor: string,
    queues: string[],
    pick: () => Promise<string[]>,
    rest: () => Promise<void>,
  ): Promise<void> {
    const fail = async (message: string, outcome: 'failed' | 'cancelled' = 'failed') => {
      job.phase = outcome === 'failed' ? 'stopped' : 'cancelled';
      job.message = message;
      await this.audit.append({ actor, action: 'redrive-all', queues, outcome, detail: message });
    };
    try {
      const ids = await pick();
      const outcomes = ids.length > 0 ? await redriveSelected({ dlqName: job.dlqName, messageIds: ids, destinationName: job.destinationName }, this.memory) : [];
      this.count(job, outcomes);
      // A copy whose delete failed is out too: it is watched as well.
      const copies = new Set(outcomes.filter((o) => (o.status === 'redriven' || o.status === 'sent_not_deleted') && o.newMessageId).map((o) => o.newMessageId as string));
      if (job.canary) job.canary.sent = copies.size;
      if (copies.size === 0) return await fail('The canary could not move any message: nothing else was moved.');
      job.phase = 'watching';
      const until = Date.now() + canary.watchSeconds * 1000;
      if (job.canary) job.canary.watchUntil = new Date(until).toISOString();
      while (Date.now() < until) {
        if (this.stopRequested.has(job.id)) return;
        await this.sleep(Math.min(2_000, Math.max(0, until - Date.now())));
        const { lease: look } = await browseLeased(dlq.url, 1_000, (seen) => seen.some((m) => copies.has(m.messageId)));
        const returned = look.messages.filter((m) => copies.has(m.messageId)).length;
        if (job.canary) job.canary.returned = returned;
        if (returned > 0) return await fail(`${returned} of ${copies.size} canary messages came back to ${job.dlqName}: the redrive stopped, the rest were not moved.`);
      }
      if (this.stopRequested.has(job.id)) return;
      await rest();
    } catch (error) {
      await fail(`The canary failed: ${(error as Error).message}`);
    }
  }

  /** Adds a step's outcomes to a per-message job's counters. */
  private count(job: RedriveJob, outcomes: { status: string }[]): void {
    const p = job.perMessage;
    if (!p) return;
    for (const o of outcomes) {
      if (o.status === 'redriven') p.moved++;
      else if (o.status === 'sent_not_deleted') p.sentNotDeleted++;
      else p.failed++;
    }
  }

  /**
   * "Redrive all" with a skip: the chosen messages go one by one (send, then delete), a chunk at a
   * time, with the job's counters updated after each chunk; the skipped ones stay in the DLQ.
   */
  private async moveEach(job: RedriveJob, ids: string[], actor: string, queues: string[]): Promise<void> {
    job.phase = 'moving';
    try {
      for (let i = 0; i < ids.length; i += PER_MESSAGE_CHUNK) {
        if (this.stopRequested.has(job.id)) return;
        this.count(job, await redriveSelected({ dlqName: job.dlqName, messageIds: ids.slice(i, i + PER_MESSAGE_CHUNK), destinationName: job.destinationName }, this.memory));
      }
    } catch (error) {
      job.phase = 'failed';
      job.message = `Stopped part way: ${(error as Error).message}. What was not moved is still in ${job.dlqName}.`;
    }
    if (this.stopRequested.has(job.id)) return;
    const p = job.perMessage;
    if (job.phase !== 'failed') job.phase = 'completed';
    if (p && (p.failed > 0 || p.sentNotDeleted > 0)) {
      job.message = [
        job.message,
        p.sentNotDeleted > 0 ? `${p.sentNotDeleted} sent but still in ${job.dlqName} (their delete failed): redriving them again would duplicate them, so Eddy will skip them.` : '',
        p.failed > 0 ? `${p.failed} not sent, still in ${job.dlqName}.` : '',
      ]
        .filter(Boolean)
        .join(' ');
    }
    await this.audit.append({
      actor,
      // The user chose "redrive all" (with a canary or not): the audit names it so.
      action: 'redrive-all',
      queues,
      outcome: job.phase === 'completed' && p?.failed === 0 && p.sentNotDeleted === 0 ? 'succeeded' : 'failed',
      detail: p ? `${p.moved} of ${p.toMove} moved one by one, ${p.sentNotDeleted} sent but not deleted, ${p.failed} not moved; ${p.skipped.length} skipped, still in ${job.dlqName}` : job.message,
    });
  }
}
