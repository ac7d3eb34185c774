import {
  CreateQueueCommand,
  DeleteQueueCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ListDeadLetterSourceQueuesCommand,
  ListQueuesCommand,
  ListQueueTagsCommand,
  SetQueueAttributesCommand,
  SQSClient,
  TagQueueCommand,
  UntagQueueCommand,
} from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEmulator, TEST_CREDENTIALS, type TestEmulator } from '../testing';

let emu: TestEmulator;
beforeAll(async () => {
  emu = await startTestEmulator();
});
afterAll(async () => {
  await emu.stop();
});

let counter = 0;
const unique = (base: string) => `${base}-${++counter}-${Math.random().toString(36).slice(2, 7)}`;
async function createQueue(name: string, Attributes?: Record<string, string>, tags?: Record<string, string>) {
  return (await emu.sqs.send(new CreateQueueCommand({ QueueName: name, Attributes, tags }))).QueueUrl!;
}
async function attributes(QueueUrl: string, names: string[] = ['All']) {
  return ((await emu.sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: names as never }))).Attributes ?? {}) as Record<string, string>;
}
const arnOf = async (url: string) => (await attributes(url, ['QueueArn'])).QueueArn!;

describe('CreateQueue / GetQueueUrl / DeleteQueue', () => {
  it('returns a QueueUrl on the origin the client reached, with account and name', async () => {
    const name = unique('orders');
    const url = await createQueue(name);
    expect(url).toBe(`${emu.url}/000000000000/${name}`);
    expect((await emu.sqs.send(new GetQueueUrlCommand({ QueueName: name }))).QueueUrl).toBe(url);
    expect(await arnOf(url)).toBe(`arn:aws:sqs:us-east-1:000000000000:${name}`);
  });

  it('finds a queue by account and name whatever host the QueueUrl carries', async () => {
    const name = unique('anyhost');
    await createQueue(name);
    const attrs = await attributes(`http://sqs.us-east-1.amazonaws.com/000000000000/${name}`, ['QueueArn']);
    expect(attrs.QueueArn).toMatch(new RegExp(`:${name}$`));
  });

  it('works through a client without an explicit endpoint, following the QueueUrl (pitfall 6)', async () => {
    const name = unique('follow');
    const url = await createQueue(name);
    const client = new SQSClient({ region: 'us-east-1', credentials: TEST_CREDENTIALS, maxAttempts: 1 });
    try {
      const out = await client.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }));
      expect(out.Attributes?.QueueArn).toMatch(new RegExp(`:${name}$`));
    } finally {
      client.destroy();
    }
  });

  it('is idempotent with identical attributes and refuses different ones', async () => {
    const name = unique('idem');
    const url = await createQueue(name, { VisibilityTimeout: '60' });
    expect(await createQueue(name, { VisibilityTimeout: '60' })).toBe(url);
    expect(await createQueue(name)).toBe(url);
    await expect(createQueue(name, { VisibilityTimeout: '61' })).rejects.toMatchObject({
      name: 'QueueNameExists',
      message: 'A queue already exists with the same name and a different value for attribute VisibilityTimeout',
      $metadata: { httpStatusCode: 400 },
      Error: { Code: 'QueueAlreadyExists' },
    });
  });

  it('is idempotent for redrive policies written with different spacing', async () => {
    const dlqName = unique('idem-dlq');
    const dlq = await createQueue(dlqName, { RedriveAllowPolicy: '{"redrivePermission":"allowAll"}' });
    expect(await createQueue(dlqName, { RedriveAllowPolicy: '{ "redrivePermission": "allowAll" }' })).toBe(dlq);
    const dlqArn = await arnOf(dlq);
    const name = unique('idem-src');
    const url = await createQueue(name, { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: 2 }) });
    expect(await createQueue(name, { RedrivePolicy: `{ "maxReceiveCount": "2", "deadLetterTargetArn": "${dlqArn}" }` })).toBe(url);
    await expect(createQueue(name, { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: 3 }) })).rejects.toMatchObject({
      name: 'QueueNameExists',
    });
  });

  it.each([
    ['a name with a space', 'bad name', undefined],
    ['an 81-character name', 'x'.repeat(81), undefined],
    ['a .fifo name without FifoQueue', 'plain.fifo', undefined],
    ['FifoQueue without the .fifo suffix', 'nofifo', { FifoQueue: 'true' }],
  ])('rejects %s with InvalidParameterValue', async (_, name, attrs) => {
    await expect(createQueue(name, attrs)).rejects.toMatchObject({ name: 'InvalidParameterValue', $metadata: { httpStatusCode: 400 } });
  });

  it('rejects bad attribute names and values at creation', async () => {
    await expect(createQueue(unique('bad'), { Nope: '1' })).rejects.toMatchObject({ name: 'InvalidAttributeName', message: 'Unknown Attribute Nope.' });
    await expect(createQueue(unique('bad'), { DelaySeconds: '901' })).rejects.toMatchObject({ name: 'InvalidAttributeValue' });
    await expect(createQueue(unique('bad'), { ContentBasedDeduplication: 'true' })).rejects.toMatchObject({ name: 'InvalidAttributeName' });
  });

  it('deletes a queue, answers QueueDoesNotExist after, and refuses the name for 60 s', async () => {
    const name = unique('gone');
    const url = await createQueue(name);
    await emu.sqs.send(new DeleteQueueCommand({ QueueUrl: url }));
    const notFound = { name: 'QueueDoesNotExist', message: 'The specified queue does not exist.', $metadata: { httpStatusCode: 400 }, Error: { Code: 'AWS.SimpleQueueService.NonExistentQueue', Type: 'Sender' } };
    await expect(emu.sqs.send(new GetQueueUrlCommand({ QueueName: name }))).rejects.toMatchObject(notFound);
    await expect(attributes(url)).rejects.toMatchObject(notFound);
    await expect(emu.sqs.send(new DeleteQueueCommand({ QueueUrl: url }))).rejects.toMatchObject(notFound);
    await expect(createQueue(name)).rejects.toMatchObject({ name: 'QueueDeletedRecently', Error: { Code: 'AWS.SimpleQueueService.QueueDeletedRecently' } });
    emu.clock.advance(61_000);
    expect(await createQueue(name)).toBe(url);
  });

  it('sends both x-amzn-query-error and a com.amazonaws.sqs __type (pitfall 7)', async () => {
    const res = await fetch(emu.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'AmazonSQS.GetQueueUrl', 'x-amzn-query-mode': 'true' },
      body: JSON.stringify({ QueueName: 'never-created' }),
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('x-amzn-query-error')).toBe('AWS.SimpleQueueService.NonExistentQueue;Sender');
    expect(await res.json()).toEqual({ __type: 'com.amazonaws.sqs#QueueDoesNotExist', message: 'The specified queue does not exist.' });
  });

  it('answers an unknown operation with UnknownOperationException', async () => {
    const res = await fetch(emu.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'AmazonSQS.NoSuchThing' },
      body: '{}',
    });
    expect((await res.json()).__type).toBe('com.amazonaws.sqs#UnknownOperationException');
  });
});

describe('ListQueues', () => {
  it('filters by a case-sensitive prefix and pages only when MaxResults is given', async () => {
    const prefix = unique('List');
    const names = ['a', 'b', 'c'].map((s) => `${prefix}-${s}`);
    for (const n of names) await createQueue(n);
    await createQueue(`${prefix.toLowerCase()}-other`);
    const all = await emu.sqs.send(new ListQueuesCommand({ QueueNamePrefix: prefix }));
    expect(all.QueueUrls).toEqual(names.map((n) => `${emu.url}/000000000000/${n}`));
    expect(all.NextToken).toBeUndefined();

    const first = await emu.sqs.send(new ListQueuesCommand({ QueueNamePrefix: prefix, MaxResults: 2 }));
    expect(first.QueueUrls).toHaveLength(2);
    expect(first.NextToken).toBeTruthy();
    const second = await emu.sqs.send(new ListQueuesCommand({ QueueNamePrefix: prefix, MaxResults: 2, NextToken: first.NextToken }));
    expect(second.QueueUrls).toEqual([`${emu.url}/000000000000/${names[2]}`]);
    expect(second.NextToken).toBeUndefined();
  });

  it('returns no QueueUrls for a prefix nothing matches', async () => {
    expect((await emu.sqs.send(new ListQueuesCommand({ QueueNamePrefix: 'zzz-none' }))).QueueUrls ?? []).toEqual([]);
  });
});

describe('tags', () => {
  it('takes lower-case tags at creation, then tags, lists and untags', async () => {
    const url = await createQueue(unique('tagged'), undefined, { team: 'core' });
    expect((await emu.sqs.send(new ListQueueTagsCommand({ QueueUrl: url }))).Tags).toEqual({ team: 'core' });
    await emu.sqs.send(new TagQueueCommand({ QueueUrl: url, Tags: { env: 'dev', team: 'edge' } }));
    expect((await emu.sqs.send(new ListQueueTagsCommand({ QueueUrl: url }))).Tags).toEqual({ team: 'edge', env: 'dev' });
    await emu.sqs.send(new UntagQueueCommand({ QueueUrl: url, TagKeys: ['team'] }));
    expect((await emu.sqs.send(new ListQueueTagsCommand({ QueueUrl: url }))).Tags).toEqual({ env: 'dev' });
  });

  it('sends tags under the lower-case key on the wire (pitfall 8)', async () => {
    const name = unique('rawtags');
    const res = await fetch(emu.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'AmazonSQS.CreateQueue' },
      body: JSON.stringify({ QueueName: name, tags: { a: 'b' } }),
    });
    expect(res.status).toBe(200);
    const url = `${emu.url}/000000000000/${name}`;
    expect((await emu.sqs.send(new ListQueueTagsCommand({ QueueUrl: url }))).Tags).toEqual({ a: 'b' });
  });
});

describe('GetQueueAttributes / SetQueueAttributes', () => {
  it('returns the real All set for a standard queue with the defaults of §5.2', async () => {
    const before = Math.floor(emu.clock.now() / 1000);
    const url = await createQueue(unique('attrs'));
    const all = await attributes(url);
    expect(Object.keys(all).sort()).toEqual(
      [
        'ApproximateNumberOfMessages',
        'ApproximateNumberOfMessagesDelayed',
        'ApproximateNumberOfMessagesNotVisible',
        'CreatedTimestamp',
        'DelaySeconds',
        'LastModifiedTimestamp',
        'MaximumMessageSize',
        'MessageRetentionPeriod',
        'QueueArn',
        'ReceiveMessageWaitTimeSeconds',
        'SqsManagedSseEnabled',
        'VisibilityTimeout',
      ].sort(),
    );
    expect(all).toMatchObject({
      ApproximateNumberOfMessages: '0',
      DelaySeconds: '0',
      MaximumMessageSize: '1048576',
      MessageRetentionPeriod: '345600',
      ReceiveMessageWaitTimeSeconds: '0',
      VisibilityTimeout: '30',
      SqsManagedSseEnabled: 'true',
    });
    // Epoch seconds, as strings.
    expect(Number(all.CreatedTimestamp)).toBeGreaterThanOrEqual(before);
    expect(all.CreatedTimestamp).toMatch(/^\d{10}$/);
  });

  it('returns nothing without AttributeNames and only what was asked otherwise', async () => {
    const url = await createQueue(unique('some'));
    const out = await emu.sqs.send(new GetQueueAttributesCommand({ QueueUrl: url }));
    expect(out.Attributes).toBeUndefined();
    expect(await attributes(url, ['VisibilityTimeout', 'DelaySeconds'])).toEqual({ VisibilityTimeout: '30', DelaySeconds: '0' });
    await expect(attributes(url, ['Bogus'])).rejects.toMatchObject({ name: 'InvalidAttributeName', message: 'Unknown Attribute Bogus.' });
  });

  it('returns the FIFO attributes only on FIFO queues', async () => {
    const url = await createQueue(`${unique('attrs')}.fifo`, { FifoQueue: 'true' });
    expect(await attributes(url)).toMatchObject({
      FifoQueue: 'true',
      ContentBasedDeduplication: 'false',
      DeduplicationScope: 'queue',
      FifoThroughputLimit: 'perQueue',
    });
    await expect(
      emu.sqs.send(new SetQueueAttributesCommand({ QueueUrl: url, Attributes: { FifoQueue: 'true' } })),
    ).rejects.toMatchObject({ name: 'InvalidAttributeName', message: 'Unknown Attribute FifoQueue.' });
  });

  it.each([
    ['DelaySeconds', '900', '901'],
    ['MaximumMessageSize', '1024', '1023'],
    ['MessageRetentionPeriod', '60', '1209601'],
    ['ReceiveMessageWaitTimeSeconds', '20', '21'],
    ['VisibilityTimeout', '43200', '43201'],
    ['KmsDataKeyReusePeriodSeconds', '86400', '59'],
  ])('sets %s within its range and refuses values outside it', async (name, ok, bad) => {
    const url = await createQueue(unique('range'));
    await emu.sqs.send(new SetQueueAttributesCommand({ QueueUrl: url, Attributes: { [name]: ok } }));
    expect((await attributes(url, [name]))[name]).toBe(ok);
    await expect(emu.sqs.send(new SetQueueAttributesCommand({ QueueUrl: url, Attributes: { [name]: bad } }))).rejects.toMatchObject({
      name: 'InvalidAttributeValue',
      message: `Invalid value for the parameter ${name}.`,
    });
  });

  it('stores a Policy and refuses one that is not JSON', async () => {
    const url = await createQueue(unique('policy'));
    const policy = JSON.stringify({ Version: '2012-10-17', Statement: [] });
    await emu.sqs.send(new SetQueueAttributesCommand({ QueueUrl: url, Attributes: { Policy: policy } }));
    expect((await attributes(url, ['Policy'])).Policy).toBe(policy);
    await expect(emu.sqs.send(new SetQueueAttributesCommand({ QueueUrl: url, Attributes: { Policy: '{' } }))).rejects.toMatchObject({ name: 'InvalidAttributeValue' });
  });

  it('refuses read-only attributes on SetQueueAttributes', async () => {
    const url = await createQueue(unique('ro'));
    await expect(
      emu.sqs.send(new SetQueueAttributesCommand({ QueueUrl: url, Attributes: { QueueArn: 'x' } })),
    ).rejects.toMatchObject({ name: 'InvalidAttributeName' });
  });
});

describe('RedrivePolicy validation', () => {
  it('accepts maxReceiveCount as a number or a numeric string and returns it as a number', async () => {
    const dlq = await createQueue(unique('dlq'));
    const dlqArn = await arnOf(dlq);
    const src = await createQueue(unique('src'), { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: '3' }) });
    expect(JSON.parse((await attributes(src, ['RedrivePolicy'])).RedrivePolicy!)).toEqual({ deadLetterTargetArn: dlqArn, maxReceiveCount: 3 });
    await emu.sqs.send(new SetQueueAttributesCommand({ QueueUrl: src, Attributes: { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: 7 }) } }));
    expect(JSON.parse((await attributes(src, ['RedrivePolicy'])).RedrivePolicy!).maxReceiveCount).toBe(7);
    // An empty policy removes the redrive.
    await emu.sqs.send(new SetQueueAttributesCommand({ QueueUrl: src, Attributes: { RedrivePolicy: '' } }));
    expect((await attributes(src)).RedrivePolicy).toBeUndefined();
  });

  it.each([
    ['a missing target', (arn: string) => ({ deadLetterTargetArn: `${arn}-missing`, maxReceiveCount: 1 }), /Dead letter target does not exist/],
    ['maxReceiveCount 0', (arn: string) => ({ deadLetterTargetArn: arn, maxReceiveCount: 0 }), /valid values are from 1 to 1000/],
    ['maxReceiveCount 1001', (arn: string) => ({ deadLetterTargetArn: arn, maxReceiveCount: 1001 }), /valid values are from 1 to 1000/],
  ])('refuses %s', async (_, policy, message) => {
    const dlqArn = await arnOf(await createQueue(unique('dlq')));
    const src = await createQueue(unique('src'));
    await expect(
      emu.sqs.send(new SetQueueAttributesCommand({ QueueUrl: src, Attributes: { RedrivePolicy: JSON.stringify(policy(dlqArn)) } })),
    ).rejects.toMatchObject({ name: 'InvalidParameterValue', message });
  });

  it('requires a FIFO queue to dead-letter into a FIFO queue', async () => {
    const standardDlq = await arnOf(await createQueue(unique('dlq')));
    await expect(
      createQueue(`${unique('src')}.fifo`, { FifoQueue: 'true', RedrivePolicy: JSON.stringify({ deadLetterTargetArn: standardDlq, maxReceiveCount: 1 }) }),
    ).rejects.toMatchObject({ name: 'InvalidParameterValue' });
    const fifoDlq = await arnOf(await createQueue(`${unique('dlq')}.fifo`, { FifoQueue: 'true' }));
    await expect(
      createQueue(`${unique('src')}.fifo`, { FifoQueue: 'true', RedrivePolicy: JSON.stringify({ deadLetterTargetArn: fifoDlq, maxReceiveCount: 1 }) }),
    ).resolves.toMatch(/\.fifo$/);
  });

  it('enforces the DLQ RedriveAllowPolicy', async () => {
    const allowed = await createQueue(unique('allowed'));
    const allowedArn = await arnOf(allowed);
    const dlq = await createQueue(unique('dlq'), { RedriveAllowPolicy: JSON.stringify({ redrivePermission: 'byQueue', sourceQueueArns: [allowedArn] }) });
    const dlqArn = await arnOf(dlq);
    const policy = JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: 2 });
    await emu.sqs.send(new SetQueueAttributesCommand({ QueueUrl: allowed, Attributes: { RedrivePolicy: policy } }));
    const other = await createQueue(unique('other'));
    await expect(emu.sqs.send(new SetQueueAttributesCommand({ QueueUrl: other, Attributes: { RedrivePolicy: policy } }))).rejects.toMatchObject({
      name: 'InvalidParameterValue',
      message: /does not allow this queue/,
    });
    const denyAll = await arnOf(await createQueue(unique('deny'), { RedriveAllowPolicy: '{"redrivePermission":"denyAll"}' }));
    await expect(
      createQueue(unique('src'), { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: denyAll, maxReceiveCount: 1 }) }),
    ).rejects.toMatchObject({ name: 'InvalidParameterValue' });
  });
});

describe('ListDeadLetterSourceQueues', () => {
  it('lists the sources of a DLQ under the lower-case queueUrls key, with paging', async () => {
    const dlq = await createQueue(unique('dlq'));
    const dlqArn = await arnOf(dlq);
    const policy = JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: 1 });
    const base = unique('source');
    const sources = [];
    for (const s of ['a', 'b', 'c']) sources.push(await createQueue(`${base}-${s}`, { RedrivePolicy: policy }));
    const all = await emu.sqs.send(new ListDeadLetterSourceQueuesCommand({ QueueUrl: dlq }));
    expect(all.queueUrls).toEqual(sources);
    const first = await emu.sqs.send(new ListDeadLetterSourceQueuesCommand({ QueueUrl: dlq, MaxResults: 2 }));
    expect(first.queueUrls).toEqual(sources.slice(0, 2));
    const second = await emu.sqs.send(new ListDeadLetterSourceQueuesCommand({ QueueUrl: dlq, MaxResults: 2, NextToken: first.NextToken }));
    expect(second.queueUrls).toEqual(sources.slice(2));
    expect(second.NextToken).toBeUndefined();

    const raw = await fetch(emu.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'AmazonSQS.ListDeadLetterSourceQueues' },
      body: JSON.stringify({ QueueUrl: dlq }),
    });
    expect(Object.keys(await raw.json())).toEqual(['queueUrls']);
  });
});
