import {
  CreateQueueCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  SetQueueAttributesCommand,
  type Message,
} from '@aws-sdk/client-sqs';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEmulator, type TestEmulator } from '../testing';

let emu: TestEmulator;
beforeAll(async () => {
  emu = await startTestEmulator();
});
afterAll(async () => {
  await emu.stop();
});

let counter = 0;
async function createFifo(attributes: Record<string, string> = {}) {
  const name = `fifo-${++counter}-${Math.random().toString(36).slice(2, 7)}.fifo`;
  return (await emu.sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: { FifoQueue: 'true', ...attributes } }))).QueueUrl!;
}
async function receive(QueueUrl: string, max = 10, VisibilityTimeout?: number): Promise<Message[]> {
  return (
    (await emu.sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: max, VisibilityTimeout, MessageSystemAttributeNames: ['All'] }))).Messages ?? []
  );
}
const send = (QueueUrl: string, MessageBody: string, MessageGroupId: string, MessageDeduplicationId?: string) =>
  emu.sqs.send(new SendMessageCommand({ QueueUrl, MessageBody, MessageGroupId, MessageDeduplicationId: MessageDeduplicationId ?? MessageBody }));

describe('FIFO queues (§5.7)', () => {
  it('requires MessageGroupId and a deduplication id, and refuses per-message DelaySeconds', async () => {
    const url = await createFifo();
    await expect(emu.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'x', MessageDeduplicationId: 'd' }))).rejects.toMatchObject({
      name: 'MissingParameter',
      message: 'The request must contain the parameter MessageGroupId.',
      Error: { Code: 'MissingParameter' },
    });
    await expect(emu.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'x', MessageGroupId: 'g' }))).rejects.toMatchObject({
      name: 'InvalidParameterValue',
      message: 'The queue should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly',
    });
    await expect(
      emu.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'x', MessageGroupId: 'g', MessageDeduplicationId: 'd', DelaySeconds: 5 })),
    ).rejects.toMatchObject({ name: 'InvalidParameterValue' });
  });

  it('returns increasing 128-bit numeric sequence numbers', async () => {
    const url = await createFifo();
    const seqs: bigint[] = [];
    for (const body of ['a', 'b', 'c']) {
      const out = await send(url, body, 'g');
      expect(out.SequenceNumber).toMatch(/^\d{20,39}$/);
      seqs.push(BigInt(out.SequenceNumber!));
    }
    expect(seqs[0] < seqs[1] && seqs[1] < seqs[2]).toBe(true);
    expect(seqs[2] < 2n ** 128n).toBe(true);
    const [m] = await receive(url, 1);
    expect(m.Attributes).toMatchObject({ SequenceNumber: seqs[0].toString(), MessageGroupId: 'g', MessageDeduplicationId: 'a' });
  });

  it('delivers a group in order and nothing more of it while a message is in flight', async () => {
    const url = await createFifo();
    for (const body of ['g1-a', 'g1-b', 'g1-c']) await send(url, body, 'g1');
    for (const body of ['g2-a', 'g2-b']) await send(url, body, 'g2');
    const first = await receive(url, 2);
    expect(first.map((m) => m.Body)).toEqual(['g1-a', 'g1-b']);
    // g1 is blocked by its in-flight batch; g2 is free.
    const second = await receive(url, 10);
    expect(second.map((m) => m.Body)).toEqual(['g2-a', 'g2-b']);
    expect(await receive(url, 10)).toEqual([]);
    // Deleting g1's batch unblocks it, in order.
    for (const m of first) await emu.sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: m.ReceiptHandle }));
    expect((await receive(url, 10)).map((m) => m.Body)).toEqual(['g1-c']);
  });

  it('redelivers a group from its first undeleted message after the visibility timeout', async () => {
    const url = await createFifo({ VisibilityTimeout: '30' });
    for (const body of ['a', 'b', 'c']) await send(url, body, 'g');
    const batch = await receive(url, 2);
    await emu.sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: batch[0].ReceiptHandle }));
    emu.clock.advance(30_000);
    const again = await receive(url, 10);
    expect(again.map((m) => m.Body)).toEqual(['b', 'c']);
    expect(again[0].Attributes?.ApproximateReceiveCount).toBe('2');
  });

  it('deduplicates by explicit id and by content for 5 minutes', async () => {
    const url = await createFifo();
    const first = await send(url, 'one', 'g', 'dup');
    const again = await send(url, 'two', 'g', 'dup');
    expect(again.MessageId).toBe(first.MessageId);
    expect(again.SequenceNumber).toBe(first.SequenceNumber);
    // The duplicate's answer carries the first message's id but the MD5 of the body it sent.
    expect(again.MD5OfMessageBody).toBe(createHash('md5').update('two').digest('hex'));
    const a = (await emu.sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages'] }))).Attributes!;
    expect(a.ApproximateNumberOfMessages).toBe('1');
    emu.clock.advance(5 * 60_000);
    const later = await send(url, 'three', 'g', 'dup');
    expect(later.MessageId).not.toBe(first.MessageId);

    await emu.sqs.send(new SetQueueAttributesCommand({ QueueUrl: url, Attributes: { ContentBasedDeduplication: 'true' } }));
    const c1 = await emu.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'same body', MessageGroupId: 'g' }));
    const c2 = await emu.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'same body', MessageGroupId: 'g2' }));
    expect(c2.MessageId).toBe(c1.MessageId);
    const messages = await receive(url, 10);
    expect(messages.map((m) => m.Body)).toEqual(['one', 'three', 'same body']);
    expect(messages[2].Attributes?.MessageDeduplicationId).toMatch(/^[0-9a-f]{64}$/);
  });

  it('deduplicates per group with DeduplicationScope messageGroup', async () => {
    const url = await createFifo({ DeduplicationScope: 'messageGroup', FifoThroughputLimit: 'perMessageGroupId' });
    const a = await send(url, 'x', 'g1', 'same');
    const b = await send(url, 'x', 'g2', 'same');
    expect(b.MessageId).not.toBe(a.MessageId);
  });

  it('sends FIFO batches in order with sequence numbers', async () => {
    const url = await createFifo({ ContentBasedDeduplication: 'true' });
    const out = await emu.sqs.send(
      new SendMessageBatchCommand({ QueueUrl: url, Entries: ['1', '2', '3'].map((b) => ({ Id: `e${b}`, MessageBody: b, MessageGroupId: 'g' })) }),
    );
    expect(out.Successful?.every((s) => /^\d+$/.test(s.SequenceNumber ?? ''))).toBe(true);
    expect((await receive(url, 10)).map((m) => m.Body)).toEqual(['1', '2', '3']);
  });

  it('applies the queue DelaySeconds to FIFO messages', async () => {
    const url = await createFifo({ DelaySeconds: '10' });
    await send(url, 'd', 'g');
    expect(await receive(url)).toEqual([]);
    emu.clock.advance(10_000);
    expect((await receive(url)).map((m) => m.Body)).toEqual(['d']);
  });
});

describe('FIFO ReceiveRequestAttemptId', () => {
  it('returns the same messages and handles to a retried receive with the same attempt id', async () => {
    const url = await createFifo();
    for (const body of ['a', 'b']) await send(url, body, 'g');
    const attempt = (id: string) =>
      emu.sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, ReceiveRequestAttemptId: id })).then((o) => o.Messages ?? []);
    const first = await attempt('try-1');
    expect(first.map((m) => m.Body)).toEqual(['a', 'b']);
    const retried = await attempt('try-1');
    expect(retried.map((m) => [m.MessageId, m.ReceiptHandle])).toEqual(first.map((m) => [m.MessageId, m.ReceiptHandle]));
    // Another attempt id sees the group blocked by the in-flight batch.
    expect(await attempt('try-2')).toEqual([]);
    // Once a message of the batch is deleted the old attempt no longer replays.
    await emu.sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: first[0].ReceiptHandle }));
    expect(await attempt('try-1')).toEqual([]);
  });
});
