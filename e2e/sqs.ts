import { GetQueueAttributesCommand, PurgeQueueCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { DemoQueueName } from '../server/sim/resources';
import type { RunningDemo } from '../server/launch/demo';
import { expect } from './fixtures';

/** A queue's messages as its attributes count them: visible only, or visible and in flight. */
export async function depth(sqs: SQSClient, url: string, which: 'visible' | 'all' = 'all'): Promise<number> {
  const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }));
  return Number(Attributes?.ApproximateNumberOfMessages ?? 0) + (which === 'all' ? Number(Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0) : 0);
}

/**
 * Empties one of the demo's shared queues, so a test that counts or ranks what it holds sees only
 * what arrived after its own start, never what earlier specs left (the worker's demo lives as
 * long as the worker). PurgeQueue may be refused for 60 s after another purge of the same queue.
 */
export async function emptyDemoQueue(demo: RunningDemo, name: DemoQueueName): Promise<void> {
  const url = demo.simulation.resources.queues[name].url;
  await expect(async () => {
    await demo.clients.sqs.send(new PurgeQueueCommand({ QueueUrl: url }));
  }).toPass({ timeout: 75_000, intervals: [5_000] });
}
