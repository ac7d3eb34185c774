import { PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { CreateQueueCommand, GetQueueAttributesCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEmulator, TEST_CREDENTIALS, type TestEmulator } from '../emulator/testing';
import { useTestServices } from '../testing';
import { getMetricData, getOldestMessageAges, getQueueMetricSeries } from './cloudwatch';

let emu: TestEmulator;

beforeAll(async () => {
  emu = await startTestEmulator();
  useTestServices({ AWS_ENDPOINT_URL: emu.url }, TEST_CREDENTIALS);
});

afterAll(async () => {
  await emu?.stop();
});

describe('the CloudWatch adapter', () => {
  it('reads any metric per query id, oldest first, and an empty list where there is no datapoint', async () => {
    const minute = Math.floor(Date.now() / 60_000) * 60_000;
    const Dimensions = [{ Name: 'Shop', Value: 'cw-test' }];
    await emu.cloudwatch.send(
      new PutMetricDataCommand({
        Namespace: 'Eddy/Test',
        MetricData: [
          { MetricName: 'Orders', Dimensions, Timestamp: new Date(minute - 60_000), Value: 9 },
          { MetricName: 'Orders', Dimensions, Timestamp: new Date(minute - 3 * 60_000), Value: 4 },
        ],
      }),
    );
    const query = (id: string, metricName: string) => ({ id, namespace: 'Eddy/Test', metricName, dimensions: { Shop: 'cw-test' }, stat: 'Sum' as const });
    const points = await getMetricData([query('q0', 'Orders'), query('q1', 'Refunds')], { start: new Date(minute - 10 * 60_000), end: new Date(minute + 60_000), periodSeconds: 60 });
    expect(points.get('q0')).toEqual([
      { t: minute - 3 * 60_000, value: 4 },
      { t: minute - 60_000, value: 9 },
    ]);
    expect(points.get('q1')).toEqual([]);
  });

  it('gives the queue pages ages and series from what the emulator publishes for SQS', async () => {
    // The emulator publishes AWS/SQS per completed minute of its own clock.
    const { QueueUrl } = await emu.sqs.send(new CreateQueueCommand({ QueueName: 'cw-test-queue' }));
    for (let i = 0; i < 3; i++) await emu.sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: '{}' }));
    emu.clock.advance(60_000);
    await emu.sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['All'] }));

    const ages = await getOldestMessageAges(['cw-test-queue', 'cw-test-no-such-queue']);
    expect([...ages.keys()]).toEqual(['cw-test-queue']);
    expect(ages.get('cw-test-queue')?.value).toBeGreaterThanOrEqual(0);
    expect(ages.get('cw-test-queue')?.t).toBe(Math.floor(emu.clock.now() / 60_000) * 60_000 - 60_000);
    const series = await getQueueMetricSeries('cw-test-queue', 15);
    expect(series.sent.values.reduce((a, b) => a + b, 0)).toBe(3);
    expect(series.sent.at).toEqual([...series.sent.at].sort((a, b) => a - b));
    expect(series.deleted.values.every((v) => v === 0)).toBe(true);
    // The depth parts chart ranges longer than Eddy's own samples reach.
    expect(series.visible.values.at(-1)).toBe(3);
    expect(series.inFlight.values.at(-1)).toBe(0);
    expect(series.delayed.values.at(-1)).toBe(0);
  });
});
