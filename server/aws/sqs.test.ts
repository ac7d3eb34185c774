import { CreateQueueCommand, type GetQueueAttributesCommandOutput } from '@aws-sdk/client-sqs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestEmulator, TEST_CREDENTIALS, type TestEmulator } from '../emulator/testing';
import { useTestServices } from '../testing';
import { getClients } from './clients';
import { getQueue } from './sqs';

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
