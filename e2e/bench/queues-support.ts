import { CreateQueueCommand, GetQueueAttributesCommand, SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { startEmulator, type Emulator } from '../../server/emulator/index';
import { ensureBuild, startApp, type RunningApp } from '../../server/launch/app';
import { getFreePort } from '../../server/launch/ports';

/** The emulator and the built dashboard pointed at it (no demo traffic), on free ports. */
export interface QueueBenchStack {
  emulator: Emulator;
  app: RunningApp;
  sqs: SQSClient;
  /** SQS requests the emulator has served so far. */
  sqsCalls(): Promise<number>;
  stop(): Promise<void>;
}

export async function startQueueBenchStack(): Promise<QueueBenchStack> {
  const emulator = await startEmulator({ port: 0 });
  ensureBuild(() => {});
  const app = await startApp({
    port: await getFreePort(),
    env: {
      AWS_ENDPOINT_URL: emulator.url,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'AKIDBENCH',
      AWS_SECRET_ACCESS_KEY: 'bench',
      AWS_PROFILE: undefined,
      EDDY_EMULATOR_PORT: String(emulator.port),
      EDDY_DATA_DIR: `.eddy/bench-${process.pid}`,
    },
  });
  const sqs = new SQSClient({ endpoint: emulator.url, region: 'us-east-1', credentials: { accessKeyId: 'AKIDBENCH', secretAccessKey: 'bench' } });
  return {
    emulator,
    app,
    sqs,
    async sqsCalls() {
      const stats = (await (await fetch(`${emulator.url}/_eddy/stats`)).json()) as { requests: Record<string, number> };
      return Object.entries(stats.requests)
        .filter(([op]) => op.startsWith('AmazonSQS.'))
        .reduce((n, [, count]) => n + count, 0);
    },
    async stop() {
      sqs.destroy();
      await app.stop();
      await emulator.stop();
    },
  };
}

/** A DLQ (named by a source's RedrivePolicy) holding `count` messages, and its source. */
export async function createFilledDlq(sqs: SQSClient, prefix: string, count: number): Promise<{ dlqName: string; srcName: string; dlqUrl: string; srcUrl: string }> {
  const dlqUrl = (await sqs.send(new CreateQueueCommand({ QueueName: `${prefix}-dlq` }))).QueueUrl as string;
  const arn = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: dlqUrl, AttributeNames: ['QueueArn'] }))).Attributes?.QueueArn as string;
  const srcUrl = (await sqs.send(new CreateQueueCommand({ QueueName: `${prefix}-src`, Attributes: { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: arn, maxReceiveCount: 3 }) } })))
    .QueueUrl as string;
  const body = JSON.stringify({ orderId: 'o-1', items: [{ sku: 'GLASS-VASE', quantity: 1 }], error: 'fragile item' });
  const batches = Array.from({ length: Math.ceil(count / 10) }, (_, b) => b);
  for (let i = 0; i < batches.length; i += 8) {
    await Promise.all(
      batches.slice(i, i + 8).map((b) =>
        sqs.send(new SendMessageBatchCommand({ QueueUrl: dlqUrl, Entries: Array.from({ length: Math.min(10, count - b * 10) }, (_, j) => ({ Id: `m${j}`, MessageBody: body })) })),
      ),
    );
  }
  return { dlqName: `${prefix}-dlq`, srcName: `${prefix}-src`, dlqUrl, srcUrl };
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** Times one HTTP GET of the dashboard, in ms, and returns its JSON. */
export async function timedGet<T>(url: string): Promise<{ ms: number; body: T }> {
  const t = performance.now();
  const res = await fetch(url);
  const body = (await res.json()) as T;
  if (!res.ok) throw new Error(`${url} answered ${res.status}: ${JSON.stringify(body)}`);
  return { ms: performance.now() - t, body };
}
