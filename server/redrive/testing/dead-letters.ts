import { CreateQueueCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import type { TestEmulator } from '../../emulator/testing';

/** Redrive tests: one queue attribute as SQS returns it. */
export async function queueAttribute(emu: TestEmulator, url: string, name: 'QueueArn' | 'ApproximateNumberOfMessages' | 'ApproximateNumberOfMessagesNotVisible'): Promise<string> {
  return (await emu.sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: [name] }))).Attributes?.[name] ?? '';
}

/**
 * Redrive tests: a source queue with a DLQ (maxReceiveCount 1) and `bodies` dead-lettered into it
 * through real receives, so each keeps its SentTimestamp and gets its DeadLetterQueueSourceArn.
 */
export async function deadLetterPair(emu: TestEmulator, prefix: string, bodies: string[]) {
  const dlqUrl = (await emu.sqs.send(new CreateQueueCommand({ QueueName: `${prefix}-dlq` }))).QueueUrl as string;
  const srcUrl = (
    await emu.sqs.send(
      new CreateQueueCommand({ QueueName: `${prefix}-src`, Attributes: { VisibilityTimeout: '0', RedrivePolicy: JSON.stringify({ deadLetterTargetArn: await queueAttribute(emu, dlqUrl, 'QueueArn'), maxReceiveCount: 1 }) } }),
    )
  ).QueueUrl as string;
  for (let i = 0; i < bodies.length; i += 10) {
    await emu.sqs.send(new SendMessageBatchCommand({ QueueUrl: srcUrl, Entries: bodies.slice(i, i + 10).map((MessageBody, j) => ({ Id: `m${j}`, MessageBody })) }));
  }
  while (Number(await queueAttribute(emu, dlqUrl, 'ApproximateNumberOfMessages')) < bodies.length) {
    await emu.sqs.send(new ReceiveMessageCommand({ QueueUrl: srcUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 0 }));
  }
  return { prefix, dlq: `${prefix}-dlq`, src: `${prefix}-src`, dlqUrl, srcUrl, bodies };
}

/** Redrive tests: every body in a queue, one per message, read after every lease has ended (the emulator's clock moves past them). */
export async function bodiesIn(emu: TestEmulator, url: string): Promise<string[]> {
  await emu.control('POST', '/_eddy/clock', { advanceMs: 60_000 });
  const seen = new Map<string, string>();
  for (let empty = 0; empty < 3; ) {
    const out = await emu.sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, VisibilityTimeout: 600 }));
    if (!out.Messages?.length) empty++;
    for (const m of out.Messages ?? []) seen.set(m.MessageId ?? '', m.Body ?? '');
  }
  return [...seen.values()];
}
