import { q, type QueryService, type Shape } from '../core/query-protocol';
import type { JsonService } from '../core/types';

/**
 * SQS in the query protocol (`Version=2012-11-05`), as Debian's AWS CLI 2.9, botocore before
 * the JSON switch and `@aws-sdk/client-sqs` ≤ 3.445 speak it. Every list and map is flattened
 * and named by its elements (`Attribute.1.Name`, `<Message>`, `<QueueUrl>`; reference part 2
 * §1.2, §1.4). The actions run the JSON handlers: one state and the same MD5s either way.
 */

const attributes = q.map('string', { flat: true, name: 'Attribute', key: 'Name', valueName: 'Value' });
const tags = q.map('string', { flat: true, name: 'Tag', key: 'Key', valueName: 'Value' });
const messageAttributeValue = q.struct({
  StringValue: 'string',
  BinaryValue: 'string',
  StringListValues: q.list('string', { flat: true, name: 'StringListValue' }),
  BinaryListValues: q.list('string', { flat: true, name: 'BinaryListValue' }),
  DataType: 'string',
});
const messageAttributes = q.map(messageAttributeValue, { flat: true, name: 'MessageAttribute', key: 'Name', valueName: 'Value' });
const systemAttributes = q.map(messageAttributeValue, { flat: true, name: 'MessageSystemAttribute', key: 'Name', valueName: 'Value' });
const queueUrl = { QueueUrl: 'string' } as const;
const batchFailed = q.list(q.struct({ Id: 'string', SenderFault: 'boolean', Code: 'string', Message: 'string' }), {
  flat: true,
  name: 'BatchResultErrorEntry',
});
const batchIds = (entry: string): Shape => q.list(q.struct({ Id: 'string' }), { flat: true, name: entry });

const sendFields = {
  MessageBody: 'string',
  DelaySeconds: 'integer',
  MessageAttributes: messageAttributes,
  MessageSystemAttributes: systemAttributes,
  MessageDeduplicationId: 'string',
  MessageGroupId: 'string',
} as const;
const sendResult = {
  MessageId: 'string',
  MD5OfMessageBody: 'string',
  MD5OfMessageAttributes: 'string',
  MD5OfMessageSystemAttributes: 'string',
  SequenceNumber: 'string',
} as const;

const message = q.struct({
  MessageId: 'string',
  ReceiptHandle: 'string',
  MD5OfBody: 'string',
  Body: 'string',
  Attributes: attributes,
  MD5OfMessageAttributes: 'string',
  MessageAttributes: messageAttributes,
});

export const SQS_QUERY_ACTIONS: QueryService['actions'] = {
  CreateQueue: { input: q.struct({ QueueName: 'string', Attributes: attributes, tags }), output: q.struct(queueUrl) },
  GetQueueUrl: { input: q.struct({ QueueName: 'string', QueueOwnerAWSAccountId: 'string' }), output: q.struct(queueUrl) },
  ListQueues: {
    input: q.struct({ QueueNamePrefix: 'string', NextToken: 'string', MaxResults: 'integer' }),
    output: q.struct({ QueueUrls: q.list('string', { flat: true, name: 'QueueUrl' }), NextToken: 'string' }),
  },
  DeleteQueue: { input: q.struct(queueUrl) },
  GetQueueAttributes: {
    input: q.struct({ ...queueUrl, AttributeNames: q.list('string', { flat: true, name: 'AttributeName' }) }),
    output: q.struct({ Attributes: attributes }),
  },
  SetQueueAttributes: { input: q.struct({ ...queueUrl, Attributes: attributes }) },
  TagQueue: { input: q.struct({ ...queueUrl, Tags: tags }) },
  UntagQueue: { input: q.struct({ ...queueUrl, TagKeys: q.list('string', { flat: true, name: 'TagKey' }) }) },
  ListQueueTags: { input: q.struct(queueUrl), output: q.struct({ Tags: tags }) },
  ListDeadLetterSourceQueues: {
    input: q.struct({ ...queueUrl, NextToken: 'string', MaxResults: 'integer' }),
    output: q.struct({ queueUrls: q.list('string', { flat: true, name: 'QueueUrl' }), NextToken: 'string' }),
  },
  SendMessage: { input: q.struct({ ...queueUrl, ...sendFields }), output: q.struct(sendResult) },
  SendMessageBatch: {
    input: q.struct({
      ...queueUrl,
      Entries: q.list(q.struct({ Id: 'string', ...sendFields }), { flat: true, name: 'SendMessageBatchRequestEntry' }),
    }),
    output: q.struct({
      Successful: q.list(q.struct({ Id: 'string', ...sendResult }), { flat: true, name: 'SendMessageBatchResultEntry' }),
      Failed: batchFailed,
    }),
  },
  ReceiveMessage: {
    input: q.struct({
      ...queueUrl,
      AttributeNames: q.list('string', { flat: true, name: 'AttributeName' }),
      MessageSystemAttributeNames: q.list('string', { flat: true, name: 'MessageSystemAttributeName' }),
      MessageAttributeNames: q.list('string', { flat: true, name: 'MessageAttributeName' }),
      MaxNumberOfMessages: 'integer',
      VisibilityTimeout: 'integer',
      WaitTimeSeconds: 'integer',
      ReceiveRequestAttemptId: 'string',
    }),
    output: q.struct({ Messages: q.list(message, { flat: true, name: 'Message' }) }),
  },
  DeleteMessage: { input: q.struct({ ...queueUrl, ReceiptHandle: 'string' }) },
  DeleteMessageBatch: {
    input: q.struct({
      ...queueUrl,
      Entries: q.list(q.struct({ Id: 'string', ReceiptHandle: 'string' }), { flat: true, name: 'DeleteMessageBatchRequestEntry' }),
    }),
    output: q.struct({ Successful: batchIds('DeleteMessageBatchResultEntry'), Failed: batchFailed }),
  },
  ChangeMessageVisibility: { input: q.struct({ ...queueUrl, ReceiptHandle: 'string', VisibilityTimeout: 'integer' }) },
  ChangeMessageVisibilityBatch: {
    input: q.struct({
      ...queueUrl,
      Entries: q.list(q.struct({ Id: 'string', ReceiptHandle: 'string', VisibilityTimeout: 'integer' }), {
        flat: true,
        name: 'ChangeMessageVisibilityBatchRequestEntry',
      }),
    }),
    output: q.struct({ Successful: batchIds('ChangeMessageVisibilityBatchResultEntry'), Failed: batchFailed }),
  },
  PurgeQueue: { input: q.struct(queueUrl) },
  StartMessageMoveTask: {
    input: q.struct({ SourceArn: 'string', DestinationArn: 'string', MaxNumberOfMessagesPerSecond: 'integer' }),
    output: q.struct({ TaskHandle: 'string' }),
  },
  ListMessageMoveTasks: {
    input: q.struct({ SourceArn: 'string', MaxResults: 'integer' }),
    output: q.struct({
      Results: q.list(
        q.struct({
          TaskHandle: 'string',
          Status: 'string',
          SourceArn: 'string',
          DestinationArn: 'string',
          MaxNumberOfMessagesPerSecond: 'integer',
          ApproximateNumberOfMessagesMoved: 'integer',
          ApproximateNumberOfMessagesToMove: 'integer',
          FailureReason: 'string',
          StartedTimestamp: 'integer',
        }),
        { flat: true, name: 'ListMessageMoveTasksResultEntry' },
      ),
    }),
  },
  CancelMessageMoveTask: { input: q.struct({ TaskHandle: 'string' }), output: q.struct({ ApproximateNumberOfMessagesMoved: 'integer' }) },
};

/** SQS's query face over the JSON service: same handlers, same queues. */
export function sqsQueryService(sqs: JsonService): QueryService {
  return {
    version: '2012-11-05',
    signingName: 'sqs',
    xmlNamespace: 'http://queue.amazonaws.com/doc/2012-11-05/',
    targetPrefix: sqs.targetPrefix,
    errorDetail: true,
    actions: SQS_QUERY_ACTIONS,
    handle: (action, input, ctx) => sqs.handle(action, input, ctx),
  };
}
