import {
  ChangeMessageVisibilityBatchCommand,
  ChangeMessageVisibilityCommand,
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  PurgeQueueCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  SetQueueAttributesCommand,
  type Message,
} from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { md5OfMessageAttributes } from './md5';
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
async function createQueue(Attributes?: Record<string, string>, name = unique('q')) {
  return (await emu.sqs.send(new CreateQueueCommand({ QueueName: name, Attributes }))).QueueUrl!;
}
async function counts(QueueUrl: string) {
  const a = (await emu.sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['All'] }))).Attributes!;
  return { visible: Number(a.ApproximateNumberOfMessages), inflight: Number(a.ApproximateNumberOfMessagesNotVisible), delayed: Number(a.ApproximateNumberOfMessagesDelayed) };
}
async function receive(QueueUrl: string, extra: Partial<ConstructorParameters<typeof ReceiveMessageCommand>[0]> = {}): Promise<Message[]> {
  return (await emu.sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, ...extra }))).Messages ?? [];
}
/** POSTs a raw AWS JSON request, to see fields the SDK hides. */
async function raw(operation: string, body: unknown) {
  const res = await fetch(emu.url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': `AmazonSQS.${operation}`, 'x-amzn-query-mode': 'true' },
    body: JSON.stringify(body),
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, unknown> };
}

const attrs = {
  MyAttribute: { DataType: 'String', StringValue: 'foobar' },
  'trace.id': { DataType: 'String', StringValue: 'abc' },
  'trace.span': { DataType: 'Number.int', StringValue: '7' },
  blob: { DataType: 'Binary', BinaryValue: new Uint8Array([0, 1, 2, 255]) },
};

describe('SendMessage', () => {
  it('returns the body MD5 the SDK checks and the attribute MD5 of §5.6', async () => {
    const url = await createQueue();
    const out = await emu.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'hello', MessageAttributes: { MyAttribute: attrs.MyAttribute } }));
    expect(out.MD5OfMessageBody).toBe('5d41402abc4b2a76b9719d911017c592');
    expect(out.MD5OfMessageAttributes).toBe('adb59cd4678ea5a855436b949cd07ab6');
    expect(out.MD5OfMessageSystemAttributes).toBeUndefined();
    expect(out.MessageId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('omits MD5OfMessageAttributes without attributes and adds the system MD5 only when sent (§5.3)', async () => {
    const url = await createQueue();
    const plain = await raw('SendMessage', { QueueUrl: url, MessageBody: 'x' });
    expect(Object.keys(plain.body).sort()).toEqual(['MD5OfMessageBody', 'MessageId']);
    const traced = await emu.sqs.send(
      new SendMessageCommand({ QueueUrl: url, MessageBody: 'x', MessageSystemAttributes: { AWSTraceHeader: { DataType: 'String', StringValue: 'Root=1-abc' } } }),
    );
    expect(traced.MD5OfMessageSystemAttributes).toBe(md5OfMessageAttributes({ AWSTraceHeader: { DataType: 'String', StringValue: 'Root=1-abc' } }));
    expect(traced.MD5OfMessageAttributes).toBeUndefined();
  });

  it('counts body and attributes against MaximumMessageSize', async () => {
    const url = await createQueue({ MaximumMessageSize: '1024' });
    await emu.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'x'.repeat(1024) }));
    await expect(emu.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'x'.repeat(1025) }))).rejects.toMatchObject({
      name: 'InvalidParameterValue',
      message: 'One or more parameters cannot be validated. Reason: Message must be shorter than 1024 bytes.',
    });
    // 1000 + "a" + "String" + 20 bytes = 1027 > 1024.
    await expect(
      emu.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'x'.repeat(1000), MessageAttributes: { a: { DataType: 'String', StringValue: 'y'.repeat(20) } } })),
    ).rejects.toMatchObject({ name: 'InvalidParameterValue' });
  });

  it.each([
    ['a NUL character', 'a\u0000b'],
    ['a vertical tab', 'a\u000bb'],
    ['U+FFFF', 'a\uffffb'],
  ])('refuses a body with %s as InvalidMessageContents', async (_, body) => {
    const url = await createQueue();
    await expect(emu.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: body }))).rejects.toMatchObject({ name: 'InvalidMessageContents' });
  });

  it('accepts emoji, tabs and newlines and returns them intact', async () => {
    const url = await createQueue();
    const body = 'tab\there\nline 😀 é';
    await emu.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: body }));
    expect((await receive(url))[0].Body).toBe(body);
  });

  it.each([
    ['an empty body', { MessageBody: '' }, 'MissingParameter'],
    ['a reserved attribute name', { MessageBody: 'x', MessageAttributes: { 'AWS.x': { DataType: 'String', StringValue: 'v' } } }, 'InvalidParameterValue'],
    ['an attribute of an unknown type', { MessageBody: 'x', MessageAttributes: { a: { DataType: 'Text', StringValue: 'v' } } }, 'InvalidParameterValue'],
    ['an attribute without a value', { MessageBody: 'x', MessageAttributes: { a: { DataType: 'String' } } }, 'InvalidParameterValue'],
    ['a Number that is not one', { MessageBody: 'x', MessageAttributes: { a: { DataType: 'Number', StringValue: 'one' } } }, 'InvalidParameterValue'],
    ['DelaySeconds 901', { MessageBody: 'x', DelaySeconds: 901 }, 'InvalidParameterValue'],
    ['a MessageDeduplicationId on a standard queue', { MessageBody: 'x', MessageDeduplicationId: 'd' }, 'InvalidParameterValue'],
  ])('refuses %s', async (_, input, code) => {
    const url = await createQueue();
    await expect(emu.sqs.send(new SendMessageCommand({ QueueUrl: url, ...(input as object) } as never))).rejects.toMatchObject({ name: code });
  });

  it('delays a message by its DelaySeconds, then by the queue DelaySeconds, on the emulator clock', async () => {
    const url = await createQueue();
    await emu.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'later', DelaySeconds: 30 }));
    expect(await counts(url)).toEqual({ visible: 0, inflight: 0, delayed: 1 });
    expect(await receive(url)).toEqual([]);
    emu.clock.advance(30_000);
    expect((await receive(url, { VisibilityTimeout: 3600 })).map((m) => m.Body)).toEqual(['later']);

    await emu.sqs.send(new SetQueueAttributesCommand({ QueueUrl: url, Attributes: { DelaySeconds: '60' } }));
    await emu.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'queue-delayed' }));
    emu.clock.advance(59_000);
    expect(await receive(url)).toEqual([]);
    emu.clock.advance(1_000);
    expect((await receive(url, { VisibilityTimeout: 3600 })).map((m) => m.Body)).toEqual(['queue-delayed']);
    // A per-message 0 overrides the queue's delay.
    await emu.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'now', DelaySeconds: 0 }));
    expect((await receive(url)).map((m) => m.Body)).toEqual(['now']);
  });
});

describe('SendMessageBatch', () => {
  it('sends up to 10 entries and reports per-entry failures in Failed', async () => {
    const url = await createQueue({ MaximumMessageSize: '1024' });
    const out = await emu.sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: url,
        Entries: [
          { Id: 'ok-1', MessageBody: 'one', MessageAttributes: { MyAttribute: attrs.MyAttribute } },
          { Id: 'too_big', MessageBody: 'x'.repeat(1025) },
          { Id: 'ok-2', MessageBody: 'two', DelaySeconds: 5 },
        ],
      }),
    );
    expect(out.Successful?.map((s) => s.Id)).toEqual(['ok-1', 'ok-2']);
    expect(out.Successful?.[0]).toMatchObject({ MD5OfMessageBody: 'f97c5d29941bfb1b2fdab0874906ab82', MD5OfMessageAttributes: 'adb59cd4678ea5a855436b949cd07ab6' });
    expect(out.Failed).toEqual([
      { Id: 'too_big', SenderFault: true, Code: 'InvalidParameterValue', Message: 'One or more parameters cannot be validated. Reason: Message must be shorter than 1024 bytes.' },
    ]);
    expect(await counts(url)).toEqual({ visible: 1, inflight: 0, delayed: 1 });
  });

  it.each([
    ['no entries', [] as { Id: string; MessageBody: string }[], 'EmptyBatchRequest', undefined],
    ['20 entries', Array.from({ length: 20 }, (_, i) => ({ Id: `m${i}`, MessageBody: 'x' })), 'TooManyEntriesInBatchRequest', 'Maximum number of entries per request are 10. You have sent 20.'],
    ['repeated ids', [{ Id: 'a', MessageBody: 'x' }, { Id: 'a', MessageBody: 'y' }], 'BatchEntryIdsNotDistinct', undefined],
    ['a bad id', [{ Id: 'bad id', MessageBody: 'x' }], 'InvalidBatchEntryId', undefined],
    [
      'more than 1 MiB in total',
      [
        { Id: 'a', MessageBody: 'x'.repeat(600_000) },
        { Id: 'b', MessageBody: 'x'.repeat(448_577) },
      ],
      'BatchRequestTooLong',
      'Batch requests cannot be longer than 1048576 bytes. You have sent 1048577 bytes.',
    ],
  ])('refuses %s', async (_, Entries, name, message) => {
    const url = await createQueue();
    const error = await emu.sqs.send(new SendMessageBatchCommand({ QueueUrl: url, Entries })).catch((e: unknown) => e);
    expect(error).toMatchObject({ name, $metadata: { httpStatusCode: 400 }, Error: { Code: `AWS.SimpleQueueService.${name}` } });
    if (message) expect((error as Error).message).toBe(message);
  });
});

describe('ReceiveMessage', () => {
  it('refuses MaxNumberOfMessages 11 with the real wording', async () => {
    const url = await createQueue();
    await expect(receive(url, { MaxNumberOfMessages: 11 })).rejects.toMatchObject({
      name: 'InvalidParameterValue',
      message: 'Value 11 for parameter MaxNumberOfMessages is invalid. Reason: Must be between 1 and 10, if provided.',
    });
    await expect(receive(url, { MaxNumberOfMessages: 0 })).rejects.toMatchObject({ name: 'InvalidParameterValue' });
    await expect(receive(url, { WaitTimeSeconds: 21 })).rejects.toMatchObject({ name: 'InvalidParameterValue' });
  });

  it('returns at most MaxNumberOfMessages, default 1', async () => {
    const url = await createQueue();
    await emu.sqs.send(new SendMessageBatchCommand({ QueueUrl: url, Entries: Array.from({ length: 10 }, (_, i) => ({ Id: `m${i}`, MessageBody: `b${i}` })) }));
    expect(await emu.sqs.send(new ReceiveMessageCommand({ QueueUrl: url })).then((o) => o.Messages?.length)).toBe(1);
    expect(await receive(url, { MaxNumberOfMessages: 4 })).toHaveLength(4);
    expect(await receive(url)).toHaveLength(5);
    expect(await counts(url)).toEqual({ visible: 0, inflight: 10, delayed: 0 });
  });

  it('returns system attributes through MessageSystemAttributeNames and the deprecated AttributeNames', async () => {
    const url = await createQueue();
    const sentAt = emu.clock.now();
    await emu.sqs.send(
      new SendMessageCommand({ QueueUrl: url, MessageBody: 'sys', MessageSystemAttributes: { AWSTraceHeader: { DataType: 'String', StringValue: 'Root=1-x' } } }),
    );
    const [viaNew] = await receive(url, { MessageSystemAttributeNames: ['All'], VisibilityTimeout: 0 });
    expect(viaNew.Attributes).toEqual({
      SenderId: '000000000000',
      SentTimestamp: expect.stringMatching(/^\d{13}$/),
      ApproximateReceiveCount: '1',
      ApproximateFirstReceiveTimestamp: expect.stringMatching(/^\d{13}$/),
      AWSTraceHeader: 'Root=1-x',
    });
    expect(Number(viaNew.Attributes!.SentTimestamp)).toBeGreaterThanOrEqual(sentAt - 5);
    // The SDK types the deprecated list as QueueAttributeName[], but AWS reads message attribute names from it.
    const [viaOld] = await receive(url, { AttributeNames: ['ApproximateReceiveCount', 'SentTimestamp'] as never });
    expect(Object.keys(viaOld.Attributes!).sort()).toEqual(['ApproximateReceiveCount', 'SentTimestamp']);
    expect(viaOld.Attributes!.ApproximateReceiveCount).toBe('2');
    // The first-receive timestamp stays the first one.
    expect(viaOld.Attributes!.SentTimestamp).toBe(viaNew.Attributes!.SentTimestamp);
  });

  it('filters message attributes by All, .*, prefix.* and names, with the MD5 of the returned subset', async () => {
    const url = await createQueue();
    await emu.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'a', MessageAttributes: attrs }));
    const get = async (names?: string[]) => (await receive(url, { MessageAttributeNames: names, VisibilityTimeout: 0 }))[0];

    const none = await get();
    expect(none.MessageAttributes).toBeUndefined();
    expect(none.MD5OfMessageAttributes).toBeUndefined();

    for (const all of [['All'], ['.*']]) {
      const m = await get(all);
      expect(Object.keys(m.MessageAttributes!).sort()).toEqual(['MyAttribute', 'blob', 'trace.id', 'trace.span']);
      expect(m.MessageAttributes!.blob.BinaryValue).toEqual(new Uint8Array([0, 1, 2, 255]));
      expect(m.MD5OfMessageAttributes).toBe(
        md5OfMessageAttributes({
          MyAttribute: attrs.MyAttribute,
          'trace.id': attrs['trace.id'],
          'trace.span': attrs['trace.span'],
          blob: { DataType: 'Binary', BinaryValue: Buffer.from([0, 1, 2, 255]).toString('base64') },
        }),
      );
    }
    const prefixed = await get(['trace.*']);
    expect(Object.keys(prefixed.MessageAttributes!).sort()).toEqual(['trace.id', 'trace.span']);
    expect(prefixed.MD5OfMessageAttributes).toBe(md5OfMessageAttributes({ 'trace.id': attrs['trace.id'], 'trace.span': attrs['trace.span'] }));
    const named = await get(['MyAttribute', 'missing']);
    expect(named.MessageAttributes).toEqual({ MyAttribute: attrs.MyAttribute });
    expect(named.MD5OfMessageAttributes).toBe('adb59cd4678ea5a855436b949cd07ab6');
    const nothing = await get(['missing']);
    expect(nothing.MD5OfMessageAttributes).toBeUndefined();
  });

  it('issues a new ReceiptHandle on every receive; only the latest deletes', async () => {
    const url = await createQueue();
    await emu.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'x' }));
    const [first] = await receive(url, { VisibilityTimeout: 0 });
    const [second] = await receive(url, { VisibilityTimeout: 0 });
    expect(second.MessageId).toBe(first.MessageId);
    expect(second.ReceiptHandle).not.toBe(first.ReceiptHandle);
    // The old handle "succeeds but might not delete".
    await emu.sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: first.ReceiptHandle }));
    expect((await counts(url)).visible).toBe(1);
    await emu.sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: second.ReceiptHandle }));
    expect(await counts(url)).toEqual({ visible: 0, inflight: 0, delayed: 0 });
  });

  it('hides a received message for the VisibilityTimeout, then delivers it again', async () => {
    const url = await createQueue({ VisibilityTimeout: '45' });
    await emu.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'x' }));
    expect(await receive(url)).toHaveLength(1);
    expect(await counts(url)).toEqual({ visible: 0, inflight: 1, delayed: 0 });
    emu.clock.advance(44_000);
    expect(await receive(url)).toHaveLength(0);
    emu.clock.advance(1_000);
    const again = await receive(url, { VisibilityTimeout: 10, MessageSystemAttributeNames: ['ApproximateReceiveCount'] });
    expect(again[0].Attributes?.ApproximateReceiveCount).toBe('2');
    emu.clock.advance(10_000);
    expect(await receive(url)).toHaveLength(1);
  });

  it('long-polls: waits, and returns as soon as a message is sent', async () => {
    const url = await createQueue();
    const started = Date.now();
    const polling = receive(url, { WaitTimeSeconds: 20 });
    await new Promise((r) => setTimeout(r, 100));
    await emu.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'wake' }));
    const messages = await polling;
    expect(messages.map((m) => m.Body)).toEqual(['wake']);
    // Far less than the 20 s it may wait: it returned because of the send.
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  it('long-polls with the queue ReceiveMessageWaitTimeSeconds and wakes when a visibility timeout is changed to 0', async () => {
    const url = await createQueue({ ReceiveMessageWaitTimeSeconds: '20' });
    await emu.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'x' }));
    const [m] = await receive(url);
    const polling = receive(url);
    await new Promise((r) => setTimeout(r, 100));
    await emu.sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: url, ReceiptHandle: m.ReceiptHandle, VisibilityTimeout: 0 }));
    expect((await polling).map((x) => x.MessageId)).toEqual([m.MessageId]);
  });

  it('accepts a MessageGroupId on a standard queue (fair queues) and returns it', async () => {
    const url = await createQueue();
    await emu.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'tenant', MessageGroupId: 'tenant-1' }));
    const [m] = await receive(url, { MessageSystemAttributeNames: ['MessageGroupId', 'SequenceNumber'] });
    expect(m.Attributes).toEqual({ MessageGroupId: 'tenant-1' });
  });

  it('ends a short poll with no messages at once', async () => {
    const url = await createQueue();
    expect(await receive(url, { WaitTimeSeconds: 0 })).toEqual([]);
    expect((await raw('ReceiveMessage', { QueueUrl: url })).body).toEqual({});
  });
});

describe('DeleteMessage / ChangeMessageVisibility', () => {
  it('answers a malformed receipt handle with ReceiptHandleIsInvalid (404)', async () => {
    const url = await createQueue();
    await expect(emu.sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: 'garbage' }))).rejects.toMatchObject({
      name: 'ReceiptHandleIsInvalid',
      $metadata: { httpStatusCode: 404 },
    });
    await expect(
      emu.sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: url, ReceiptHandle: 'garbage', VisibilityTimeout: 1 })),
    ).rejects.toMatchObject({ name: 'ReceiptHandleIsInvalid' });
  });

  it('restarts the visibility timer from the call and refuses messages not in flight', async () => {
    const url = await createQueue();
    await emu.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'x' }));
    const [m] = await receive(url, { VisibilityTimeout: 10 });
    emu.clock.advance(8_000);
    await emu.sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: url, ReceiptHandle: m.ReceiptHandle, VisibilityTimeout: 10 }));
    emu.clock.advance(8_000);
    expect(await receive(url)).toHaveLength(0);
    emu.clock.advance(2_000);
    const [again] = await receive(url, { VisibilityTimeout: 0 });
    expect(again.MessageId).toBe(m.MessageId);
    // Visible now (timeout 0): not in flight.
    await expect(
      emu.sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: url, ReceiptHandle: again.ReceiptHandle, VisibilityTimeout: 5 })),
    ).rejects.toMatchObject({ name: 'MessageNotInflight', Error: { Code: 'AWS.SimpleQueueService.MessageNotInflight' } });
    const [third] = await receive(url);
    await expect(
      emu.sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: url, ReceiptHandle: third.ReceiptHandle, VisibilityTimeout: 43_201 })),
    ).rejects.toMatchObject({ name: 'InvalidParameterValue' });
  });

  it('deletes and changes visibility in batches with per-entry failures', async () => {
    const url = await createQueue();
    await emu.sqs.send(new SendMessageBatchCommand({ QueueUrl: url, Entries: [0, 1, 2].map((i) => ({ Id: `m${i}`, MessageBody: `b${i}` })) }));
    const messages = await receive(url, { VisibilityTimeout: 30 });
    expect(messages).toHaveLength(3);
    const changed = await emu.sqs.send(
      new ChangeMessageVisibilityBatchCommand({
        QueueUrl: url,
        Entries: [
          { Id: 'c0', ReceiptHandle: messages[0].ReceiptHandle, VisibilityTimeout: 0 },
          { Id: 'bad', ReceiptHandle: 'nope', VisibilityTimeout: 0 },
        ],
      }),
    );
    expect(changed.Successful).toEqual([{ Id: 'c0' }]);
    expect(changed.Failed).toEqual([expect.objectContaining({ Id: 'bad', Code: 'ReceiptHandleIsInvalid', SenderFault: true })]);
    expect(await counts(url)).toEqual({ visible: 1, inflight: 2, delayed: 0 });

    const deleted = await emu.sqs.send(
      new DeleteMessageBatchCommand({
        QueueUrl: url,
        Entries: [
          { Id: 'd1', ReceiptHandle: messages[1].ReceiptHandle },
          { Id: 'd2', ReceiptHandle: messages[2].ReceiptHandle },
          { Id: 'bad', ReceiptHandle: '' },
        ],
      }),
    );
    expect(deleted.Successful).toEqual([{ Id: 'd1' }, { Id: 'd2' }]);
    expect(deleted.Failed?.map((f) => f.Code)).toEqual(['ReceiptHandleIsInvalid']);
    expect(await counts(url)).toEqual({ visible: 1, inflight: 0, delayed: 0 });
  });
});

describe('PurgeQueue and retention', () => {
  it('purges visible and in-flight messages, once per 60 s (403 PurgeQueueInProgress)', async () => {
    const name = unique('purge');
    const url = await createQueue(undefined, name);
    await emu.sqs.send(new SendMessageBatchCommand({ QueueUrl: url, Entries: [0, 1, 2].map((i) => ({ Id: `m${i}`, MessageBody: `b${i}` })) }));
    await receive(url, { MaxNumberOfMessages: 1 });
    await emu.sqs.send(new PurgeQueueCommand({ QueueUrl: url }));
    expect(await counts(url)).toEqual({ visible: 0, inflight: 0, delayed: 0 });
    await expect(emu.sqs.send(new PurgeQueueCommand({ QueueUrl: url }))).rejects.toMatchObject({
      name: 'PurgeQueueInProgress',
      message: `Only one PurgeQueue operation on ${name} is allowed every 60 seconds.`,
      $metadata: { httpStatusCode: 403 },
      Error: { Code: 'AWS.SimpleQueueService.PurgeQueueInProgress' },
    });
    emu.clock.advance(60_000);
    await emu.sqs.send(new PurgeQueueCommand({ QueueUrl: url }));
  });

  it('drops a message older than MessageRetentionPeriod on the emulator clock', async () => {
    const url = await createQueue({ MessageRetentionPeriod: '60' });
    await emu.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'old' }));
    emu.clock.advance(30_000);
    await emu.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'young' }));
    const [inflight] = await receive(url, { MaxNumberOfMessages: 1 });
    expect(inflight.Body).toBe('old');
    emu.clock.advance(30_000);
    // "old" expires even while in flight; "young" has 30 s left.
    expect(await counts(url)).toEqual({ visible: 1, inflight: 0, delayed: 0 });
    emu.clock.advance(30_000);
    expect(await counts(url)).toEqual({ visible: 0, inflight: 0, delayed: 0 });
    expect(await receive(url)).toEqual([]);
  });
});

describe('faults', () => {
  it('injects an error on AmazonSQS.SendMessage through /_eddy/faults', async () => {
    const url = await createQueue();
    await emu.control('POST', '/_eddy/faults', { rules: [{ target: 'AmazonSQS.SendMessage', error: 'RequestThrottled' }] });
    try {
      await expect(emu.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'x' }))).rejects.toMatchObject({
        name: 'RequestThrottled',
        $metadata: { httpStatusCode: 403 },
      });
      // Other operations still work.
      expect(await receive(url)).toEqual([]);
    } finally {
      await emu.control('DELETE', '/_eddy/faults');
    }
    await emu.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'x' }));
    expect((await counts(url)).visible).toBe(1);
  });
});

describe('an abandoned long poll', () => {
  it('takes nothing once its caller has hung up', async () => {
    const QueueUrl = await createQueue();
    const controller = new AbortController();
    const poll = emu.sqs.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 20 }), { abortSignal: controller.signal });
    // The poll is parked in the emulator; abort it, then send.
    await expect.poll(() => emu.services.sqs.queue(QueueUrl)?.waiters.size ?? 0).toBe(1);
    controller.abort();
    await expect(poll).rejects.toMatchObject({ name: 'AbortError' });
    await expect.poll(() => emu.services.sqs.queue(QueueUrl)?.waiters.size ?? 0).toBe(0);
    await emu.sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'for a live consumer' }));
    expect(await counts(QueueUrl)).toEqual({ visible: 1, inflight: 0, delayed: 0 });
  });
});
