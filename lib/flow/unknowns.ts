import type { Gap } from '@/lib/types/access';

/**
 * Which of the home page's figures are unknown because a call behind them failed: each value is
 * the sentence to show in place of the figure. A figure Eddy could not read is "—" with its
 * reason, never 0 ("Dead letters 0" while SQS is unreachable is a false all-clear).
 */
export interface FlowUnknowns {
  /** The queue list or queue attributes: dead-letter counts. */
  queues?: string;
  /** The event source mappings: failing mappings. */
  mappings?: string;
  /** The table list: streams and their rates. */
  tables?: string;
}

const SOURCES: { key: keyof FlowUnknowns; actions: string[]; reason: string }[] = [
  { key: 'queues', actions: ['sqs:ListQueues', 'sqs:GetQueueAttributes'], reason: 'SQS could not be read' },
  { key: 'mappings', actions: ['lambda:ListEventSourceMappings'], reason: 'Lambda mappings could not be read' },
  { key: 'tables', actions: ['dynamodb:ListTables'], reason: 'DynamoDB could not be read' },
];

/** The figures the page's gaps make unknown. */
export function flowUnknowns(gaps: readonly Gap[]): FlowUnknowns {
  const unknowns: FlowUnknowns = {};
  for (const source of SOURCES) {
    // An unreachable service fails every action of it, though the page may name only one of them.
    const hit = gaps.find((g) => source.actions.includes(g.action) || (g.state === 'unreachable' && source.actions.some((a) => a.split(':')[0] === g.action.split(':')[0])));
    if (hit) unknowns[source.key] = source.reason;
  }
  return unknowns;
}
