import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  SendMessageCommand,
  StartMessageMoveTaskCommand,
  type GetQueueAttributesCommandOutput,
  type ListMessageMoveTasksCommandOutput,
} from '@aws-sdk/client-sqs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestEmulator, TEST_CREDENTIALS, type TestEmulator } from '../emulator/testing';
import { useTestServices } from '../testing';
import { getClients } from './clients';
import { getQueue, listMoveTasks } from './sqs';

let emu: TestEmulator;
const DROP = 'sqs-test-drop-created';

beforeAll(async () => {
  emu = await startTestEmulator();
  useTestServices({ AWS_ENDPOINT_URL: emu.url }, TEST_CREDENTIALS);
});
afterAll(() => emu?.stop());
afterEach(() => {
  getClients().sqs.middlewareStack.remove(DROP);
});

/** Makes Eddy's SQS client see every answer as `edit` leaves it: a server that leaves fields out. */
function serverLeavesOut(edit: (output: unknown) => void): void {
  getClients().sqs.middlewareStack.add(
    (next) => async (args) => {
      const out = await next(args);
      edit(out.output);
      return out;
    },
    { step: 'initialize', name: DROP },
  );
}

async function createQueue(prefix: string, attributes?: Record<string, string>): Promise<string> {
  return (await emu.sqs.send(new CreateQueueCommand({ QueueName: `${prefix}-${Date.now()}-${Math.floor(Math.random() * 1e6)}`, Attributes: attributes }))).QueueUrl as string;
}

describe('getQueue', () => {
  it('reads when the queue was created from CreatedTimestamp', async () => {
    const before = Math.floor(emu.clock.now() / 1000) * 1000;
    const url = (await emu.sqs.send(new CreateQueueCommand({ QueueName: `created-${Date.now()}` }))).QueueUrl as string;
    const queue = await getQueue(url);
    expect(Date.parse(queue.createdAt ?? '')).toBeGreaterThanOrEqual(before);
  });

  it('leaves a creation time the server did not send unknown, never 1970', async () => {
    const url = (await emu.sqs.send(new CreateQueueCommand({ QueueName: `no-created-${Date.now()}` }))).QueueUrl as string;
    // A server that leaves the attribute out (as some SQS stand-ins do for attributes they lack).
    getClients().sqs.middlewareStack.add(
      (next) => async (args) => {
        const out = await next(args);
        delete (out.output as GetQueueAttributesCommandOutput).Attributes?.CreatedTimestamp;
        return out;
      },
      { step: 'initialize', name: DROP },
    );
    const queue = await getQueue(url);
    expect(queue.createdAt).toBeUndefined();
    expect(queue.name).toMatch(/^no-created-/);
  });
});

describe('getQueue: counts a server leaves out are unknown, never 0', () => {
  it('reads the three counts when the server sends them', async () => {
    const url = await createQueue('counted');
    await emu.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'one' }));
    const queue = await getQueue(url);
    expect(queue).toMatchObject({ visible: 1, inFlight: 0, delayed: 0 });
    expect(queue.countsUnknownReason).toBeUndefined();
  });

  it('leaves a missing ApproximateNumberOfMessages* undefined and says which', async () => {
    const url = await createQueue('uncounted');
    await emu.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'one' }));
    serverLeavesOut((output) => {
      const attributes = (output as GetQueueAttributesCommandOutput).Attributes;
      delete attributes?.ApproximateNumberOfMessagesNotVisible;
      delete attributes?.ApproximateNumberOfMessagesDelayed;
    });
    const queue = await getQueue(url);
    expect(queue.visible).toBe(1);
    expect(queue.inFlight).toBeUndefined();
    expect(queue.delayed).toBeUndefined();
    expect(queue.countsUnknownReason).toBe('The SQS endpoint returned no ApproximateNumberOfMessagesNotVisible or ApproximateNumberOfMessagesDelayed for this queue.');
  });

  it('leaves a maxReceiveCount the RedrivePolicy does not state undefined', async () => {
    const dlqUrl = await createQueue('policy-dlq');
    const dlqArn = (await emu.sqs.send(new GetQueueAttributesCommand({ QueueUrl: dlqUrl, AttributeNames: ['QueueArn'] }))).Attributes?.QueueArn as string;
    const url = await createQueue('policy-src', { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: 4 }) });
    expect((await getQueue(url)).redrivePolicy).toEqual({ deadLetterTargetArn: dlqArn, maxReceiveCount: 4 });
    serverLeavesOut((output) => {
      const attributes = (output as GetQueueAttributesCommandOutput).Attributes;
      if (attributes?.RedrivePolicy) attributes.RedrivePolicy = JSON.stringify({ deadLetterTargetArn: dlqArn });
    });
    expect((await getQueue(url)).redrivePolicy).toEqual({ deadLetterTargetArn: dlqArn, maxReceiveCount: undefined });
  });
});

describe('listMoveTasks: a start time or moved count the server leaves out is unknown, never 1970 or 0', () => {
  it('maps a task without StartedTimestamp and ApproximateNumberOfMessagesMoved to undefined ones', async () => {
    const dlqUrl = await createQueue('move-dlq');
    const dlqArn = (await emu.sqs.send(new GetQueueAttributesCommand({ QueueUrl: dlqUrl, AttributeNames: ['QueueArn'] }))).Attributes?.QueueArn as string;
    await createQueue('move-src', { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: 1 }) });
    await emu.sqs.send(new SendMessageCommand({ QueueUrl: dlqUrl, MessageBody: 'dead' }));
    await emu.sqs.send(new StartMessageMoveTaskCommand({ SourceArn: dlqArn }));
    const [told] = await listMoveTasks(dlqArn);
    expect(Date.parse(told.startedAt ?? '')).toBeGreaterThan(Date.UTC(2020, 0, 1));
    expect(told.moved).toEqual(expect.any(Number));
    serverLeavesOut((output) => {
      for (const entry of (output as ListMessageMoveTasksCommandOutput).Results ?? []) {
        delete entry.StartedTimestamp;
        delete entry.ApproximateNumberOfMessagesMoved;
      }
    });
    const [task] = await listMoveTasks(dlqArn);
    expect(task.sourceArn).toBe(dlqArn);
    expect(task.startedAt).toBeUndefined();
    expect(task.moved).toBeUndefined();
  });
});
