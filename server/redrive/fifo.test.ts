import { CreateQueueCommand, DeleteMessageBatchCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestEmulator, TEST_CREDENTIALS, type TestEmulator } from '../emulator/testing';
import { useTestServices } from '../testing';
import { redriveSelected } from './selected';

/**
 * Issue 17, FIFO: a redrive keeps each message group's order, although a receive from a FIFO DLQ
 * gives only the first messages of each group (checked through the SDK against the emulator).
 */
let emu: TestEmulator;
let n = 0;

beforeAll(async () => {
  emu = await startTestEmulator();
  useTestServices({ AWS_ENDPOINT_URL: emu.url }, TEST_CREDENTIALS);
});
afterAll(() => emu.stop());
afterEach(() => emu.control('DELETE', '/_eddy/faults'));

const depth = async (url: string) => Number((await emu.sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages'] }))).Attributes?.ApproximateNumberOfMessages);

/** A FIFO source and DLQ, `perGroup` messages in each of `groups` dead-lettered in order; a FIFO destination. */
async function fifoDeadLetters(groups: string[], perGroup: number) {
  const prefix = `f${++n}-${Date.now()}`;
  const fifo = { FifoQueue: 'true', ContentBasedDeduplication: 'true' };
  const dlqUrl = (await emu.sqs.send(new CreateQueueCommand({ QueueName: `${prefix}-dlq.fifo`, Attributes: fifo }))).QueueUrl as string;
  const dlqArn = (await emu.sqs.send(new GetQueueAttributesCommand({ QueueUrl: dlqUrl, AttributeNames: ['QueueArn'] }))).Attributes?.QueueArn as string;
  const srcUrl = (await emu.sqs.send(new CreateQueueCommand({ QueueName: `${prefix}-src.fifo`, Attributes: { ...fifo, VisibilityTimeout: '0', RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: 1 }) } }))).QueueUrl as string;
  const destUrl = (await emu.sqs.send(new CreateQueueCommand({ QueueName: `${prefix}-dest.fifo`, Attributes: fifo }))).QueueUrl as string;
  const ids: string[] = [];
  for (let i = 0; i < perGroup; i++) {
    for (const g of groups) ids.push((await emu.sqs.send(new SendMessageCommand({ QueueUrl: srcUrl, MessageBody: `${g}:${i}`, MessageGroupId: g }))).MessageId as string);
  }
  while ((await depth(dlqUrl)) < ids.length) await emu.sqs.send(new ReceiveMessageCommand({ QueueUrl: srcUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 0 }));
  return { dlq: `${prefix}-dlq.fifo`, dlqUrl, dest: `${prefix}-dest.fifo`, destUrl, ids };
}

/** A FIFO queue's bodies by group, in the order a consumer receives them (received and deleted). */
async function consume(url: string, count: number): Promise<Record<string, string[]>> {
  const byGroup: Record<string, string[]> = {};
  let got = 0;
  for (let empty = 0; got < count && empty < 5; ) {
    const out = await emu.sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, VisibilityTimeout: 30, MessageSystemAttributeNames: ['MessageGroupId'] }));
    const messages = out.Messages ?? [];
    if (messages.length === 0) empty++;
    for (const m of messages) (byGroup[m.Attributes?.MessageGroupId ?? ''] ??= []).push(m.Body ?? '');
    got += messages.length;
    if (messages.length > 0) await emu.sqs.send(new DeleteMessageBatchCommand({ QueueUrl: url, Entries: messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle })) }));
  }
  return byGroup;
}

describe('FIFO redrive', () => {
  it('moves every message of groups deeper than one receive, each group in its order', async () => {
    const groups = ['g-a', 'g-b', 'g-c'];
    const q = await fifoDeadLetters(groups, 15);
    const outcomes = await redriveSelected({ dlqName: q.dlq, messageIds: q.ids, destinationName: q.dest });
    expect(outcomes.filter((o) => o.status !== 'redriven')).toEqual([]);
    const received = await consume(q.destUrl, q.ids.length);
    for (const g of groups) expect(received[g]).toEqual(Array.from({ length: 15 }, (_, i) => `${g}:${i}`));
    expect(await depth(q.dlqUrl)).toBe(0);
  });

  it('stops a group at its first message that could not be sent: none of its later ones overtakes it', async () => {
    const q = await fifoDeadLetters(['g-a', 'g-b'], 4);
    await emu.control('POST', '/_eddy/faults', { rules: [{ target: 'AmazonSQS.SendMessage', error: 'InternalError', status: 500, rate: 0.5 }] });
    const outcomes = await redriveSelected({ dlqName: q.dlq, messageIds: q.ids, destinationName: q.dest });
    await emu.control('DELETE', '/_eddy/faults');
    const received = await consume(q.destUrl, outcomes.filter((o) => o.status === 'redriven').length);
    for (const g of ['g-a', 'g-b']) {
      // What arrived is a prefix of the group's order: nothing after a gap.
      const got = received[g] ?? [];
      expect(got).toEqual(Array.from({ length: got.length }, (_, i) => `${g}:${i}`));
    }
    for (const o of outcomes.filter((x) => x.status === 'failed')) expect(o.message).toMatch(/^(Not sent|Held back), still in/);
  });
});
