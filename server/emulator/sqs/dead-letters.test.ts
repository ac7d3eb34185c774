import {
  CancelMessageMoveTaskCommand,
  CreateQueueCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  ListMessageMoveTasksCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  StartMessageMoveTaskCommand,
  type Message,
} from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeTaskHandle } from './move-tasks';
import { startTestEmulator, type TestEmulator } from '../testing';

let emu: TestEmulator;
beforeAll(async () => {
  emu = await startTestEmulator();
});
afterAll(async () => {
  await emu.stop();
});

let counter = 0;
const unique = (base: string) => `${base}-${++counter}-${Math.random().toString(36).slice(2, 7)}`;
async function createQueue(name: string, Attributes?: Record<string, string>) {
  const url = (await emu.sqs.send(new CreateQueueCommand({ QueueName: name, Attributes }))).QueueUrl!;
  const arn = (await emu.sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }))).Attributes!.QueueArn!;
  return { url, arn };
}
/** A source queue and its DLQ, with `maxReceiveCount`. */
async function withDlq(maxReceiveCount: number, fifo = false) {
  const suffix = fifo ? '.fifo' : '';
  const fifoAttrs: Record<string, string> = fifo ? { FifoQueue: 'true', ContentBasedDeduplication: 'true' } : {};
  const dlq = await createQueue(`${unique('dlq')}${suffix}`, fifoAttrs);
  const source = await createQueue(`${unique('src')}${suffix}`, {
    ...fifoAttrs,
    RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq.arn, maxReceiveCount }),
  });
  return { dlq, source };
}
async function receive(QueueUrl: string, max = 10, extra: Record<string, unknown> = {}): Promise<Message[]> {
  return (
    (
      await emu.sqs.send(
        new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: max, MessageSystemAttributeNames: ['All'], MessageAttributeNames: ['All'], ...extra }),
      )
    ).Messages ?? []
  );
}
async function visible(QueueUrl: string) {
  const a = (await emu.sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['All'] }))).Attributes!;
  return Number(a.ApproximateNumberOfMessages) + Number(a.ApproximateNumberOfMessagesNotVisible) + Number(a.ApproximateNumberOfMessagesDelayed);
}
async function sendMany(QueueUrl: string, n: number, prefix = 'm') {
  for (let start = 0; start < n; start += 10) {
    const Entries = Array.from({ length: Math.min(10, n - start) }, (_, i) => ({ Id: `e${start + i}`, MessageBody: `${prefix}-${start + i}` }));
    await emu.sqs.send(new SendMessageBatchCommand({ QueueUrl, Entries }));
  }
}
/** Sends `n` messages and dead-letters them all with maxReceiveCount 1. */
async function deadLetterMany(source: string, n: number, prefix: string) {
  await sendMany(source, n, prefix);
  let got = 0;
  while (got < n) got += (await receive(source, 10, { VisibilityTimeout: 0 })).length;
  // The next attempt moves every message to the DLQ.
  while ((await receive(source, 10)).length > 0) {
    /* nothing: a message still under maxReceiveCount would be returned here */
  }
}
async function listTasks(SourceArn: string, MaxResults?: number) {
  return (await emu.sqs.send(new ListMessageMoveTasksCommand({ SourceArn, MaxResults }))).Results ?? [];
}
async function waitFor<T>(probe: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const value = await probe();
    if (done(value)) return value;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('condition not reached');
}

describe('dead-letter queues (§5.8)', () => {
  it('follows the AWS walk-through with maxReceiveCount 1', async () => {
    const { source, dlq } = await withDlq(1);
    const sent = await emu.sqs.send(
      new SendMessageCommand({
        QueueUrl: source.url,
        MessageBody: 'poison',
        MessageAttributes: { MyAttribute: { DataType: 'String', StringValue: 'foobar' } },
        MessageSystemAttributes: { AWSTraceHeader: { DataType: 'String', StringValue: 'Root=1-trace' } },
      }),
    );
    const [first] = await receive(source.url, 10, { VisibilityTimeout: 0 });
    expect(first.MessageId).toBe(sent.MessageId);
    expect(first.Attributes?.ApproximateReceiveCount).toBe('1');
    expect(first.Attributes?.DeadLetterQueueSourceArn).toBeUndefined();

    // The attempt after the last allowed receive returns nothing and moves the message.
    expect(await receive(source.url)).toEqual([]);
    expect(await visible(source.url)).toBe(0);

    const [dead] = await receive(dlq.url);
    expect(dead).toMatchObject({
      MessageId: sent.MessageId,
      Body: 'poison',
      MD5OfMessageAttributes: 'adb59cd4678ea5a855436b949cd07ab6',
      MessageAttributes: { MyAttribute: { DataType: 'String', StringValue: 'foobar' } },
    });
    expect(dead.Attributes).toMatchObject({
      ApproximateReceiveCount: '2',
      AWSTraceHeader: 'Root=1-trace',
      DeadLetterQueueSourceArn: source.arn,
      SentTimestamp: first.Attributes!.SentTimestamp,
    });
  });

  it('moves on the receive after maxReceiveCount receives, reporting maxReceiveCount+1 in the DLQ', async () => {
    const { source, dlq } = await withDlq(3);
    await emu.sqs.send(new SendMessageCommand({ QueueUrl: source.url, MessageBody: 'x' }));
    for (const expected of ['1', '2', '3']) {
      const [m] = await receive(source.url, 1, { VisibilityTimeout: 0 });
      expect(m.Attributes?.ApproximateReceiveCount).toBe(expected);
    }
    expect(await receive(source.url)).toEqual([]);
    const [dead] = await receive(dlq.url);
    expect(dead.Attributes?.ApproximateReceiveCount).toBe('4');
  });

  it('keeps the original sent time for retention in a standard DLQ', async () => {
    const dlq = await createQueue(unique('dlq'), { MessageRetentionPeriod: '120' });
    const source = await createQueue(unique('src'), { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq.arn, maxReceiveCount: 1 }) });
    await emu.sqs.send(new SendMessageCommand({ QueueUrl: source.url, MessageBody: 'x' }));
    await receive(source.url, 1, { VisibilityTimeout: 0 });
    emu.clock.advance(100_000);
    expect(await receive(source.url)).toEqual([]);
    expect(await visible(dlq.url)).toBe(1);
    // 100 s after the send + 20 s = the DLQ's 120 s retention, counted from the original send.
    emu.clock.advance(20_000);
    expect(await visible(dlq.url)).toBe(0);
  });

  it('resets the enqueue time in a FIFO DLQ', async () => {
    const { source, dlq } = await withDlq(1, true);
    await emu.sqs.send(new SendMessageCommand({ QueueUrl: source.url, MessageBody: 'x', MessageGroupId: 'g' }));
    await receive(source.url, 1, { VisibilityTimeout: 0 });
    emu.clock.advance(300_000);
    expect(await receive(source.url)).toEqual([]);
    const [dead] = await receive(dlq.url, 1, { VisibilityTimeout: 0 });
    expect(dead.Attributes).toMatchObject({ MessageGroupId: 'g', DeadLetterQueueSourceArn: source.arn });
    // 345,600 s of default retention from the move, not from the send.
    emu.clock.advance(345_600_000 - 300_000 + 1_000);
    expect(await visible(dlq.url)).toBe(1);
    emu.clock.advance(300_000);
    expect(await visible(dlq.url)).toBe(0);
  });
});

describe('message move tasks (§5.9)', () => {
  it('refuses a source that is not a DLQ, unknown queues, a bad rate and a second task', async () => {
    const plain = await createQueue(unique('plain'));
    await expect(emu.sqs.send(new StartMessageMoveTaskCommand({ SourceArn: plain.arn }))).rejects.toMatchObject({
      name: 'InvalidParameterValue',
      message: 'Source queue must be configured as a Dead Letter Queue.',
      $metadata: { httpStatusCode: 400 },
    });
    await expect(emu.sqs.send(new StartMessageMoveTaskCommand({ SourceArn: `${plain.arn}-nope` }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
      message: "The resource that you specified for the SourceArn parameter doesn't exist.",
      $metadata: { httpStatusCode: 404 },
    });
    const { source, dlq } = await withDlq(1);
    await expect(emu.sqs.send(new StartMessageMoveTaskCommand({ SourceArn: dlq.arn, DestinationArn: `${source.arn}-nope` }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
      message: "The resource that you specified for the DestinationArn parameter doesn't exist.",
      $metadata: { httpStatusCode: 404 },
    });
    await expect(emu.sqs.send(new StartMessageMoveTaskCommand({ SourceArn: dlq.arn, MaxNumberOfMessagesPerSecond: 501 }))).rejects.toMatchObject({
      name: 'InvalidParameterValue',
    });
    await deadLetterMany(source.url, 3, 'x');
    await emu.sqs.send(new StartMessageMoveTaskCommand({ SourceArn: dlq.arn, MaxNumberOfMessagesPerSecond: 1 }));
    await expect(emu.sqs.send(new StartMessageMoveTaskCommand({ SourceArn: dlq.arn }))).rejects.toMatchObject({
      name: 'InvalidParameterValue',
      message: 'There is already a task running. Only one active task is allowed for a source queue arn at a given time.',
    });
    await expect(listTasks(`${plain.arn}-nope`)).rejects.toMatchObject({ name: 'ResourceNotFoundException', $metadata: { httpStatusCode: 404 } });
  });

  it('moves messages back to their own sources when no destination is given, from several sources', async () => {
    const dlq = await createQueue(unique('dlq'));
    const policy = JSON.stringify({ deadLetterTargetArn: dlq.arn, maxReceiveCount: 1 });
    const a = await createQueue(unique('src-a'), { RedrivePolicy: policy });
    const b = await createQueue(unique('src-b'), { RedrivePolicy: policy });
    await deadLetterMany(a.url, 4, 'a');
    await deadLetterMany(b.url, 3, 'b');
    expect(await visible(dlq.url)).toBe(7);

    const { TaskHandle } = await emu.sqs.send(new StartMessageMoveTaskCommand({ SourceArn: dlq.arn }));
    expect(TaskHandle).toBeTruthy();
    const [done] = await waitFor(
      () => listTasks(dlq.arn),
      (r) => r[0]?.Status === 'COMPLETED',
    );
    expect(done).toEqual({
      Status: 'COMPLETED',
      SourceArn: dlq.arn,
      ApproximateNumberOfMessagesMoved: 7,
      ApproximateNumberOfMessagesToMove: 7,
      StartedTimestamp: expect.any(Number),
    });
    expect(done.StartedTimestamp).toBeGreaterThan(1_600_000_000_000);
    expect(await visible(dlq.url)).toBe(0);
    const backInA = await receive(a.url);
    const backInB = await receive(b.url);
    expect(backInA.map((m) => m.Body).sort()).toEqual(['a-0', 'a-1', 'a-2', 'a-3']);
    expect(backInB.map((m) => m.Body).sort()).toEqual(['b-0', 'b-1', 'b-2']);
    // Redriven messages start over: they are not dead-lettered again at once.
    expect(backInA[0].Attributes?.ApproximateReceiveCount).toBe('1');
    expect(backInA[0].Attributes?.DeadLetterQueueSourceArn).toBeUndefined();
  });

  it('honours MaxNumberOfMessagesPerSecond on the emulator clock, and lists tasks newest first with the handle only while RUNNING', async () => {
    const { source, dlq } = await withDlq(1);
    const target = await createQueue(unique('target'));
    await deadLetterMany(source.url, 10, 'r');
    const before = Date.now();
    const { TaskHandle } = await emu.sqs.send(
      new StartMessageMoveTaskCommand({ SourceArn: dlq.arn, DestinationArn: target.arn, MaxNumberOfMessagesPerSecond: 2 }),
    );
    // At 2 per emulator second, the first at once: at most this many by `elapsedMs` plus `advancedMs`.
    const allowedBy = (advancedMs: number) => Math.floor(((Date.now() - before + advancedMs) * 2) / 1000) + 1;
    await new Promise((r) => setTimeout(r, 150));
    const [running] = await listTasks(dlq.arn);
    expect(running).toMatchObject({
      Status: 'RUNNING',
      TaskHandle,
      DestinationArn: target.arn,
      MaxNumberOfMessagesPerSecond: 2,
      ApproximateNumberOfMessagesToMove: 10,
    });
    expect(running.ApproximateNumberOfMessagesMoved).toBeGreaterThanOrEqual(1);
    expect(running.ApproximateNumberOfMessagesMoved).toBeLessThanOrEqual(allowedBy(0));
    // 2 s of emulator time allow 1 + 2 × 2 = 5 moves at least; real time alone would allow ~1.
    await emu.control('POST', '/_eddy/clock', { advanceMs: 2_000 });
    const [partial] = await listTasks(dlq.arn);
    expect(partial.ApproximateNumberOfMessagesMoved).toBeGreaterThanOrEqual(5);
    expect(partial.ApproximateNumberOfMessagesMoved).toBeLessThanOrEqual(Math.min(10, allowedBy(2_000)));
    await emu.control('POST', '/_eddy/clock', { advanceMs: 10_000 });
    const [finished] = await listTasks(dlq.arn);
    expect(finished.Status).toBe('COMPLETED');
    expect(finished.TaskHandle).toBeUndefined();
    expect(finished.ApproximateNumberOfMessagesMoved).toBe(10);
    expect(await visible(target.url)).toBe(10);

    // A second task: the list is newest first and MaxResults defaults to 1.
    await deadLetterMany(source.url, 1, 's');
    await emu.sqs.send(new StartMessageMoveTaskCommand({ SourceArn: dlq.arn, DestinationArn: target.arn }));
    await waitFor(() => listTasks(dlq.arn), (r) => r[0]?.Status === 'COMPLETED');
    expect(await listTasks(dlq.arn)).toHaveLength(1);
    const both = await listTasks(dlq.arn, 10);
    expect(both).toHaveLength(2);
    expect(both[0].ApproximateNumberOfMessagesToMove).toBe(1);
    expect(both[1].ApproximateNumberOfMessagesToMove).toBe(10);
    expect(both[0].StartedTimestamp!).toBeGreaterThanOrEqual(both[1].StartedTimestamp!);
    await expect(listTasks(dlq.arn, 11)).rejects.toMatchObject({ name: 'InvalidParameterValue' });
  });

  it('cancels a running task, returning what it moved, and refuses bad handles', async () => {
    const { source, dlq } = await withDlq(1);
    await deadLetterMany(source.url, 6, 'c');
    const { TaskHandle } = await emu.sqs.send(new StartMessageMoveTaskCommand({ SourceArn: dlq.arn, MaxNumberOfMessagesPerSecond: 1 }));
    await emu.control('POST', '/_eddy/clock', { advanceMs: 1_000 });
    const cancelled = await emu.sqs.send(new CancelMessageMoveTaskCommand({ TaskHandle }));
    expect(cancelled.ApproximateNumberOfMessagesMoved).toBeGreaterThanOrEqual(2);
    expect(cancelled.ApproximateNumberOfMessagesMoved).toBeLessThan(6);
    const [task] = await listTasks(dlq.arn);
    expect(task.Status).toBe('CANCELLED');
    expect(task.TaskHandle).toBeUndefined();
    // Moved messages stay moved; the rest stay in the DLQ; nothing is lost.
    await emu.control('POST', '/_eddy/clock', { advanceMs: 60_000 });
    expect((await listTasks(dlq.arn))[0].ApproximateNumberOfMessagesMoved).toBe(cancelled.ApproximateNumberOfMessagesMoved);
    expect((await visible(source.url)) + (await visible(dlq.url))).toBe(6);
    expect(await visible(source.url)).toBe(cancelled.ApproximateNumberOfMessagesMoved);

    await expect(emu.sqs.send(new CancelMessageMoveTaskCommand({ TaskHandle }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
      message: 'Task does not exist.',
      $metadata: { httpStatusCode: 404 },
    });
    await expect(emu.sqs.send(new CancelMessageMoveTaskCommand({ TaskHandle: 'not-a-handle' }))).rejects.toMatchObject({
      name: 'InvalidParameterValue',
      message: 'Value for parameter TaskHandle is invalid.',
      $metadata: { httpStatusCode: 400 },
    });
    await expect(
      emu.sqs.send(new CancelMessageMoveTaskCommand({ TaskHandle: encodeTaskHandle('x', `${dlq.arn}-gone`) })),
    ).rejects.toMatchObject({ name: 'ResourceNotFoundException', message: "The resource that you specified for the SourceArn parameter doesn't exist." });
    await expect(emu.sqs.send(new CancelMessageMoveTaskCommand({ TaskHandle: encodeTaskHandle('unknown', dlq.arn) }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
      message: 'Task does not exist.',
    });
  });

  it('fails with NonExistentQueue when the destination is deleted mid-task, losing no message', async () => {
    const { source, dlq } = await withDlq(1);
    const target = await createQueue(unique('target'));
    await deadLetterMany(source.url, 10, 'f');
    await emu.sqs.send(new StartMessageMoveTaskCommand({ SourceArn: dlq.arn, DestinationArn: target.arn, MaxNumberOfMessagesPerSecond: 1 }));
    await emu.control('POST', '/_eddy/clock', { advanceMs: 2_000 });
    expect((await listTasks(dlq.arn))[0].ApproximateNumberOfMessagesMoved).toBeGreaterThanOrEqual(3);
    // Count what reached the destination and delete it in one synchronous step, behind the wire,
    // so that no move can land between the count and the delete.
    const service = emu.services.sqs;
    const atTarget = service.queue(target.url)!.byId.size;
    service.handle('DeleteQueue', { QueueUrl: target.url }, { region: 'us-east-1', accountId: '000000000000', origin: emu.url, requestId: 'test' });
    expect(atTarget).toBeGreaterThanOrEqual(3);
    await emu.control('POST', '/_eddy/clock', { advanceMs: 5_000 });
    const [failed] = await listTasks(dlq.arn);
    expect(failed).toMatchObject({
      Status: 'FAILED',
      FailureReason: 'AWS.SimpleQueueService.NonExistentQueue',
      ApproximateNumberOfMessagesMoved: atTarget,
      ApproximateNumberOfMessagesToMove: 10,
    });
    expect(failed.TaskHandle).toBeUndefined();
    // Every message is either still in the DLQ or was in the destination when it was deleted.
    expect((await visible(dlq.url)) + atTarget).toBe(10);
    expect(await visible(source.url)).toBe(0);
  });

  it('keeps every message exactly once while a fast task races consumers', async () => {
    const { source, dlq } = await withDlq(1);
    await deadLetterMany(source.url, 40, 'race');
    await emu.sqs.send(new StartMessageMoveTaskCommand({ SourceArn: dlq.arn }));
    const seen = new Set<string>();
    for (let i = 0; i < 40 && seen.size < 40; i++) {
      for (const m of await receive(source.url, 10)) {
        expect(seen.has(m.Body!)).toBe(false);
        seen.add(m.Body!);
        await emu.sqs.send(new DeleteMessageCommand({ QueueUrl: source.url, ReceiptHandle: m.ReceiptHandle }));
      }
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(seen.size).toBe(40);
    expect(await visible(dlq.url)).toBe(0);
  });
});

describe('FIFO dead letters', () => {
  it('dead-letters a whole group in order without skipping a message', async () => {
    const { source, dlq } = await withDlq(1, true);
    for (const body of ['a', 'b', 'c']) await emu.sqs.send(new SendMessageCommand({ QueueUrl: source.url, MessageBody: body, MessageGroupId: 'g' }));
    expect((await receive(source.url, 10, { VisibilityTimeout: 0 })).map((m) => m.Body)).toEqual(['a', 'b', 'c']);
    expect(await receive(source.url)).toEqual([]);
    expect(await visible(source.url)).toBe(0);
    const dead = await receive(dlq.url);
    expect(dead.map((m) => m.Body)).toEqual(['a', 'b', 'c']);
    expect(dead.every((m) => m.Attributes?.ApproximateReceiveCount === '2')).toBe(true);
  });
});
