import 'server-only';
import { listFunctionNames } from '../aws/lambda';
import { listQueues } from './queues';
import { listTables } from './streams';

export interface Overview {
  tables: number;
  streams: number;
  queues: number;
  dlqs: number;
  deadLetters: number;
  functions: number;
  /** DLQs holding messages, most first. */
  dlqsWithMessages: { name: string; messages: number }[];
}

/** The account at a glance: what exists and how many dead letters wait. */
export async function getOverview(): Promise<Overview> {
  const [tables, queues, functions] = await Promise.all([listTables(), listQueues(), listFunctionNames()]);
  const dlqs = queues.filter((q) => q.role === 'dlq');
  return {
    tables: tables.length,
    streams: tables.filter((t) => t.stream).length,
    queues: queues.length,
    dlqs: dlqs.length,
    deadLetters: dlqs.reduce((n, q) => n + q.visible + q.inFlight + q.delayed, 0),
    functions: functions.length,
    dlqsWithMessages: dlqs
      .map((q) => ({ name: q.name, messages: q.visible + q.inFlight + q.delayed }))
      .filter((q) => q.messages > 0)
      .sort((a, b) => b.messages - a.messages),
  };
}
