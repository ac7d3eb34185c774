import { CreateTopicCommand, PublishCommand, SubscribeCommand } from '@aws-sdk/client-sns';
import { CreateQueueCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSnsEnvelope } from '@/lib/sns/envelope';
import { startTestEmulator, TEST_CREDENTIALS, type TestEmulator } from '../emulator/testing';
import { useTestServices } from '../testing';
import { browseQueue } from '../data/dlq';
import { redriveSelected } from './selected';

/**
 * An SNS subscription DLQ against the emulator: its dead letters name no source queue (no SQS
 * RedrivePolicy points at it), so Eddy finds where each was going from the subscriptions whose
 * RedrivePolicy names the DLQ, and "redrive selected" puts it back into that subscription's queue.
 */
let emu: TestEmulator;
beforeAll(async () => {
  emu = await startTestEmulator();
  useTestServices({ AWS_ENDPOINT_URL: emu.url }, TEST_CREDENTIALS);
});
afterAll(() => emu.stop());

async function queue(name: string) {
  const url = (await emu.sqs.send(new CreateQueueCommand({ QueueName: name }))).QueueUrl!;
  const arn = (await emu.sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }))).Attributes!.QueueArn!;
  return { name, url, arn };
}
const policy = (effect: 'Allow' | 'Deny', queueArn: string, topicArn: string) =>
  JSON.stringify({ Statement: [{ Effect: effect, Principal: { Service: 'sns.amazonaws.com' }, Action: 'sqs:SendMessage', Resource: queueArn, Condition: { ArnEquals: { 'aws:SourceArn': topicArn } } }] });

async function receiveAll(url: string): Promise<string[]> {
  const bodies: string[] = [];
  for (let empty = 0; empty < 2; ) {
    const out = await emu.sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, VisibilityTimeout: 600 }));
    if (!out.Messages?.length) empty++;
    bodies.push(...(out.Messages ?? []).map((m) => m.Body ?? ''));
  }
  return bodies;
}

describe('an SNS subscription DLQ', () => {
  it('browses each dead letter with the queue its subscription delivers to, and redrives it there once', async () => {
    const { TopicArn = '' } = await emu.sns.send(new CreateTopicCommand({ Name: 'sources-topic' }));
    const raw = await queue('sources-raw');
    const enveloped = await queue('sources-enveloped');
    const dlq = await queue('sources-dlq');
    const redrivePolicy = JSON.stringify({ deadLetterTargetArn: dlq.arn });
    await emu.sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: raw.arn, Attributes: { RawMessageDelivery: 'true', RedrivePolicy: redrivePolicy } }));
    await emu.sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: enveloped.arn, Attributes: { RedrivePolicy: redrivePolicy } }));
    // Both queues refuse the topic: every delivery fails into the DLQ.
    for (const q of [raw, enveloped]) await emu.sqs.send(new SetQueueAttributesCommand({ QueueUrl: q.url, Attributes: { Policy: policy('Deny', q.arn, TopicArn) } }));
    for (const n of [1, 2, 3]) await emu.sns.send(new PublishCommand({ TopicArn, Message: `{"orderId":"o-${n}"}` }));

    const page = await browseQueue(dlq.name, { limit: 10 });
    expect(page.messages).toHaveLength(6);
    for (const m of page.messages) {
      expect(m).toMatchObject({ sourceQueue: parseSnsEnvelope(m.body) ? enveloped.name : raw.name, sourceQueueInferred: true, sourceQueueVia: 'subscription' });
    }

    for (const q of [raw, enveloped]) await emu.sqs.send(new SetQueueAttributesCommand({ QueueUrl: q.url, Attributes: { Policy: policy('Allow', q.arn, TopicArn) } }));
    const outcomes = await redriveSelected({ dlqName: dlq.name, messageIds: page.messages.map((m) => m.messageId) });
    expect(outcomes.map((o) => o.status)).toEqual(Array(6).fill('redriven'));

    const rawBodies = await receiveAll(raw.url);
    const envelopes = (await receiveAll(enveloped.url)).map((b) => parseSnsEnvelope(b));
    expect(rawBodies.sort()).toEqual(['{"orderId":"o-1"}', '{"orderId":"o-2"}', '{"orderId":"o-3"}']);
    expect(envelopes.map((e) => e?.message).sort()).toEqual(['{"orderId":"o-1"}', '{"orderId":"o-2"}', '{"orderId":"o-3"}']);
    expect(new Set(envelopes.map((e) => e?.messageId)).size).toBe(3);
    expect(await receiveAll(dlq.url)).toEqual([]);
  });
});
