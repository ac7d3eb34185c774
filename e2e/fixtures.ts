import { CreateQueueCommand, DeleteQueueCommand, GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { test as base } from '@playwright/test';
import { startApp, type RunningApp } from '../server/launch/app';
import { startDemo, type RunningDemo } from '../server/launch/demo';
import { getFreePort } from '../server/launch/ports';

export { expect } from '@playwright/test';

/** Dummy credentials: the SDK signs every request, even to a local endpoint. */
const DUMMY_AWS = { AWS_ACCESS_KEY_ID: 'AKIDEDDYTEST', AWS_SECRET_ACCESS_KEY: 'eddy-test-secret', AWS_REGION: 'us-east-1' };

/** A queue a test created: deleted when the test ends. */
export interface TempQueue {
  name: string;
  url: string;
  arn: string;
}

/** Uniquely named SQS queues in the demo's endpoint, deleted when the test ends, passed or failed. */
export interface TempQueues {
  /** A name no other test or run uses: `e2e-<label>-<time>-<n>`. */
  uniqueName(label: string): string;
  /** Creates a queue (`attributes` as CreateQueue takes them). */
  create(name: string, attributes?: Record<string, string>): Promise<TempQueue>;
  /** A DLQ `<name>-dlq` and a source `<name>` whose RedrivePolicy sends to it after `maxReceiveCount` receives. */
  createWithDlq(name: string, maxReceiveCount: number, attributes?: { source?: Record<string, string>; dlq?: Record<string, string> }): Promise<{ source: TempQueue; dlq: TempQueue }>;
}

interface TestFixtures {
  tempQueues: TempQueues;
}

interface WorkerFixtures {
  /** The dashboard pointed at a real closed port: every AWS call fails with ECONNREFUSED. */
  deadEndpointApp: RunningApp & { endpoint: string };
  /** `npm run demo` on free ports: the emulator, the demo system and the dashboard. */
  demo: RunningDemo;
}

export const test = base.extend<TestFixtures, WorkerFixtures>({
  tempQueues: async ({ demo }, use) => {
    const sqs = demo.clients.sqs;
    const created: TempQueue[] = [];
    let n = 0;
    const create = async (name: string, attributes?: Record<string, string>): Promise<TempQueue> => {
      const url = (await sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: attributes }))).QueueUrl as string;
      const arn = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }))).Attributes?.QueueArn as string;
      const queue = { name, url, arn };
      created.push(queue);
      return queue;
    };
    await use({
      uniqueName: (label) => `e2e-${label}-${Date.now()}-${n++}`,
      create,
      async createWithDlq(name, maxReceiveCount, attributes = {}) {
        const dlq = await create(`${name}-dlq`, attributes.dlq);
        const source = await create(name, { ...attributes.source, RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq.arn, maxReceiveCount }) });
        return { source, dlq };
      },
    });
    // Sources first, then their DLQs; a queue the test deleted itself is already gone.
    for (const queue of created.reverse()) await sqs.send(new DeleteQueueCommand({ QueueUrl: queue.url })).catch(() => undefined);
  },

  deadEndpointApp: [
    async ({}, use) => {
      // A port taken from the OS and released again: nothing listens there.
      const deadPort = await getFreePort();
      const endpoint = `http://127.0.0.1:${deadPort}`;
      const app = await startApp({
        port: await getFreePort(),
        env: { ...DUMMY_AWS, AWS_ENDPOINT_URL: endpoint, EDDY_EMULATOR_PORT: String(deadPort), EDDY_DATA_DIR: `.eddy/test-${process.pid}` },
      });
      await use({ ...app, endpoint });
      await app.stop();
    },
    { scope: 'worker' },
  ],
  demo: [
    async ({}, use) => {
      const demo = await startDemo({
        appPort: await getFreePort(),
        emulatorPort: await getFreePort(),
        appEnv: { EDDY_DATA_DIR: `.eddy/test-${process.pid}` },
      });
      await use(demo);
      await demo.stop();
    },
    { scope: 'worker', timeout: 120_000 },
  ],
});
