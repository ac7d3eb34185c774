import { GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { CreateQueueCommand, SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import { afterEach, describe, expect, it } from 'vitest';
import { EmulatorClock } from '../core/clock';
import { EmulatorStats } from '../core/stats';
import type { MetricDatum, RequestContext } from '../core/types';
import { DEFAULT_EMULATOR_CONFIG } from '../index';
import { startTestEmulator } from '../testing';
import { createSqs } from './index';

const ctx: RequestContext = { region: 'us-east-1', accountId: '000000000000', origin: 'http://127.0.0.1:1', requestId: 'r' };

/** An SQS service on its own clock with a fake MetricSink that records what it is given. */
function setup() {
  // Start 1 s into a minute so every call of a test falls in the same emulator minute.
  const clock = new EmulatorClock(0);
  clock.advance(60_000 - (clock.now() % 60_000) + 1_000);
  const data: MetricDatum[] = [];
  const sqs = createSqs({ config: DEFAULT_EMULATOR_CONFIG, clock, stats: new EmulatorStats() }, { putMetric: (d) => data.push(d) });
  const call = (op: string, input: Record<string, unknown>) => sqs.handle(op, input, ctx) as Promise<Record<string, unknown>>;
  return { clock, data, sqs, call };
}
let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

function valuesOf(data: MetricDatum[], metricName: string, queueName: string): Array<[number, number]> {
  return data
    .filter((d) => d.metricName === metricName && d.dimensions[0]?.Value === queueName)
    .map((d) => [d.timestamp, d.value] as [number, number]);
}

describe('AWS/SQS metrics', () => {
  it('publishes per-minute counts and gauges for each completed emulator minute', async () => {
    const { clock, data, sqs, call } = setup();
    cleanup = () => sqs.close();
    const minute0 = Math.floor(clock.now() / 60_000) * 60_000;
    const { QueueUrl } = await call('CreateQueue', { QueueName: 'metered' });
    for (let i = 0; i < 3; i++) await call('SendMessage', { QueueUrl, MessageBody: `m${i}` });
    await call('SendMessage', { QueueUrl, MessageBody: 'later', DelaySeconds: 600 });
    const received = (await call('ReceiveMessage', { QueueUrl, MaxNumberOfMessages: 2 })).Messages as { ReceiptHandle: string }[];
    await call('DeleteMessage', { QueueUrl, ReceiptHandle: received[0].ReceiptHandle });
    await call('ReceiveMessage', { QueueUrl, MaxNumberOfMessages: 10 });
    await call('ReceiveMessage', { QueueUrl });

    sqs.publishMetrics();
    expect(data).toEqual([]); // minute 0 has not completed yet

    clock.advance(60_000); // completes minute 0 (onAdvance publishes)
    const at = (name: string) => valuesOf(data, name, 'metered');
    expect(at('NumberOfMessagesSent')).toEqual([[minute0, 4]]);
    expect(at('NumberOfMessagesReceived')).toEqual([[minute0, 3]]);
    expect(at('NumberOfMessagesDeleted')).toEqual([[minute0, 1]]);
    expect(at('NumberOfEmptyReceives')).toEqual([[minute0, 1]]);
    // 60 s later: the two in-flight messages are visible again (30 s timeout), one is still delayed.
    expect(at('ApproximateNumberOfMessagesVisible')).toEqual([[minute0, 2]]);
    expect(at('ApproximateNumberOfMessagesNotVisible')).toEqual([[minute0, 0]]);
    expect(at('ApproximateNumberOfMessagesDelayed')).toEqual([[minute0, 1]]);
    expect(at('ApproximateAgeOfOldestMessage')[0][1]).toBeGreaterThanOrEqual(60);
    const datum = data.find((d) => d.metricName === 'NumberOfMessagesSent')!;
    expect(datum).toMatchObject({ namespace: 'AWS/SQS', dimensions: [{ Name: 'QueueName', Value: 'metered' }], unit: 'Count' });
    expect(data.find((d) => d.metricName === 'ApproximateAgeOfOldestMessage')?.unit).toBe('Seconds');

    // Publishing again in the same minute adds nothing; the next minute reports zero counts.
    const before = data.length;
    sqs.publishMetrics();
    expect(data.length).toBe(before);
    clock.advance(60_000);
    expect(at('NumberOfMessagesSent')).toEqual([
      [minute0, 4],
      [minute0 + 60_000, 0],
    ]);
  });

  it('counts a DLQ message age from its move, not its send', async () => {
    const { clock, data, sqs, call } = setup();
    cleanup = () => sqs.close();
    const { QueueUrl: dlqUrl } = await call('CreateQueue', { QueueName: 'aged-dlq' });
    const dlqArn = ((await call('GetQueueAttributes', { QueueUrl: dlqUrl, AttributeNames: ['QueueArn'] })).Attributes as Record<string, string>).QueueArn;
    const { QueueUrl } = await call('CreateQueue', {
      QueueName: 'aged-src',
      Attributes: { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: 1 }) },
    });
    await call('SendMessage', { QueueUrl, MessageBody: 'x' });
    await call('ReceiveMessage', { QueueUrl, VisibilityTimeout: 0 });
    clock.advance(600_000);
    data.length = 0;
    await call('ReceiveMessage', { QueueUrl }); // moves it
    clock.advance(120_000);
    const source = valuesOf(data, 'ApproximateAgeOfOldestMessage', 'aged-src');
    const dlq = valuesOf(data, 'ApproximateAgeOfOldestMessage', 'aged-dlq');
    expect(source.at(-1)?.[1]).toBe(0);
    const age = dlq.at(-1)![1];
    expect(age).toBeGreaterThanOrEqual(120);
    expect(age).toBeLessThan(600);
  });

  it('ends pending long polls on close()', async () => {
    const { sqs, call } = setup();
    const { QueueUrl } = await call('CreateQueue', { QueueName: 'closing' });
    const polling = call('ReceiveMessage', { QueueUrl, WaitTimeSeconds: 20 });
    await new Promise((r) => setTimeout(r, 50));
    const started = Date.now();
    sqs.close();
    await expect(polling).resolves.toEqual({});
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});

describe('AWS/SQS metrics through CloudWatch GetMetricData', () => {
  it('reads NumberOfMessagesSent and ApproximateNumberOfMessagesVisible of a completed minute', async () => {
    const emu = await startTestEmulator();
    try {
      emu.clock.advance(60_000 - (emu.clock.now() % 60_000) + 1_000);
      const minute = Math.floor(emu.clock.now() / 60_000) * 60_000;
      const { QueueUrl } = await emu.sqs.send(new CreateQueueCommand({ QueueName: 'watched' }));
      await emu.sqs.send(new SendMessageBatchCommand({ QueueUrl, Entries: [1, 2, 3].map((i) => ({ Id: `m${i}`, MessageBody: `b${i}` })) }));
      await emu.control('POST', '/_eddy/clock', { advanceMs: 60_000 });
      const metric = (MetricName: string) => ({
        Metric: { Namespace: 'AWS/SQS', MetricName, Dimensions: [{ Name: 'QueueName', Value: 'watched' }] },
        Period: 60,
        Stat: MetricName.startsWith('Number') ? 'Sum' : 'Maximum',
      });
      const out = await emu.cloudwatch.send(
        new GetMetricDataCommand({
          StartTime: new Date(minute - 60_000),
          EndTime: new Date(minute + 120_000),
          MetricDataQueries: [
            { Id: 'sent', MetricStat: metric('NumberOfMessagesSent') },
            { Id: 'visible', MetricStat: metric('ApproximateNumberOfMessagesVisible') },
          ],
        }),
      );
      const result = (id: string) => out.MetricDataResults?.find((r) => r.Id === id);
      expect(result('sent')?.Timestamps?.map((t) => t.getTime())).toEqual([minute]);
      expect(result('sent')?.Values).toEqual([3]);
      expect(result('visible')?.Values).toEqual([3]);
    } finally {
      await emu.stop();
    }
  });
});
