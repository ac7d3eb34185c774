import 'server-only';
import { mapLimit } from '@/lib/concurrency';
import { AppError } from '@/lib/errors';
import type { MoveTask, MutationPolicy, RedriveJob } from '@/lib/types/queues';
import type { AuditAction } from '@/lib/types/audit';
import { listMoveTasks } from '../aws/sqs';
import { getEnv } from '../env';
import { currentEnvironment } from '../environments';
import { RedriveJobs } from '../redrive/jobs';
import { SentPairs } from '../redrive/sent-pairs';
import { authoriseMutation, requesterOf } from '../redrive/policy';
import { service } from '../services';
import { getAuditLog } from './audit';
import { listQueues } from './queues';
import { policyForViewer } from './auth';
import { assertSameOriginJson } from './same-origin';

export interface DlqMoveTasks {
  dlqName: string;
  dlqArn: string;
  tasks: MoveTask[];
}

/** The redrive jobs of this server process (server/services.ts). */
export function getRedriveJobs(): RedriveJobs {
  return service('redriveJobs', () => new RedriveJobs(getAuditLog(), undefined, getSentPairs()));
}

/** The remembered "sent but not deleted" dead letters, beside the audit log in `EDDY_DATA_DIR`. */
export function getSentPairs(): SentPairs {
  return service('sentPairs', () => new SentPairs(getEnv().EDDY_DATA_DIR));
}

/** The recent message move tasks of every DLQ, DLQs with a running task first. */
export async function listRedrives(): Promise<DlqMoveTasks[]> {
  const dlqs = (await listQueues()).filter((q) => q.role === 'dlq');
  const rows = await mapLimit(dlqs, 8, async (q) => ({ dlqName: q.name, dlqArn: q.arn, tasks: await listMoveTasks(q.arn) }));
  const running = (r: DlqMoveTasks) => r.tasks.some((t) => t.status === 'RUNNING' || t.status === 'CANCELLING');
  return rows.sort((a, b) => Number(running(b)) - Number(running(a)) || a.dlqName.localeCompare(b.dlqName));
}

/** `/redrives`: move tasks across DLQs and the redrives Eddy started (with their canaries). */
export async function getRedriveOverview(): Promise<{ dlqs: DlqMoveTasks[]; jobs: RedriveJob[] }> {
  return { dlqs: await listRedrives(), jobs: getRedriveJobs().list() };
}

/** What the browser may change, and why not (with sign-in: what the signed-in user's role may). */
export async function getMutationPolicy(): Promise<MutationPolicy> {
  return policyForViewer();
}

/**
 * The gate of every mutation route: a same-origin JSON POST, not read-only, with the operator
 * token when one is set. A refusal is audited too. Returns who acts.
 */
export async function authorise(request: Request, action: AuditAction, queues: string[]): Promise<string> {
  try {
    assertSameOriginJson(request);
    return authoriseMutation(request, getEnv(), currentEnvironment(getEnv()).operators);
  } catch (error) {
    if (error instanceof AppError) {
      await getAuditLog().append({ actor: requesterOf(request, getEnv()), action, queues, outcome: 'refused', detail: error.message });
    }
    throw error;
  }
}

/** A mutation's JSON body; malformed JSON is `invalid`, not a server error. */
export async function readJsonBody(request: Request): Promise<unknown> {
  try {
    return await request.json();
  } catch {
    throw new AppError('invalid', 'The request body is not valid JSON.');
  }
}
