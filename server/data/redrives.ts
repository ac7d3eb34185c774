import 'server-only';
import { mapLimit } from '@/lib/concurrency';
import type { MoveTask } from '@/lib/types/queues';
import { listMoveTasks } from '../aws/sqs';
import { listQueues } from './queues';

export interface DlqMoveTasks {
  dlqName: string;
  dlqArn: string;
  tasks: MoveTask[];
}

/** The recent message move tasks of every DLQ, DLQs with a running task first. */
export async function listRedrives(): Promise<DlqMoveTasks[]> {
  const dlqs = (await listQueues()).filter((q) => q.role === 'dlq');
  const rows = await mapLimit(dlqs, 8, async (q) => ({ dlqName: q.name, dlqArn: q.arn, tasks: await listMoveTasks(q.arn) }));
  const running = (r: DlqMoveTasks) => r.tasks.some((t) => t.status === 'RUNNING' || t.status === 'CANCELLING');
  return rows.sort((a, b) => Number(running(b)) - Number(running(a)) || a.dlqName.localeCompare(b.dlqName));
}
