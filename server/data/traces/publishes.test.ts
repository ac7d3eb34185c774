import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import { CreateTopicCommand, PublishCommand, SubscribeCommand } from '@aws-sdk/client-sns';
import { CreateQueueCommand, DeleteQueueCommand, GetQueueAttributesCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSnsEnvelope } from '@/lib/sns/envelope';
import { startTestEmulator, TEST_CREDENTIALS, type TestEmulator } from '../../emulator/testing';
import { useTestServices } from '../../testing';
import { getTrace, searchItems } from './index';

/**
 * One publish to a topic with a raw subscription (its queue dead-letters after one receive) and an
 * enveloped one whose queue is gone (its subscription DLQ gets the copy): the item search and the
 * trace of either copy link both as one publish — the envelope exactly, the raw copy by inference.
 */
let emu: TestEmulator;
let dir: string;

beforeAll(async () => {
  emu = await startTestEmulator();
  dir = mkdtempSync(path.join(tmpdir(), 'eddy-copies-'));
  useTestServices({ AWS_ENDPOINT_URL: emu.url }, TEST_CREDENTIALS);
  process.env.EDDY_CONFIG_FILE = path.join(dir, 'eddy.config.json');
  process.env.EDDY_DATA_DIR = dir;
});

afterAll(async () => {
  await emu?.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function queue(name: string, attributes?: Record<string, string>) {
  const url = (await emu.sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: attributes }))).QueueUrl!;
  const arn = (await emu.sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }))).Attributes!.QueueArn!;
  return { name, url, arn };
}

async function depth(url: string): Promise<number> {
  const { Attributes } = await emu.sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages'] }));
  return Number(Attributes?.ApproximateNumberOfMessages ?? 0);
}

describe('copies of one SNS publish', () => {
  it('are linked in the item search and in a trace: the envelope by its SNS MessageId, the raw copy by item, message and time', async () => {
    await emu.dynamodb.send(
      new CreateTableCommand({ TableName: 'copies-orders', AttributeDefinitions: [{ AttributeName: 'orderId', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'orderId', KeyType: 'HASH' }], BillingMode: 'PAY_PER_REQUEST' }),
    );
    const workDlq = await queue('copies-work-dlq');
    const work = await queue('copies-work', { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: workDlq.arn, maxReceiveCount: 1 }) });
    const notify = await queue('copies-notify');
    const subDlq = await queue('copies-sub-dlq');
    const { TopicArn = '' } = await emu.sns.send(new CreateTopicCommand({ Name: 'copies-topic' }));
    await emu.sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: work.arn, Attributes: { RawMessageDelivery: 'true' } }));
    await emu.sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: notify.arn, Attributes: { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: subDlq.arn }) } }));
    // The enveloped subscription's queue is gone: its copy lands in the subscription DLQ at once.
    await emu.sqs.send(new DeleteQueueCommand({ QueueUrl: notify.url }));
    const published = new Map<string, string>();
    for (const orderId of ['o-1', 'o-2']) {
      const { MessageId = '' } = await emu.sns.send(
        new PublishCommand({ TopicArn, Message: JSON.stringify({ orderId, eventType: 'OrderPlaced' }), MessageAttributes: { orderId: { DataType: 'String', StringValue: orderId } } }),
      );
      published.set(orderId, MessageId);
    }
    // The raw copies fail their one receive and move to copies-work-dlq.
    for (let i = 0; i < 10 && (await depth(workDlq.url)) < 2; i++) await emu.sqs.send(new ReceiveMessageCommand({ QueueUrl: work.url, MaxNumberOfMessages: 10, VisibilityTimeout: 0 }));
    expect(await depth(workDlq.url)).toBe(2);
    expect(await depth(subDlq.url)).toBe(2);

    const search = await searchItems('orderId = o-1');
    expect(search.queuesScanned).toEqual(expect.arrayContaining(['copies-work-dlq', 'copies-sub-dlq']));
    expect(search.publishes).toHaveLength(1);
    const [publish] = search.publishes;
    expect(publish).toMatchObject({ snsMessageId: published.get('o-1'), topicArn: TopicArn, publishedAtExact: true });
    expect(publish.copies.map((c) => [c.queue, c.delivery, c.link, c.subscriptionQueue]).sort()).toEqual([
      ['copies-sub-dlq', 'envelope', 'exact', 'copies-notify'],
      ['copies-work-dlq', 'raw', 'inferred', 'copies-work'],
    ]);
    expect(publish.copies.find((c) => c.link === 'inferred')?.why).toMatch(/^Raw delivery carries no SNS MessageId: the same item \(copies-orders orderId=o-1\), the same published message, sent \d+\.\d s after the publish\.$/);

    // The trace of the raw copy finds the enveloped copy of its publish, and the other way round.
    const raw = publish.copies.find((c) => c.delivery === 'raw')!;
    const enveloped = publish.copies.find((c) => c.delivery === 'envelope')!;
    const fromRaw = await getTrace(raw.queue, raw.messageId);
    expect(fromRaw.publish?.snsMessageId).toBe(published.get('o-1'));
    expect(fromRaw.publish?.copies.map((c) => c.messageId).sort()).toEqual([raw.messageId, enveloped.messageId].sort());
    const fromEnvelope = await getTrace(enveloped.queue, enveloped.messageId);
    expect(parseSnsEnvelope(fromEnvelope.message.body)?.messageId).toBe(published.get('o-1'));
    expect(fromEnvelope.publish?.copies.map((c) => `${c.queue} ${c.link}`).sort()).toEqual(['copies-sub-dlq exact', 'copies-work-dlq inferred']);
  });
});
