import { q, type QueryService } from '../core/query-protocol';

/**
 * SNS's query model (`Version=2010-03-31`): maps wrapped as `Attributes.entry.N.key/value`,
 * message attributes as `MessageAttributes.entry.N.Name/Value.*`, lists as `.member.N`
 * (reference part 2, §1.2, §2.2).
 */

const attributes = q.map('string');
const tags = q.list(q.struct({ Key: 'string', Value: 'string' }));
const messageAttributes = q.map(q.struct({ DataType: 'string', StringValue: 'string', BinaryValue: 'string' }), { key: 'Name', valueName: 'Value' });
const topicArn = { TopicArn: 'string' } as const;
const subscriptionArn = { SubscriptionArn: 'string' } as const;
const subscriptions = q.list(q.struct({ SubscriptionArn: 'string', Owner: 'string', Protocol: 'string', Endpoint: 'string', TopicArn: 'string' }));
const publishFields = {
  Message: 'string',
  Subject: 'string',
  MessageStructure: 'string',
  MessageAttributes: messageAttributes,
  MessageDeduplicationId: 'string',
  MessageGroupId: 'string',
} as const;

export const SNS_QUERY_ACTIONS: QueryService['actions'] = {
  CreateTopic: { input: q.struct({ Name: 'string', Attributes: attributes, Tags: tags, DataProtectionPolicy: 'string' }), output: q.struct(topicArn) },
  DeleteTopic: { input: q.struct(topicArn) },
  ListTopics: { input: q.struct({ NextToken: 'string' }), output: q.struct({ Topics: q.list(q.struct(topicArn)), NextToken: 'string' }) },
  GetTopicAttributes: { input: q.struct(topicArn), output: q.struct({ Attributes: attributes }) },
  SetTopicAttributes: { input: q.struct({ ...topicArn, AttributeName: 'string', AttributeValue: 'string' }) },
  Subscribe: {
    input: q.struct({ ...topicArn, Protocol: 'string', Endpoint: 'string', Attributes: attributes, ReturnSubscriptionArn: 'boolean' }),
    output: q.struct(subscriptionArn),
  },
  Unsubscribe: { input: q.struct(subscriptionArn) },
  ListSubscriptions: { input: q.struct({ NextToken: 'string' }), output: q.struct({ Subscriptions: subscriptions, NextToken: 'string' }) },
  ListSubscriptionsByTopic: { input: q.struct({ ...topicArn, NextToken: 'string' }), output: q.struct({ Subscriptions: subscriptions, NextToken: 'string' }) },
  GetSubscriptionAttributes: { input: q.struct(subscriptionArn), output: q.struct({ Attributes: attributes }) },
  SetSubscriptionAttributes: { input: q.struct({ ...subscriptionArn, AttributeName: 'string', AttributeValue: 'string' }) },
  Publish: {
    input: q.struct({ ...topicArn, TargetArn: 'string', PhoneNumber: 'string', ...publishFields }),
    output: q.struct({ MessageId: 'string', SequenceNumber: 'string' }),
  },
  PublishBatch: {
    input: q.struct({ ...topicArn, PublishBatchRequestEntries: q.list(q.struct({ Id: 'string', ...publishFields })) }),
    output: q.struct({
      Successful: q.list(q.struct({ Id: 'string', MessageId: 'string', SequenceNumber: 'string' })),
      Failed: q.list(q.struct({ Id: 'string', Code: 'string', Message: 'string', SenderFault: 'boolean' })),
    }),
  },
  TagResource: { input: q.struct({ ResourceArn: 'string', Tags: tags }), output: q.struct({}) },
  UntagResource: { input: q.struct({ ResourceArn: 'string', TagKeys: q.list('string') }), output: q.struct({}) },
  ListTagsForResource: { input: q.struct({ ResourceArn: 'string' }), output: q.struct({ Tags: tags }) },
};
