import type { Gap } from '../types/access';
import { accessActions } from './actions';

/** The service an IAM action belongs to, in words ("Lambda", "DynamoDB Streams"). */
export function serviceOfAction(action: string): string {
  const known = accessActions.find((a) => a.action === action)?.service;
  if (known) return known;
  const prefix = action.split(':')[0];
  return { dynamodb: 'DynamoDB', sqs: 'SQS', lambda: 'Lambda', cloudwatch: 'CloudWatch', logs: 'CloudWatch Logs', sns: 'SNS' }[prefix] ?? prefix;
}

/**
 * The sentence a page shows in place of what it could not read: what failed and what the reader
 * loses, e.g. "Lambda is not reachable: the graph shows tables and queues only." or
 * "Eddy needs `lambda:ListEventSourceMappings`: no consumers are drawn."
 */
export function gapMessage(action: string, state: Gap['state'], consequence: string, detail?: string): string {
  const service = serviceOfAction(action);
  const why = detail ? ` (${detail})` : '';
  switch (state) {
    case 'denied':
      return `Eddy needs \`${action}\`${why}: ${consequence}.`;
    case 'unreachable':
      return `${service} is not reachable${why}: ${consequence}.`;
    case 'throttled':
      return `${service} is throttling \`${action}\`${why}: ${consequence} until it answers again.`;
    case 'unsupported':
      return `This ${service} endpoint does not support \`${action}\`${why}: ${consequence}.`;
    case 'failed':
      return `\`${action}\` failed${why}: ${consequence}.`;
  }
}

/** One gap per action, and one per unreachable service: when Lambda is down, saying it once is enough. */
export function isSameGap(a: Gap, b: Gap): boolean {
  return a.action === b.action || (a.state === 'unreachable' && b.state === 'unreachable' && a.action.split(':')[0] === b.action.split(':')[0]);
}

/** The gaps of several reads of one page, each said once (the first wording wins). */
export function mergeGaps(...lists: Gap[][]): Gap[] {
  const merged: Gap[] = [];
  for (const gap of lists.flat()) if (!merged.some((g) => isSameGap(g, gap))) merged.push(gap);
  return merged;
}
