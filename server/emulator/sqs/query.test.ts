import { GetQueueAttributesCommand, ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRequest, startTestEmulator, xmlValues, type TestEmulator } from '../testing';
import { md5OfBody } from './md5';

/**
 * SQS over the query protocol, for every operation the emulator serves, with hand-made form
 * requests shaped as Debian's AWS CLI 2.9 sends them (reference part 2, §1.2–1.5), and checked
 * against the JSON side: one set of queues, the same MD5s.
 */

let emu: TestEmulator;
beforeAll(async () => {
  emu = await startTestEmulator();
});
afterAll(async () => {
  await emu.stop();
});

let counter = 0;
const unique = (base: string) => `${base}-${++counter}-${Math.random().toString(36).slice(2, 7)}`;
const sqs = (Action: string, params: Record<string, string | number> = {}) =>
  queryRequest(emu.url, { Action, Version: '2012-11-05', ...params });
const one = (xml: string, name: string) => xmlValues(xml, name)[0];

async function createQueue(name: string, extra: Record<string, string | number> = {}): Promise<string> {
  const res = await sqs('CreateQueue', { QueueName: name, ...extra });
  expect(res.status, res.xml).toBe(200);
  return one(res.xml, 'QueueUrl');
}
async function arnOf(url: string): Promise<string> {
  const res = await sqs('GetQueueAttributes', { QueueUrl: url, 'AttributeName.1': 'QueueArn' });
  return one(res.xml, 'Value');
}

describe('SQS query protocol: queues', () => {
  it('CreateQueue with attributes and tags answers <CreateQueueResponse><CreateQueueResult><QueueUrl> and a request id', async () => {
    const name = unique('q');
    const res = await sqs('CreateQueue', {
      QueueName: name,
      'Attribute.1.Name': 'VisibilityTimeout',
      'Attribute.1.Value': 40,
      'Tag.1.Key': 'team',
      'Tag.1.Value': 'orders',
    });
    expect(res.status).toBe(200);
    expect(res.xml).toMatch(/^<\?xml version="1.0"\?>\n<CreateQueueResponse xmlns="http:\/\/queue.amazonaws.com\/doc\/2012-11-05\/"><CreateQueueResult><QueueUrl>/);
    expect(one(res.xml, 'RequestId')).toBe(res.requestId);
    const url = one(res.xml, 'QueueUrl');
    expect(url).toBe(`${emu.url}/000000000000/${name}`);
    // The same queue through the JSON protocol.
    const json = await emu.sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['VisibilityTimeout'] }));
    expect(json.Attributes?.VisibilityTimeout).toBe('40');
    const tags = await sqs('ListQueueTags', { QueueUrl: url });
    expect(tags.xml).toContain('<ListQueueTagsResult><Tag><Key>team</Key><Value>orders</Value></Tag></ListQueueTagsResult>');
  });

  it('GetQueueUrl, ListQueues (flattened <QueueUrl>, paged) and DeleteQueue', async () => {
    const prefix = unique('list');
    const a = await createQueue(`${prefix}-a`);
    const b = await createQueue(`${prefix}-b`);
    expect(one((await sqs('GetQueueUrl', { QueueName: `${prefix}-a` })).xml, 'QueueUrl')).toBe(a);
    const all = await sqs('ListQueues', { QueueNamePrefix: prefix });
    expect(all.xml).toContain(`<ListQueuesResult><QueueUrl>${a}</QueueUrl><QueueUrl>${b}</QueueUrl></ListQueuesResult>`);
    const first = await sqs('ListQueues', { QueueNamePrefix: prefix, MaxResults: 1 });
    expect(xmlValues(first.xml, 'QueueUrl')).toEqual([a]);
    const second = await sqs('ListQueues', { QueueNamePrefix: prefix, MaxResults: 1, NextToken: one(first.xml, 'NextToken') });
    expect(xmlValues(second.xml, 'QueueUrl')).toEqual([b]);
    const deleted = await sqs('DeleteQueue', { QueueUrl: b });
    expect(deleted.xml).toContain('<DeleteQueueResponse xmlns="http://queue.amazonaws.com/doc/2012-11-05/"><ResponseMetadata>');
    expect(deleted.xml).not.toContain('DeleteQueueResult');
  });

  it('GetQueueAttributes / SetQueueAttributes with flattened <Attribute><Name><Value>', async () => {
    const url = await createQueue(unique('attrs'));
    expect((await sqs('SetQueueAttributes', { QueueUrl: url, 'Attribute.1.Name': 'DelaySeconds', 'Attribute.1.Value': 5 })).status).toBe(200);
    const res = await sqs('GetQueueAttributes', { QueueUrl: url, 'AttributeName.1': 'DelaySeconds', 'AttributeName.2': 'QueueArn' });
    expect(res.xml).toContain('<Attribute><Name>QueueArn</Name><Value>arn:aws:sqs:us-east-1:000000000000:');
    expect(res.xml).toContain('<Attribute><Name>DelaySeconds</Name><Value>5</Value></Attribute>');
  });

  it('TagQueue, UntagQueue and ListQueueTags', async () => {
    const url = await createQueue(unique('tags'));
    await sqs('TagQueue', { QueueUrl: url, 'Tag.1.Key': 'a', 'Tag.1.Value': '1', 'Tag.2.Key': 'b', 'Tag.2.Value': '2' });
    await sqs('UntagQueue', { QueueUrl: url, 'TagKey.1': 'a' });
    const res = await sqs('ListQueueTags', { QueueUrl: url });
    expect(xmlValues(res.xml, 'Key')).toEqual(['b']);
  });

  it('CreateQueue with a RedrivePolicy, ListDeadLetterSourceQueues and PurgeQueue', async () => {
    const dlq = await createQueue(unique('dlq'));
    const policy = JSON.stringify({ deadLetterTargetArn: await arnOf(dlq), maxReceiveCount: 1 });
    const source = await createQueue(unique('src'), { 'Attribute.1.Name': 'RedrivePolicy', 'Attribute.1.Value': policy });
    const sources = await sqs('ListDeadLetterSourceQueues', { QueueUrl: dlq });
    expect(sources.xml).toContain(`<ListDeadLetterSourceQueuesResult><QueueUrl>${source}</QueueUrl></ListDeadLetterSourceQueuesResult>`);
    await sqs('SendMessage', { QueueUrl: source, MessageBody: 'x' });
    expect((await sqs('PurgeQueue', { QueueUrl: source })).status).toBe(200);
    const again = await sqs('PurgeQueue', { QueueUrl: source });
    expect(again.status).toBe(403);
    expect(one(again.xml, 'Code')).toBe('AWS.SimpleQueueService.PurgeQueueInProgress');
  });
});

describe('SQS query protocol: messages', () => {
  it('SendMessage answers the MD5s the JSON side computes, and a JSON receive sees the message', async () => {
    const url = await createQueue(unique('send'));
    const body = 'hi there & + <ok> "quoted"\r\n';
    const res = await sqs('SendMessage', {
      QueueUrl: url,
      MessageBody: body,
      'MessageAttribute.1.Name': 'a',
      'MessageAttribute.1.Value.DataType': 'String',
      'MessageAttribute.1.Value.StringValue': 'x',
      'MessageAttribute.2.Name': 'b',
      'MessageAttribute.2.Value.DataType': 'Binary',
      'MessageAttribute.2.Value.BinaryValue': 'AQI=',
    });
    expect(res.status, res.xml).toBe(200);
    expect(one(res.xml, 'MD5OfMessageBody')).toBe(md5OfBody(body));
    const json = await emu.sqs.send(
      new SendMessageCommand({
        QueueUrl: url,
        MessageBody: body,
        MessageAttributes: { a: { DataType: 'String', StringValue: 'x' }, b: { DataType: 'Binary', BinaryValue: Uint8Array.of(1, 2) } },
      }),
    );
    expect(one(res.xml, 'MD5OfMessageAttributes')).toBe(json.MD5OfMessageAttributes);
    const received = await emu.sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, MessageAttributeNames: ['All'] }));
    expect(received.Messages?.map((m) => m.Body)).toEqual([body, body]);
    expect(received.Messages?.[0].MessageId).toBe(one(res.xml, 'MessageId'));
  });

  it('ReceiveMessage answers flattened <Message>, <Attribute> and <MessageAttribute>, and DeleteMessage removes it', async () => {
    const url = await createQueue(unique('recv'));
    const sent = await emu.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'hello', MessageAttributes: { a: { DataType: 'String', StringValue: 'x' } } }));
    const res = await sqs('ReceiveMessage', { QueueUrl: url, 'AttributeName.1': 'All', 'MessageAttributeName.1': 'All', MaxNumberOfMessages: 10 });
    expect(res.xml).toContain(`<ReceiveMessageResult><Message><MessageId>${sent.MessageId}</MessageId><ReceiptHandle>`);
    expect(res.xml).toContain('<MD5OfBody>5d41402abc4b2a76b9719d911017c592</MD5OfBody><Body>hello</Body>');
    expect(res.xml).toContain('<Attribute><Name>ApproximateReceiveCount</Name><Value>1</Value></Attribute>');
    expect(res.xml).toContain('<MessageAttribute><Name>a</Name><Value><StringValue>x</StringValue><DataType>String</DataType></Value></MessageAttribute>');
    expect(one(res.xml, 'MD5OfMessageAttributes')).toBe(sent.MD5OfMessageAttributes);
    expect((await sqs('DeleteMessage', { QueueUrl: url, ReceiptHandle: one(res.xml, 'ReceiptHandle') })).status).toBe(200);
    const empty = await sqs('ReceiveMessage', { QueueUrl: url, VisibilityTimeout: 0 });
    expect(empty.xml).toContain('<ReceiveMessageResult></ReceiveMessageResult>');
  });

  it('SendMessageBatch, DeleteMessageBatch and ChangeMessageVisibilityBatch answer flattened result and error entries', async () => {
    const url = await createQueue(unique('batch'));
    const sent = await sqs('SendMessageBatch', {
      QueueUrl: url,
      'SendMessageBatchRequestEntry.1.Id': 'one',
      'SendMessageBatchRequestEntry.1.MessageBody': 'a',
      'SendMessageBatchRequestEntry.2.Id': 'two',
      'SendMessageBatchRequestEntry.2.MessageBody': 'b',
      'SendMessageBatchRequestEntry.2.DelaySeconds': 1000,
    });
    expect(sent.xml).toContain('<SendMessageBatchResultEntry><Id>one</Id>');
    expect(sent.xml).toMatch(/<BatchResultErrorEntry><Id>two<\/Id><SenderFault>true<\/SenderFault><Code>InvalidParameterValue<\/Code>/);
    const received = await sqs('ReceiveMessage', { QueueUrl: url });
    const handle = one(received.xml, 'ReceiptHandle');
    const changed = await sqs('ChangeMessageVisibilityBatch', {
      QueueUrl: url,
      'ChangeMessageVisibilityBatchRequestEntry.1.Id': 'c1',
      'ChangeMessageVisibilityBatchRequestEntry.1.ReceiptHandle': handle,
      'ChangeMessageVisibilityBatchRequestEntry.1.VisibilityTimeout': 60,
    });
    expect(changed.xml).toContain('<ChangeMessageVisibilityBatchResult><ChangeMessageVisibilityBatchResultEntry><Id>c1</Id></ChangeMessageVisibilityBatchResultEntry>');
    const deleted = await sqs('DeleteMessageBatch', {
      QueueUrl: url,
      'DeleteMessageBatchRequestEntry.1.Id': 'd1',
      'DeleteMessageBatchRequestEntry.1.ReceiptHandle': handle,
      'DeleteMessageBatchRequestEntry.2.Id': 'd2',
      'DeleteMessageBatchRequestEntry.2.ReceiptHandle': 'garbage',
    });
    expect(deleted.xml).toContain('<DeleteMessageBatchResultEntry><Id>d1</Id></DeleteMessageBatchResultEntry>');
    expect(deleted.xml).toContain('<BatchResultErrorEntry><Id>d2</Id><SenderFault>true</SenderFault><Code>ReceiptHandleIsInvalid</Code>');
  });

  it('ChangeMessageVisibility makes a received message visible again', async () => {
    const url = await createQueue(unique('vis'));
    await sqs('SendMessage', { QueueUrl: url, MessageBody: 'again' });
    const first = await sqs('ReceiveMessage', { QueueUrl: url, VisibilityTimeout: 300 });
    expect((await sqs('ChangeMessageVisibility', { QueueUrl: url, ReceiptHandle: one(first.xml, 'ReceiptHandle'), VisibilityTimeout: 0 })).status).toBe(200);
    const second = await sqs('ReceiveMessage', { QueueUrl: url, 'AttributeName.1': 'ApproximateReceiveCount' });
    expect(one(second.xml, 'Body')).toBe('again');
    expect(second.xml).toContain('<Attribute><Name>ApproximateReceiveCount</Name><Value>2</Value></Attribute>');
  });

  it('FIFO: group and deduplication ids and the sequence number', async () => {
    const url = await createQueue(`${unique('fifo')}.fifo`, { 'Attribute.1.Name': 'FifoQueue', 'Attribute.1.Value': 'true' });
    const res = await sqs('SendMessage', { QueueUrl: url, MessageBody: 'f', MessageGroupId: 'g', MessageDeduplicationId: 'd' });
    expect(one(res.xml, 'SequenceNumber')).toMatch(/^\d+$/);
    const again = await sqs('SendMessage', { QueueUrl: url, MessageBody: 'f', MessageGroupId: 'g', MessageDeduplicationId: 'd' });
    expect(one(again.xml, 'MessageId')).toBe(one(res.xml, 'MessageId'));
    const received = await sqs('ReceiveMessage', { QueueUrl: url, 'AttributeName.1': 'MessageGroupId' });
    expect(received.xml).toContain('<Attribute><Name>MessageGroupId</Name><Value>g</Value></Attribute>');
  });

  it('StartMessageMoveTask, ListMessageMoveTasks and CancelMessageMoveTask', async () => {
    const dlq = await createQueue(unique('movedlq'));
    const dlqArn = await arnOf(dlq);
    const source = await createQueue(unique('movesrc'), {
      'Attribute.1.Name': 'RedrivePolicy',
      'Attribute.1.Value': JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: 1 }),
    });
    const destination = await createQueue(unique('movedst'));
    expect(source).toBeTruthy();
    for (let i = 0; i < 3; i++) await sqs('SendMessage', { QueueUrl: dlq, MessageBody: `m${i}` });
    const started = await sqs('StartMessageMoveTask', { SourceArn: dlqArn, DestinationArn: await arnOf(destination), MaxNumberOfMessagesPerSecond: 1 });
    expect(started.status, started.xml).toBe(200);
    const handle = one(started.xml, 'TaskHandle');
    const listed = await sqs('ListMessageMoveTasks', { SourceArn: dlqArn });
    expect(listed.xml).toContain(`<ListMessageMoveTasksResultEntry><TaskHandle>${handle}</TaskHandle><Status>RUNNING</Status>`);
    const cancelled = await sqs('CancelMessageMoveTask', { TaskHandle: handle });
    expect(cancelled.status, cancelled.xml).toBe(200);
    expect(one(cancelled.xml, 'ApproximateNumberOfMessagesMoved')).toMatch(/^\d+$/);
  });
});

describe('SQS query protocol: errors', () => {
  it('a missing queue is <ErrorResponse> with Type Sender, the legacy code and <Detail/>', async () => {
    const res = await sqs('GetQueueUrl', { QueueName: unique('missing') });
    expect(res.status).toBe(400);
    expect(res.xml).toContain(
      '<ErrorResponse xmlns="http://queue.amazonaws.com/doc/2012-11-05/"><Error><Type>Sender</Type><Code>AWS.SimpleQueueService.NonExistentQueue</Code>',
    );
    expect(res.xml).toContain('<Detail/></Error>');
    expect(one(res.xml, 'RequestId')).toBe(res.requestId);
  });

  it('a non-integer integer parameter and an unknown action are query errors', async () => {
    const url = await createQueue(unique('bad'));
    const bad = await sqs('ReceiveMessage', { QueueUrl: url, MaxNumberOfMessages: 'ten' });
    expect(bad.status).toBe(400);
    expect(one(bad.xml, 'Code')).toBe('InvalidParameterValue');
    const outOfRange = await sqs('ReceiveMessage', { QueueUrl: url, MaxNumberOfMessages: 11 });
    expect(one(outOfRange.xml, 'Code')).toBe('InvalidParameterValue');
    const unknown = await sqs('FlyAway', { QueueUrl: url });
    expect(one(unknown.xml, 'Code')).toBe('InvalidAction');
  });

  it('routes by the signing scope when Version is missing, and by Action in the URL', async () => {
    const name = unique('scope');
    const res = await queryRequest(emu.url, { Action: 'CreateQueue', QueueName: name }, { signingName: 'sqs' });
    expect(one(res.xml, 'QueueUrl')).toBe(`${emu.url}/000000000000/${name}`);
    const get = await fetch(`${emu.url}/?Action=GetQueueUrl&Version=2012-11-05&QueueName=${name}`);
    expect(get.headers.get('content-type')).toBe('text/xml');
    expect(one(await get.text(), 'QueueUrl')).toBe(`${emu.url}/000000000000/${name}`);
  });
});
