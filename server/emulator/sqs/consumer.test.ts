import { CreateQueueCommand, GetQueueAttributesCommand, SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import { Consumer } from 'sqs-consumer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEmulator, type TestEmulator } from '../testing';

let emu: TestEmulator;
beforeAll(async () => {
  emu = await startTestEmulator();
});
afterAll(async () => {
  await emu.stop();
});

describe('third-party client: sqs-consumer 14', () => {
  it('drains 50 messages against the emulator unchanged', async () => {
    const { QueueUrl } = await emu.sqs.send(new CreateQueueCommand({ QueueName: `consumer-${Date.now()}` }));
    for (let start = 0; start < 50; start += 10) {
      await emu.sqs.send(
        new SendMessageBatchCommand({
          QueueUrl,
          Entries: Array.from({ length: 10 }, (_, i) => ({
            Id: `m${start + i}`,
            MessageBody: JSON.stringify({ n: start + i }),
            MessageAttributes: { kind: { DataType: 'String', StringValue: 'test' } },
          })),
        }),
      );
    }
    const handled = new Set<number>();
    const errors: Error[] = [];
    const consumer = Consumer.create({
      queueUrl: QueueUrl!,
      sqs: emu.sqs,
      batchSize: 10,
      waitTimeSeconds: 1,
      messageAttributeNames: ['All'],
      handleMessage: async (message) => {
        handled.add((JSON.parse(message.Body!) as { n: number }).n);
        return message;
      },
    });
    consumer.on('error', (e) => errors.push(e));
    consumer.on('processing_error', (e) => errors.push(e));
    const drained = new Promise<void>((resolve) => {
      consumer.on('message_processed', () => {
        if (handled.size === 50) resolve();
      });
    });
    consumer.start();
    try {
      await drained;
    } finally {
      consumer.stop({ abort: true });
    }
    expect(errors).toEqual([]);
    expect(handled.size).toBe(50);
    // sqs-consumer deletes after handling; give its last DeleteMessage a moment to land.
    let attributes: Record<string, string> = {};
    for (let i = 0; i < 100; i++) {
      attributes = (await emu.sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['All'] }))).Attributes!;
      if (attributes.ApproximateNumberOfMessages === '0' && attributes.ApproximateNumberOfMessagesNotVisible === '0') break;
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(attributes.ApproximateNumberOfMessages).toBe('0');
    expect(attributes.ApproximateNumberOfMessagesNotVisible).toBe('0');
  });
});
