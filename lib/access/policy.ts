import type { AccessReport } from '../types/access';
import { accessFeatures, type ResourceScope } from './actions';

/** The resources in view, by the ARNs AWS reported for them. */
export interface ResourcesInView {
  /** Table ARNs. */
  tables: string[];
  /** Every queue's ARN. */
  queues: string[];
  /** Dead-letter queues and Lambda failure destinations (ARNs). */
  dlqs: string[];
  /** Queues a redrive sends to: the DLQs' sources (ARNs). */
  destinations: string[];
  /** Function ARNs. */
  functions: string[];
  /** Region and account for patterns when a kind has nothing in view; `*` when unknown. */
  region?: string;
  account?: string;
}

type Policy = AccessReport['policy'];

const sidOf: Record<ResourceScope, string> = {
  any: 'Lists',
  tables: 'Tables',
  streams: 'Streams',
  queues: 'Queues',
  dlqs: 'DeadLetterQueues',
  destinations: 'RedriveDestinations',
  functions: 'Functions',
  logGroups: 'LogGroups',
};

function resourcesFor(scope: ResourceScope, r: ResourcesInView): string[] {
  const region = r.region ?? '*';
  const account = r.account ?? '*';
  const sorted = (list: string[], pattern: string) => (list.length > 0 ? [...new Set(list)].sort() : [pattern]);
  switch (scope) {
    case 'any':
      // IAM cannot scope List* calls and CloudWatch reads to a resource.
      return ['*'];
    case 'tables':
      return sorted(r.tables, `arn:aws:dynamodb:${region}:${account}:table/*`);
    case 'streams':
      return sorted(
        r.tables.map((arn) => `${arn}/stream/*`),
        `arn:aws:dynamodb:${region}:${account}:table/*/stream/*`,
      );
    case 'queues':
      return sorted(r.queues, `arn:aws:sqs:${region}:${account}:*`);
    case 'dlqs':
      return sorted(r.dlqs, `arn:aws:sqs:${region}:${account}:*`);
    case 'destinations':
      return sorted(r.destinations, `arn:aws:sqs:${region}:${account}:*`);
    case 'functions':
      return sorted(r.functions, `arn:aws:lambda:${region}:${account}:function:*`);
    case 'logGroups':
      // A function logs to /aws/lambda/<name> unless its LoggingConfig names another group.
      return sorted(
        r.functions.map((arn) => arn.replace(/^arn:aws:lambda:([^:]*):([^:]*):function:(.+)$/, 'arn:aws:logs:$1:$2:log-group:/aws/lambda/$3:*')),
        `arn:aws:logs:${region}:${account}:log-group:/aws/lambda/*:*`,
      );
  }
}

/**
 * The least-privilege IAM policy for the resources in view: one statement per role and resource
 * kind, every action of `accessFeatures` exactly once (operator statements only when asked).
 */
export function buildPolicy(resources: ResourcesInView, options: { operator?: boolean } = { operator: true }): Policy {
  const statements = new Map<string, { actions: string[]; scope: ResourceScope }>();
  for (const feature of accessFeatures) {
    if (feature.role === 'operator' && !options.operator) continue;
    for (const a of feature.actions) {
      const sid = `${feature.role === 'operator' ? 'Operator' : 'ReadOnly'}${sidOf[a.scope]}`;
      const statement = statements.get(sid) ?? { actions: [], scope: a.scope };
      if (!statement.actions.includes(a.action)) statement.actions.push(a.action);
      statements.set(sid, statement);
    }
  }
  return {
    Version: '2012-10-17',
    Statement: [...statements].map(([Sid, s]) => ({ Sid, Effect: 'Allow' as const, Action: [...s.actions].sort(), Resource: resourcesFor(s.scope, resources) })),
  };
}

/** Every action a policy grants. */
export function actionsOfPolicy(policy: Policy): string[] {
  return [...new Set(policy.Statement.flatMap((s) => s.Action))].sort();
}
