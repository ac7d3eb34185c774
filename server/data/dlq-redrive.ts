import 'server-only';
import { AppError } from '@/lib/errors';
import { skippedBy } from '@/lib/redrive/classify';
import { dlqArrivals, mappingFailing } from '@/lib/redrive/recent-failure';
import type { RedriveJob, RedrivePlan, SelectedOutcome } from '@/lib/types/queues';
import type { RedriveChecks, RedriveSkip } from '@/lib/types/redrive';
import { listEventSourceMappings } from '../aws/lambda';
import { listMoveTasks, getQueueUrl, getQueueWithAttributes } from '../aws/sqs';
import type { StartRedriveInput } from '../redrive/jobs';
import { assertSelection, redriveSelected } from '../redrive/selected';
import { getAuditLog } from './audit';
import { classifyDlq } from './dlq-classify';
import { getQueueSampler, listQueues } from './queues';
import { getRedriveJobs, getSentPairs } from './redrives';

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

/**
 * Starts "Redrive all": a move task, maybe behind a canary — or, with a skip option, the dead
 * letters classified just now minus the skipped ones, message by message (a move task cannot
 * skip). Messages beyond what one classification reads are not moved by a skipping redrive.
 */
export async function startRedrive(input: Omit<StartRedriveInput, 'select'> & { skip?: RedriveSkip }, actor: string): Promise<RedriveJob> {
  const { skip, ...rest } = input;
  if (!skip?.staleAndGone && !skip?.duplicates) return getRedriveJobs().start(rest, actor);
  const classification = await classifyDlq(input.dlqName);
  const skipped = classification.verdicts.filter((v) => skippedBy(v, skip));
  const messageIds = classification.verdicts.filter((v) => !skippedBy(v, skip)).map((v) => v.messageId);
  if (messageIds.length === 0 && skipped.length === 0) throw new AppError('invalid', `${input.dlqName} is empty: nothing to redrive.`);
  return getRedriveJobs().start({ ...rest, select: { messageIds, skipped: skipped.map((v) => ({ messageId: v.messageId, class: v.class, reason: v.reason })) } }, actor);
}

/** The classification of a DLQ's dead letters before a redrive (stale, gone, duplicate, current, unknown). */
export { classifyDlq } from './dlq-classify';

/**
 * What "Redrive selected" warns about before it runs: the consumer failed in the last 5 minutes
 * (new messages in this DLQ by Eddy's samples, or a mapping of the source or failure destination
 * whose last processing failed), and the messages Eddy sent but could not delete.
 */
export async function getRedriveChecks(dlqName: string): Promise<RedriveChecks> {
  const reasons: string[] = [];
  const unknown: string[] = [];
  const arrivals = dlqArrivals(getQueueSampler().historyOf(dlqName), Date.now());
  if (arrivals.measured && arrivals.arrived > 0) reasons.push(`${arrivals.arrived} new message(s) arrived in ${dlqName} in the last 5 minutes (Eddy's depth samples).`);
  if (!arrivals.measured) unknown.push(arrivals.reason);
  try {
    const queues = await listQueues();
    const dlq = queues.find((q) => q.name === dlqName);
    const sourceArns = new Set(queues.filter((q) => dlq && q.redrivePolicy?.deadLetterTargetArn === dlq.arn).map((q) => q.arn));
    for (const m of await listEventSourceMappings()) {
      const related = sourceArns.has(m.sourceArn) || (dlq !== undefined && m.onFailureArn === dlq.arn);
      if (related && mappingFailing(m.lastProcessingResult)) reasons.push(`The mapping of ${m.functionName} on ${m.sourceArn.split(':').pop()} reports "${m.lastProcessingResult}".`);
    }
  } catch (error) {
    unknown.push(`The consumers' mappings could not be read (${(error as Error).message}).`);
  }
  return { dlqName, consumerFailing: reasons.length > 0 ? true : unknown.length > 0 ? undefined : false, reasons, unknown, sentPairs: await getSentPairs().of(dlqName) };
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
export async function redriveSelectedMessages(input: { dlqName: string; messageIds: string[]; destinationName?: string; insist?: boolean }, actor: string): Promise<SelectedOutcome[]> {
  assertSelection(input.messageIds);
  const audit = getAuditLog();
  let outcomes: SelectedOutcome[];
  try {
    outcomes = await redriveSelected(input, getSentPairs());
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
    detail: `${redriven.length} of ${outcomes.length} redriven${outcomes.length > redriven.length ? `; ${outcomes.length - redriven.length} stayed in ${input.dlqName}` : ''}${countOf(outcomes, 'sent_not_deleted')}${countOf(outcomes, 'already_sent')}`,
  });
  return outcomes;
}

function countOf(outcomes: SelectedOutcome[], status: 'sent_not_deleted' | 'already_sent'): string {
  const n = outcomes.filter((o) => o.status === status).length;
  if (n === 0) return '';
  return status === 'sent_not_deleted' ? ` (${n} of them sent but not deleted: in both queues)` : ` (${n} not sent again: sent earlier, delete failed then)`;
}
