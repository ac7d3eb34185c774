import { CreateTopicCommand, PublishCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { CreateQueueCommand, DeleteMessageBatchCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mapLimit } from '../../lib/concurrency';
import { percentile, startQueueBenchStack, timedGet } from './queues-support';
import type { BenchRow } from './types';

const CREDENTIALS = { accessKeyId: 'AKIDBENCH', secretAccessKey: 'bench-secret' };
const REGION = 'us-east-1';
const ACCOUNT = '000000000000';
/** Publish → SQS delivery. */
const MESSAGES = 2_000;
const PUBLISH_CONCURRENCY = 16;
/** The account for discovery. */
const TOPICS = 200;
const SUBSCRIPTIONS_PER_TOPIC = 5;
const QUEUES = 200;
const REFRESH_RUNS = 3;

/**
 * Publish → SQS throughput and latency: MESSAGES published (16 at a time) to a topic with one raw
 * and one enveloped queue subscription, both queues drained by long-polling consumers meanwhile;
 * latency is from just before Publish to the consumer's receive.
 */
async function publishToDelivery(endpoint: string): Promise<BenchRow[]> {
  const common = { endpoint, region: REGION, credentials: CREDENTIALS };
  const sns = new SNSClient(common);
  const sqs = new SQSClient(common);
  try {
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: 'bench-fanout' }));
    const queues = await Promise.all(
      ['bench-fanout-raw', 'bench-fanout-envelope'].map(async (name) => {
        const { QueueUrl = '' } = await sqs.send(new CreateQueueCommand({ QueueName: name }));
        await sns.send(
          new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: `arn:aws:sqs:${REGION}:${ACCOUNT}:${name}`, Attributes: name.endsWith('raw') ? { RawMessageDelivery: 'true' } : {} }),
        );
        return { name, url: QueueUrl };
      }),
    );
    const sentAt = new Map<number, number>();
    const latencies: number[] = [];
    let received = 0;
    let lastReceivedAt = 0;
    const expected = MESSAGES * queues.length;
    const consume = async (url: string, raw: boolean) => {
      while (received < expected) {
        const out = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }));
        const now = performance.now();
        for (const m of out.Messages ?? []) {
          const body = raw ? (m.Body ?? '') : (JSON.parse(m.Body ?? '{}') as { Message: string }).Message;
          const n = (JSON.parse(body) as { n: number }).n;
          latencies.push(now - (sentAt.get(n) ?? now));
          received += 1;
          lastReceivedAt = now;
        }
        if (out.Messages?.length) {
          await sqs.send(new DeleteMessageBatchCommand({ QueueUrl: url, Entries: out.Messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle })) }));
        }
      }
    };
    const consumers = queues.flatMap((q) => [consume(q.url, q.name.endsWith('raw')), consume(q.url, q.name.endsWith('raw'))]);
    const start = performance.now();
    const publishMs: number[] = [];
    await mapLimit(Array.from({ length: MESSAGES }, (_, n) => n), PUBLISH_CONCURRENCY, async (n) => {
      sentAt.set(n, performance.now());
      const t = performance.now();
      await sns.send(new PublishCommand({ TopicArn, Message: JSON.stringify({ n, orderId: `ord-${n}` }), MessageAttributes: { eventType: { DataType: 'String', StringValue: 'OrderPlaced' } } }));
      publishMs.push(performance.now() - t);
    });
    const published = performance.now();
    await Promise.all(consumers);
    const seconds = (lastReceivedAt - start) / 1000;
    return [
      {
        name: 'Publish → SQS delivery throughput (2 subscriptions)',
        value: received / seconds,
        unit: 'deliveries/s',
        detail: `${MESSAGES} publishes (${PUBLISH_CONCURRENCY} in flight) = ${(MESSAGES / ((published - start) / 1000)).toFixed(0)} publishes/s; ${received} deliveries received in ${seconds.toFixed(1)} s`,
      },
      {
        name: 'Publish → received latency',
        value: percentile(latencies, 50),
        unit: 'ms p50',
        detail: `p99 ${percentile(latencies, 99).toFixed(1)} ms, max ${Math.max(...latencies).toFixed(0)} ms over ${latencies.length} (consumers long-poll 10 at a time); Publish call p50 ${percentile(publishMs, 50).toFixed(1)} ms, p99 ${percentile(publishMs, 99).toFixed(1)} ms`,
      },
    ];
  } finally {
    sns.destroy();
    sqs.destroy();
  }
}

/** 200 topics, each subscribed by 5 of 200 queues (1,000 subscriptions), half with a filter and a DLQ. */
async function createTopicAccount(endpoint: string): Promise<void> {
  const common = { endpoint, region: REGION, credentials: CREDENTIALS };
  const sns = new SNSClient(common);
  const sqs = new SQSClient(common);
  try {
    await mapLimit(Array.from({ length: QUEUES }, (_, i) => i), 16, (i) => sqs.send(new CreateQueueCommand({ QueueName: `bench-sub-${i}` })));
    const dlq = `arn:aws:sqs:${REGION}:${ACCOUNT}:bench-sub-0`;
    await mapLimit(Array.from({ length: TOPICS }, (_, i) => i), 16, async (t) => {
      const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: `bench-topic-${t}` }));
      for (let k = 0; k < SUBSCRIPTIONS_PER_TOPIC; k++) {
        const q = (t + k * 37) % QUEUES;
        const attributes: Record<string, string> = k % 2 === 0 ? { FilterPolicy: JSON.stringify({ eventType: [`Event${k}`] }), RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq }) } : {};
        await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: `arn:aws:sqs:${REGION}:${ACCOUNT}:bench-sub-${q}`, Attributes: attributes }));
      }
    });
  } finally {
    sns.destroy();
    sqs.destroy();
  }
}

async function stats(emulatorUrl: string): Promise<Record<string, number>> {
  return ((await (await fetch(`${emulatorUrl}/_eddy/stats`)).json()) as { requests: Record<string, number> }).requests;
}

function snsBreakdown(requests: Record<string, number>, divisor: number): { total: number; text: string } {
  const sns = Object.entries(requests).filter(([op]) => /sns/i.test(op));
  return {
    total: sns.reduce((a, [, n]) => a + n, 0) / divisor,
    text: sns
      .sort((a, b) => b[1] - a[1])
      .map(([op, n]) => `${op.replace(/^.*\./, '')} ${Math.round((n / divisor) * 10) / 10}`)
      .join(', '),
  };
}

type TopicsAnswer = { topics: { subscriptions: unknown[] }[] };

/** `npm run bench -- sns`: the emulator's Publish → SQS delivery, and Eddy's topic discovery on 200 topics / 1,000 subscriptions. */
export async function benchSns(): Promise<BenchRow[]> {
  const stack = await startQueueBenchStack();
  const emulatorUrl = stack.emulator.url;
  const topicsUrl = `${stack.app.url}/api/topics`;
  try {
    const rows = await publishToDelivery(emulatorUrl);
    const t = performance.now();
    await createTopicAccount(emulatorUrl);
    console.error(`  generated ${TOPICS} topics / ${TOPICS * SUBSCRIPTIONS_PER_TOPIC} subscriptions in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    await fetch(`${emulatorUrl}/_eddy/stats`, { method: 'DELETE' });
    const cold = await timedGet<TopicsAnswer>(topicsUrl);
    const coldCalls = snsBreakdown(await stats(emulatorUrl), 1);
    rows.push({
      name: `topic discovery, cold (${TOPICS} topics, ${TOPICS * SUBSCRIPTIONS_PER_TOPIC} subscriptions)`,
      value: cold.ms,
      unit: 'ms',
      detail: `${cold.body.topics.length} topics, ${cold.body.topics.reduce((a, topic) => a + topic.subscriptions.length, 0)} subscriptions listed, with the rest of discovery; ${coldCalls.total} SNS calls (${coldCalls.text})`,
    });
    const warm: number[] = [];
    await fetch(`${emulatorUrl}/_eddy/stats`, { method: 'DELETE' });
    for (let i = 0; i < REFRESH_RUNS; i++) warm.push((await timedGet<TopicsAnswer>(`${topicsUrl}?refresh=1`)).ms);
    const warmCalls = snsBreakdown(await stats(emulatorUrl), REFRESH_RUNS);
    rows.push({
      name: 'topic discovery, warm (?refresh=1)',
      value: percentile(warm, 50),
      unit: 'ms p50',
      detail: `max ${Math.round(Math.max(...warm))} ms over ${REFRESH_RUNS}; ${warmCalls.total} SNS calls each (${warmCalls.text})`,
    });
    const cached: number[] = [];
    for (let i = 0; i < 10; i++) cached.push((await timedGet<TopicsAnswer>(topicsUrl)).ms);
    rows.push({ name: '/api/topics cached answer', value: percentile(cached, 50), unit: 'ms p50', detail: `max ${Math.round(Math.max(...cached))} ms over 10; no SNS call` });
    return rows;
  } finally {
    await stack.stop();
  }
}
