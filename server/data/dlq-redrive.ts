import 'server-only';
import type { RedriveJob, RedrivePlan, SelectedOutcome } from '@/lib/types/queues';
import { listMoveTasks, getQueueUrl, getQueueWithAttributes } from '../aws/sqs';
import type { StartRedriveInput } from '../redrive/jobs';
import { assertSelection, redriveSelected } from '../redrive/selected';
import { getAuditLog } from './audit';
import { getRedriveJobs } from './redrives';

/** A DLQ's redrive state for its page: Eddy's newest job and the queue's recent move tasks. */
export async function getDlqRedriveState(dlqName: string) {
  const url = await getQueueUrl(dlqName);
  const { queue } = await getQueueWithAttributes(url);
  return { job: getRedriveJobs().latestFor(dlqName) ?? null, tasks: await listMoveTasks(queue.arn) };
}

/** The dry run of "Redrive all". */
export function planRedrive(input: Pick<StartRedriveInput, 'dlqName' | 'destinationName'>): Promise<RedrivePlan> {
  return getRedriveJobs().plan(input);
}

/** Starts "Redrive all" (a move task, maybe behind a canary). */
export function startRedrive(input: StartRedriveInput, actor: string): Promise<RedriveJob> {
  return getRedriveJobs().start(input, actor);
}

/** Cancels a DLQ's running redrive. */
export function cancelRedrive(dlqName: string, actor: string) {
  return getRedriveJobs().cancel(dlqName, actor);
}

/** Purges a queue after its name was typed. */
export function purgeDlq(input: { queueName: string; confirmName: string }, actor: string) {
  return getRedriveJobs().purge(input, actor);
}

/** "Redrive selected", audited with its per-message outcome. */
export async function redriveSelectedMessages(input: { dlqName: string; messageIds: string[]; destinationName?: string }, actor: string): Promise<SelectedOutcome[]> {
  assertSelection(input.messageIds);
  const audit = getAuditLog();
  let outcomes: SelectedOutcome[];
  try {
    outcomes = await redriveSelected(input);
  } catch (error) {
    await audit.append({ actor, action: 'redrive-selected', queues: [input.dlqName], outcome: 'failed', detail: (error as Error).message });
    throw error;
  }
  const redriven = outcomes.filter((o) => o.status === 'redriven');
  const destinations = [...new Set(outcomes.map((o) => o.destination).filter((d): d is string => Boolean(d)))];
  await audit.append({
    actor,
    action: 'redrive-selected',
    queues: [input.dlqName, ...destinations],
    // The copies' ids too: a copy that fails again comes back to the DLQ under its new id.
    messageIds: [...input.messageIds, ...redriven.map((o) => o.newMessageId).filter((id): id is string => Boolean(id))],
    outcome: redriven.length === outcomes.length ? 'succeeded' : 'failed',
    detail: `${redriven.length} of ${outcomes.length} redriven${outcomes.length > redriven.length ? `; ${outcomes.length - redriven.length} stayed in ${input.dlqName}` : ''}`,
  });
  return outcomes;
}
