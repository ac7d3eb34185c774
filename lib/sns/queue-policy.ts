/**
 * Queue access policies as SNS meets them: whether an SQS queue's policy lets a topic send to it.
 * Pure; used by the emulator's delivery (server/emulator/sns) and by Eddy's findings
 * ("an SQS subscription whose queue policy does not allow the topic").
 */

interface PolicyStatement {
  Effect?: string;
  Principal?: unknown;
  Action?: string | string[];
  Resource?: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
}

function listOf(value: unknown): string[] {
  return value === undefined ? [] : Array.isArray(value) ? value.map(String) : [String(value)];
}

function wildcard(pattern: string, value: string): boolean {
  const re = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
  return re.test(value);
}

function statementApplies(statement: PolicyStatement, topicArn: string, queueArn: string): boolean {
  const principal = statement.Principal;
  const principals =
    principal === '*'
      ? ['*']
      : principal && typeof principal === 'object'
        ? Object.values(principal as Record<string, unknown>).flatMap(listOf)
        : [];
  if (!principals.some((p) => p === '*' || p === 'sns.amazonaws.com')) return false;
  if (!listOf(statement.Action).some((a) => wildcard(a.toLowerCase(), 'sqs:sendmessage'))) return false;
  const resources = listOf(statement.Resource);
  if (resources.length > 0 && !resources.some((r) => wildcard(r, queueArn))) return false;
  for (const [operator, conditions] of Object.entries(statement.Condition ?? {})) {
    for (const [key, expected] of Object.entries(conditions)) {
      if (key.toLowerCase() !== 'aws:sourcearn') continue;
      const values = listOf(expected);
      const like = /Like$/.test(operator);
      const negated = /^(ArnNot|StringNot)/.test(operator);
      const hit = values.some((v) => (like ? wildcard(v, topicArn) : v === topicArn));
      if (hit === negated) return false;
    }
  }
  return true;
}

/**
 * Whether a queue's access policy lets this topic send to it, as AWS decides: an Allow for
 * `sns.amazonaws.com` (or `*`) must match and no Deny may; a queue without a policy admits no
 * topic (reference §2.7: a queue that does not admit SNS is a client-side failure, straight to
 * the subscription's DLQ).
 */
export function queuePolicyAllows(policy: string | undefined, topicArn: string, queueArn: string): boolean {
  if (policy === undefined || policy === '') return false;
  let statements: PolicyStatement[];
  try {
    const doc = JSON.parse(policy) as { Statement?: PolicyStatement | PolicyStatement[] };
    statements = Array.isArray(doc.Statement) ? doc.Statement : doc.Statement ? [doc.Statement] : [];
  } catch {
    return false;
  }
  const applicable = statements.filter((s) => statementApplies(s, topicArn, queueArn));
  if (applicable.some((s) => s.Effect === 'Deny')) return false;
  return applicable.some((s) => s.Effect === 'Allow');
}
