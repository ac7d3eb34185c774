/**
 * The AWS adapters' contract, run against every backend Eddy is tested with: the emulator and
 * servers nobody here wrote (`local-aws-sqs`, `dynalite`). Each `*.contract.test.ts` file starts
 * one backend, points the dashboard's clients at it through the standard environment, and calls
 * `adapterContract`. What a backend does not support is skipped per test, with the reason found
 * by a probe against that backend — never skipped unconditionally.
 */
import { CreateTableCommand, type DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { CreateQueueCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { browseQueue } from '../data/dlq';
import { redriveSelected } from '../redrive/selected';
import { describeTable, listTableNames } from './dynamodb';
import { getOutcomeStore } from './outcomes';
import { getQueue, getQueueUrl, listDeadLetterSourceUrls, listMoveTasks, listQueueUrls, receiveLeased, releaseMessages, startMoveTask } from './sqs';
import { getStreamsApi } from './streams';

export interface Backend {
  name: string;
  sqs: () => SQSClient;
  dynamodb: () => DynamoDBClient;
}

const unique = () => `c${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string, timeoutMs = 15_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** A work queue whose dead letters go to its DLQ after one receive, and the DLQ. */
async function queuePair(sqs: SQSClient) {
  const name = unique();
  const dlqUrl = (await sqs.send(new CreateQueueCommand({ QueueName: `${name}-dlq` }))).QueueUrl as string;
  const dlqArn = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: dlqUrl, AttributeNames: ['QueueArn'] }))).Attributes?.QueueArn as string;
  const workUrl = (
    await sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: 1 }) } }))
  ).QueueUrl as string;
  return { name, dlqName: `${name}-dlq`, workUrl, dlqUrl, dlqArn };
}

/** Sends a message to the work queue and receives it until the backend dead-letters it. */
async function deadLetter(sqs: SQSClient, pair: Awaited<ReturnType<typeof queuePair>>, body: string): Promise<void> {
  await sqs.send(new SendMessageCommand({ QueueUrl: pair.workUrl, MessageBody: body }));
  await until(
    async () => {
      await sqs.send(new ReceiveMessageCommand({ QueueUrl: pair.workUrl, VisibilityTimeout: 0, MaxNumberOfMessages: 10 }));
      const a = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: pair.dlqUrl, AttributeNames: ['ApproximateNumberOfMessages'] }))).Attributes;
      return Number(a?.ApproximateNumberOfMessages ?? 0);
    },
    (n) => n >= 1,
    'the message to reach the DLQ',
  );
}

export function adapterContract(backend: Backend): void {
  describe(`SQS adapter against ${backend.name}`, () => {
    it('lists queues and reads their attributes and redrive policy', async () => {
      const pair = await queuePair(backend.sqs());
      const urls = await listQueueUrls();
      expect(urls.map((u) => decodeURIComponent(u.split('/').pop() ?? ''))).toEqual(expect.arrayContaining([pair.name, pair.dlqName]));
      const work = await getQueue(await getQueueUrl(pair.name));
      expect(work).toMatchObject({ name: pair.name, visible: 0, inFlight: 0, redrivePolicy: { deadLetterTargetArn: pair.dlqArn, maxReceiveCount: 1 } });
      expect(await listDeadLetterSourceUrls(pair.dlqUrl)).toEqual([expect.stringContaining(pair.name)]);
      expect(getOutcomeStore().get('sqs:GetQueueAttributes')?.state).toBe('allowed');
    });

    it('answers not_found for a queue that does not exist', async () => {
      await expect(getQueueUrl(`missing-${unique()}`)).rejects.toMatchObject({ code: 'not_found' });
      // The call was authorised: the permission is not what is missing.
      expect(getOutcomeStore().get('sqs:GetQueueUrl')?.state).toBe('allowed');
    });

    it('gives dead letters their real receive count, sent time and source, never 0 or 1970', async () => {
      const sqs = backend.sqs();
      const pair = await queuePair(sqs);
      const before = Date.now() - 60_000;
      await deadLetter(sqs, pair, '{"orderId":"o-1"}');
      const page = await browseQueue(pair.dlqName);
      expect(page.messages).toHaveLength(1);
      const [m] = page.messages;
      expect(m.receiveCount).toBeGreaterThanOrEqual(1);
      expect(m.sentAt).toBeGreaterThan(before);
      expect(m.sourceQueue).toBe(pair.name);
      expect(m.unknownReason).toBeUndefined();
      // The browse released what it received: the message is visible again at once.
      const leased = await receiveLeased(pair.dlqUrl, 10, 5);
      expect(leased.map((l) => l.messageId)).toEqual([m.messageId]);
      expect((await releaseMessages(pair.dlqUrl, leased.map((l) => l.receiptHandle))).failed).toBe(0);
    });

    it("takes the DLQ's only source queue as the source of a message that does not say", async () => {
      const sqs = backend.sqs();
      const pair = await queuePair(sqs);
      // Sent straight to the DLQ: no DeadLetterQueueSourceArn on any server.
      await sqs.send(new SendMessageCommand({ QueueUrl: pair.dlqUrl, MessageBody: 'direct' }));
      const page = await browseQueue(pair.dlqName);
      expect(page.messages[0]).toMatchObject({ sourceQueue: pair.name, sourceQueueInferred: true });
    });

    it('redrives selected messages to their source and deletes them from the DLQ', async () => {
      const sqs = backend.sqs();
      const pair = await queuePair(sqs);
      await deadLetter(sqs, pair, 'redrive me');
      const [m] = (await browseQueue(pair.dlqName)).messages;
      const outcomes = await redriveSelected({ dlqName: pair.dlqName, messageIds: [m.messageId] });
      expect(outcomes).toEqual([expect.objectContaining({ messageId: m.messageId, status: 'redriven', destination: pair.name })]);
      const back = await sqs.send(new ReceiveMessageCommand({ QueueUrl: pair.workUrl, MessageAttributeNames: ['All'], MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }));
      expect(back.Messages?.map((x) => [x.Body, x.MessageAttributes?.['eddy-redriven-from']?.StringValue])).toEqual([['redrive me', pair.dlqName]]);
      expect((await browseQueue(pair.dlqName)).messages).toEqual([]);
    });

    it('redrives all with a message move task back to each source', async ({ skip }) => {
      const sqs = backend.sqs();
      const pair = await queuePair(sqs);
      await deadLetter(sqs, pair, 'move me');
      let handle: string;
      try {
        handle = await startMoveTask({ sourceArn: pair.dlqArn });
      } catch (error) {
        if (getOutcomeStore().get('sqs:StartMessageMoveTask')?.state === 'unsupported') return skip(`${backend.name} does not support message move tasks: ${(error as Error).message}`);
        throw error;
      }
      expect(handle).not.toBe('');
      const [task] = await until(() => listMoveTasks(pair.dlqArn), (tasks) => tasks[0]?.status === 'COMPLETED', 'the move task to complete');
      expect(task).toMatchObject({ status: 'COMPLETED', moved: 1, sourceArn: pair.dlqArn });
      const work = await until(() => getQueue(pair.workUrl), (q) => q.visible === 1, 'the message back in its source');
      expect(work.visible).toBe(1);
    });
  });

  describe(`DynamoDB adapter against ${backend.name}`, () => {
    async function createTable(withStream: boolean): Promise<string> {
      const name = unique();
      await backend.dynamodb().send(
        new CreateTableCommand({
          TableName: name,
          AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
          KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
          BillingMode: 'PAY_PER_REQUEST',
          ...(withStream ? { StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' } } : {}),
        }),
      );
      await until(() => describeTable(name), (t) => t.status === 'ACTIVE', `table ${name} to be active`);
      return name;
    }

    it('lists tables and describes their key schema', async () => {
      const name = await createTable(false);
      expect(await listTableNames()).toContain(name);
      expect(await describeTable(name)).toMatchObject({ name, status: 'ACTIVE', keySchema: [{ name: 'pk', type: 'HASH' }], stream: undefined });
      await expect(describeTable(`missing-${unique()}`)).rejects.toMatchObject({ code: 'not_found' });
    });

    it("describes a table's stream and reads its records", async ({ skip }) => {
      const name = await createTable(true);
      const table = await describeTable(name);
      if (!table.stream) return skip(`${backend.name} accepts StreamSpecification but reports no stream (no DynamoDB Streams)`);
      expect(table.stream.viewType).toBe('NEW_AND_OLD_IMAGES');
      await backend.dynamodb().send(new PutItemCommand({ TableName: name, Item: { pk: { S: 'a' }, n: { N: '1' } } }));
      const api = getStreamsApi();
      const description = await api.describeStream(table.stream.arn);
      expect(description.shards.length).toBeGreaterThan(0);
      const iterator = await api.getShardIterator(table.stream.arn, description.shards[0].shardId, 'TRIM_HORIZON');
      const page = await api.getRecords(iterator, description.shards[0].shardId);
      expect(page.events.map((e) => e.eventName)).toEqual(['INSERT']);
    });
  });
}
