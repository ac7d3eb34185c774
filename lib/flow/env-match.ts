import type { ResourceRef } from '@/lib/types/flow';
import { queueNameFromArn, queueNameFromUrl, tableNameFromArn, topicNameFromArn } from './arn';

/** A function environment variable that names a known queue, table or topic. */
export interface EnvironmentMatch {
  variable: string;
  resource: ResourceRef | { kind: 'topic'; name: string };
  /** How the value named it. */
  by: 'url' | 'arn' | 'name';
}

export interface KnownResources {
  queueNames: ReadonlySet<string>;
  tableNames: ReadonlySet<string>;
  /** SNS topics: matched by ARN only (publishers name a topic by its ARN). */
  topicNames?: ReadonlySet<string>;
}

/**
 * The queues, tables and topics a function's environment names: a value that is a queue URL or
 * ARN, a table or stream ARN, a topic ARN, or exactly the name of a known queue or table. Only whole values match —
 * `"orders"` names the table `orders`, `"orders-v2"` does not — so a free-text variable that
 * merely contains a name draws no edge. A bare name that is both a queue and a table matches both.
 */
export function matchEnvironment(environment: Record<string, string>, known: KnownResources): EnvironmentMatch[] {
  const matches: EnvironmentMatch[] = [];
  for (const [variable, raw] of Object.entries(environment).sort(([a], [b]) => a.localeCompare(b))) {
    const value = raw.trim();
    if (!value) continue;
    const queueByArn = queueNameFromArn(value);
    if (queueByArn) {
      if (known.queueNames.has(queueByArn)) matches.push({ variable, resource: { kind: 'queue', name: queueByArn }, by: 'arn' });
      continue;
    }
    const topicByArn = topicNameFromArn(value);
    if (topicByArn) {
      if (known.topicNames?.has(topicByArn)) matches.push({ variable, resource: { kind: 'topic', name: topicByArn }, by: 'arn' });
      continue;
    }
    const tableByArn = tableNameFromArn(value);
    if (tableByArn) {
      if (known.tableNames.has(tableByArn)) matches.push({ variable, resource: { kind: 'table', name: tableByArn }, by: 'arn' });
      continue;
    }
    const queueByUrl = queueNameFromUrl(value);
    if (queueByUrl) {
      if (known.queueNames.has(queueByUrl)) matches.push({ variable, resource: { kind: 'queue', name: queueByUrl }, by: 'url' });
      continue;
    }
    if (known.queueNames.has(value)) matches.push({ variable, resource: { kind: 'queue', name: value }, by: 'name' });
    if (known.tableNames.has(value)) matches.push({ variable, resource: { kind: 'table', name: value }, by: 'name' });
  }
  return matches;
}
