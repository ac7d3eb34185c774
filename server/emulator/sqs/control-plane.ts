import type { RequestContext } from '../core/types';
import { sqsErrors } from './errors';
import { Queue } from './queue';
import { FIFO_ONLY_ATTRIBUTES, optionalInteger, parseRedriveAllowPolicy, parseRedrivePolicy, READABLE_ATTRIBUTES, redriveAllowed, validateQueueAttributes, validateQueueName } from './validation';
import { queueOf, urlOf, deadLetterQueueSourcesOf, type Input, type SqsOperation, type SqsState } from './state';

/** SQS queue management: create, find, list, delete, attributes, tags, dead-letter sources and purge. */

/** A queue name can be reused only 60 s after its deletion. */
const DELETE_COOLDOWN_MS = 60_000;
const PURGE_COOLDOWN_MS = 60_000;

/** RedrivePolicy checks that need other queues: the target exists, has the same type and allows this source. */
export function checkRedrive(state: SqsState, queue: { arn: string; fifo: boolean }, attributes: Record<string, string>): void {
  if (attributes.RedriveAllowPolicy) parseRedriveAllowPolicy(attributes.RedriveAllowPolicy);
  const raw = attributes.RedrivePolicy;
  if (raw === undefined || raw === '') return;
  const policy = parseRedrivePolicy(raw);
  const invalid = (reason: string) => sqsErrors.invalidParameterValue(`Value ${raw} for parameter RedrivePolicy is invalid. Reason: ${reason}`);
  const target = state.byArn.get(policy.deadLetterTargetArn);
  if (!target) throw invalid('Dead letter target does not exist.');
  if (target.fifo !== queue.fifo) throw invalid('Dead-letter queue must be same type of queue as the source.');
  if (!redriveAllowed(target.redriveAllowPolicy, queue.arn)) {
    throw invalid(`Queue ${target.arn} does not allow this queue to use it as a dead-letter queue.`);
  }
}

export function attributesOf(queue: Queue, names: Set<string>): Record<string, string> {
  const all = names.has('All');
  const out: Record<string, string> = {};
  for (const name of READABLE_ATTRIBUTES) {
    if (!all && !names.has(name)) continue;
    if (FIFO_ONLY_ATTRIBUTES.has(name) && !queue.fifo) continue;
    const value = computedAttribute(queue, name);
    if (value !== undefined) out[name] = value;
  }
  return out;
}

export function computedAttribute(queue: Queue, name: string): string | undefined {
  switch (name) {
    case 'ApproximateNumberOfMessages':
      return String(queue.counts.visible);
    case 'ApproximateNumberOfMessagesNotVisible':
      return String(queue.counts.inflight);
    case 'ApproximateNumberOfMessagesDelayed':
      return String(queue.counts.delayed);
    case 'CreatedTimestamp':
      return String(Math.floor(queue.createdAt / 1000));
    case 'LastModifiedTimestamp':
      return String(Math.floor(queue.lastModifiedAt / 1000));
    case 'QueueArn':
      return queue.arn;
    default:
      return queue.attributes[name];
  }
}

export function createQueue(state: SqsState, input: Input, ctx: RequestContext) {
  const rawName = input.QueueName;
  const rawAttributes = (input.Attributes ?? {}) as Record<string, unknown>;
  const fifoRequested = typeof rawAttributes === 'object' && rawAttributes !== null && rawAttributes.FifoQueue === 'true';
  const name = validateQueueName(rawName, fifoRequested);
  if (!fifoRequested && name.endsWith('.fifo')) {
    throw sqsErrors.invalidParameterValue('Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length');
  }
  const attributes = validateQueueAttributes(input.Attributes, fifoRequested, true);
  const key = `${ctx.accountId}/${name}`;
  const now = state.clock.now();
  const existing = state.queues.get(key);
  if (existing) {
    for (const [attribute, value] of Object.entries(attributes)) {
      const current = computedAttribute(existing, attribute) ?? '';
      // The policies are stored normalised; compare like with like, whatever the caller's spacing.
      const wanted =
        value === ''
          ? value
          : attribute === 'RedrivePolicy'
            ? JSON.stringify(parseRedrivePolicy(value))
            : attribute === 'RedriveAllowPolicy'
              ? JSON.stringify(parseRedriveAllowPolicy(value))
              : value;
      if (attribute === 'FifoQueue' || current === wanted) continue;
      throw sqsErrors.queueNameExists(`A queue already exists with the same name and a different value for attribute ${attribute}`);
    }
    return { QueueUrl: urlOf(existing, ctx) };
  }
  const deleted = state.deletedAt.get(key);
  if (deleted !== undefined && now - deleted < DELETE_COOLDOWN_MS) throw sqsErrors.queueDeletedRecently();
  const queue = new Queue(name, ctx.accountId, ctx.region, now);
  checkRedrive(state, queue, attributes);
  queue.applyAttributes(attributes, now);
  queue.tags = tagsOf(input.tags, {});
  state.queues.set(key, queue);
  state.byArn.set(queue.arn, queue);
  return { QueueUrl: urlOf(queue, ctx) };
}

export function tagsOf(raw: unknown, current: Record<string, string>): Record<string, string> {
  if (raw === undefined || raw === null) return current;
  if (typeof raw !== 'object' || Array.isArray(raw)) throw sqsErrors.invalidParameterValue('Tags must be a map of strings.');
  const next = { ...current };
  for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
    if (typeof v !== 'string' || k.length === 0 || k.length > 128 || v.length > 256) {
      throw sqsErrors.invalidParameterValue(`Tag ${k} is invalid.`);
    }
    next[k] = v;
  }
  if (Object.keys(next).length > 50) throw sqsErrors.invalidParameterValue('Too many tags added for queue. A queue can have at most 50 tags.');
  return next;
}

export function getQueueUrl(state: SqsState, input: Input, ctx: RequestContext) {
  if (typeof input.QueueName !== 'string' || input.QueueName.length === 0) throw sqsErrors.missingParameter('QueueName');
  const account = typeof input.QueueOwnerAWSAccountId === 'string' ? input.QueueOwnerAWSAccountId : ctx.accountId;
  const queue = state.queues.get(`${account}/${input.QueueName}`);
  if (!queue) throw sqsErrors.queueDoesNotExist();
  return { QueueUrl: urlOf(queue, ctx) };
}

/** Pages by name; the token is the last name returned, base64. */
export function page(names: string[], maxResults: unknown, nextToken: unknown): { names: string[]; next?: string } {
  const max = optionalInteger(maxResults, 'MaxResults', 1, 1000);
  let start = 0;
  if (nextToken !== undefined) {
    if (typeof nextToken !== 'string') throw sqsErrors.invalidParameterValue('Invalid NextToken value.');
    const after = Buffer.from(nextToken, 'base64').toString('utf8');
    start = names.findIndex((n) => n > after);
    if (start < 0) start = names.length;
  }
  const limit = max ?? 1000;
  const slice = names.slice(start, start + limit);
  // AWS returns NextToken only when the caller asked for pages with MaxResults (§5.1).
  const more = start + limit < names.length;
  return { names: slice, next: max !== undefined && more ? Buffer.from(slice[slice.length - 1], 'utf8').toString('base64') : undefined };
}

export function listQueues(state: SqsState, input: Input, ctx: RequestContext) {
  const prefix = typeof input.QueueNamePrefix === 'string' ? input.QueueNamePrefix : '';
  const names = [...state.queues.values()]
    .filter((q) => q.accountId === ctx.accountId && q.name.startsWith(prefix))
    .map((q) => q.name)
    .sort();
  const { names: pageNames, next } = page(names, input.MaxResults, input.NextToken);
  const out: Record<string, unknown> = {};
  if (pageNames.length > 0) out.QueueUrls = pageNames.map((n) => urlOf(state.queues.get(`${ctx.accountId}/${n}`)!, ctx));
  if (next) out.NextToken = next;
  return out;
}

export function deleteQueue(state: SqsState, input: Input) {
  const queue = queueOf(state, input);
  state.queues.delete(queue.key);
  state.byArn.delete(queue.arn);
  state.deletedAt.set(queue.key, state.clock.now());
  queue.deleted = true;
  queue.purge();
  state.moveTasks.forget(queue.arn);
  queue.wake();
  return {};
}

export function getQueueAttributes(state: SqsState, input: Input) {
  const queue = queueOf(state, input);
  const requested = input.AttributeNames;
  if (requested === undefined) return {};
  if (!Array.isArray(requested)) throw sqsErrors.invalidParameterValue('AttributeNames must be a list.');
  for (const name of requested) {
    if (name !== 'All' && !READABLE_ATTRIBUTES.includes(name as string)) throw sqsErrors.invalidAttributeName(String(name));
  }
  const attributes = attributesOf(queue, new Set(requested as string[]));
  return Object.keys(attributes).length > 0 ? { Attributes: attributes } : {};
}

export function setQueueAttributes(state: SqsState, input: Input) {
  const queue = queueOf(state, input);
  if (input.Attributes === undefined) throw sqsErrors.missingParameter('Attributes');
  const attributes = validateQueueAttributes(input.Attributes, queue.fifo, false);
  checkRedrive(state, queue, attributes);
  queue.applyAttributes(attributes, state.clock.now());
  return {};
}

export function tagQueue(state: SqsState, input: Input) {
  const queue = queueOf(state, input);
  if (input.Tags === undefined) throw sqsErrors.missingParameter('Tags');
  queue.tags = tagsOf(input.Tags, queue.tags);
  return {};
}

export function untagQueue(state: SqsState, input: Input) {
  const queue = queueOf(state, input);
  if (!Array.isArray(input.TagKeys)) throw sqsErrors.missingParameter('TagKeys');
  for (const key of input.TagKeys) delete queue.tags[String(key)];
  return {};
}

export function listQueueTags(state: SqsState, input: Input) {
  const queue = queueOf(state, input);
  return Object.keys(queue.tags).length > 0 ? { Tags: { ...queue.tags } } : {};
}

export function listDeadLetterSourceQueues(state: SqsState, input: Input, ctx: RequestContext) {
  const queue = queueOf(state, input);
  const sources = deadLetterQueueSourcesOf(state, queue.arn).filter((q) => q.accountId === queue.accountId);
  const names = sources.map((q) => q.name).sort();
  const { names: pageNames, next } = page(names, input.MaxResults, input.NextToken);
  // The model names this member in lower case (§0 pitfall 8).
  const out: Record<string, unknown> = { queueUrls: pageNames.map((n) => urlOf(state.queues.get(`${queue.accountId}/${n}`)!, ctx)) };
  if (next) out.NextToken = next;
  return out;
}

export function purgeQueue(state: SqsState, input: Input) {
  const queue = queueOf(state, input);
  const now = state.clock.now();
  if (queue.lastPurgeAt !== undefined && now - queue.lastPurgeAt < PURGE_COOLDOWN_MS) throw sqsErrors.purgeQueueInProgress(queue.name);
  queue.lastPurgeAt = now;
  queue.purge();
  return {};
}

/** The operations of this group, by SQS action name. */
export const controlPlaneOperations: Record<string, SqsOperation> = {
  CreateQueue: createQueue,
  GetQueueUrl: getQueueUrl,
  ListQueues: listQueues,
  DeleteQueue: deleteQueue,
  GetQueueAttributes: getQueueAttributes,
  SetQueueAttributes: setQueueAttributes,
  TagQueue: tagQueue,
  UntagQueue: untagQueue,
  ListQueueTags: listQueueTags,
  ListDeadLetterSourceQueues: listDeadLetterSourceQueues,
  PurgeQueue: purgeQueue,
};
