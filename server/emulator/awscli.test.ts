import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEmulator, type TestEmulator } from './testing';

/**
 * A scripted session of Debian's AWS CLI (2.9.19, `apt-get install awscli`; `.ci/run` installs
 * it) against the emulator: a client nobody here wrote. It speaks the query protocol to SQS and
 * CloudWatch and JSON to DynamoDB and Streams. `EDDY_AWS_CLI` points at another binary; the
 * `aws` first on some PATHs is a pyenv 1.x, which this test must not pick up by accident.
 */
const CLI = process.env.EDDY_AWS_CLI || '/usr/bin/aws';

let emu: TestEmulator;
let home: string;
beforeAll(async () => {
  emu = await startTestEmulator();
  home = mkdtempSync(path.join(tmpdir(), 'eddy-awscli-'));
});
afterAll(async () => {
  await emu.stop();
  rmSync(home, { recursive: true, force: true });
});

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs one CLI command asynchronously (the emulator answers from this same process). */
function cli(args: string[]): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      CLI,
      ['--endpoint-url', emu.url, '--output', 'json', '--no-cli-pager', ...args],
      {
        env: {
          ...process.env,
          PATH: process.env.PATH,
          HOME: home,
          AWS_ACCESS_KEY_ID: 'AKIDAWSCLI',
          AWS_SECRET_ACCESS_KEY: 'awscli-secret',
          AWS_DEFAULT_REGION: 'us-east-1',
          AWS_CONFIG_FILE: path.join(home, 'config'),
          AWS_SHARED_CREDENTIALS_FILE: path.join(home, 'credentials'),
          AWS_REGION: 'us-east-1',
          AWS_SESSION_TOKEN: undefined,
          AWS_PROFILE: undefined,
          AWS_ENDPOINT_URL: undefined,
        },
        encoding: 'utf8',
        timeout: 60_000,
      },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/** Runs a command that must succeed and parses its JSON output (empty output is `{}`). */
async function aws(...args: string[]): Promise<Record<string, unknown>> {
  const res = await cli(args);
  expect(res.code, `aws ${args.join(' ')}\n${res.stderr}`).toBe(0);
  return res.stdout.trim() ? (JSON.parse(res.stdout) as Record<string, unknown>) : {};
}

const suffix = Math.random().toString(36).slice(2, 7);

describe(`Debian AWS CLI session (${CLI})`, () => {
  it('is the AWS CLI 2 this test was written for', async () => {
    const res = await cli(['--version']);
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/^aws-cli\/2\./);
  });

  it('SQS: create with a redrive policy, send, receive, delete, attributes, dead-letter sources', { timeout: 180_000 }, async () => {
    const dlqUrl = (await aws('sqs', 'create-queue', '--queue-name', `cli-dlq-${suffix}`)).QueueUrl as string;
    expect(dlqUrl).toBe(`${emu.url}/000000000000/cli-dlq-${suffix}`);
    const dlqArn = ((await aws('sqs', 'get-queue-attributes', '--queue-url', dlqUrl, '--attribute-names', 'QueueArn')).Attributes as Record<string, string>).QueueArn;
    const policy = JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: '1' });
    const url = (
      await aws('sqs', 'create-queue', '--queue-name', `cli-orders-${suffix}`, '--attributes', JSON.stringify({ RedrivePolicy: policy, VisibilityTimeout: '0' }))
    ).QueueUrl as string;

    const sources = await aws('sqs', 'list-dead-letter-source-queues', '--queue-url', dlqUrl);
    expect(sources.queueUrls).toEqual([url]);

    const sent = await aws(
      'sqs', 'send-message', '--queue-url', url, '--message-body', 'order 1 + spaces & signs',
      '--message-attributes', '{"kind":{"DataType":"String","StringValue":"OrderPlaced"}}',
    );
    expect(sent.MD5OfMessageBody).toMatch(/^[0-9a-f]{32}$/);
    const batch = await aws('sqs', 'send-message-batch', '--queue-url', url, '--entries', JSON.stringify([{ Id: 'a', MessageBody: 'order 2' }, { Id: 'b', MessageBody: 'order 3' }]));
    expect((batch.Successful as unknown[]).length).toBe(2);

    const attrs = (await aws('sqs', 'get-queue-attributes', '--queue-url', url, '--attribute-names', 'All')).Attributes as Record<string, string>;
    expect(attrs.ApproximateNumberOfMessages).toBe('3');
    expect(JSON.parse(attrs.RedrivePolicy)).toEqual({ deadLetterTargetArn: dlqArn, maxReceiveCount: 1 });
    await aws('sqs', 'set-queue-attributes', '--queue-url', url, '--attributes', '{"DelaySeconds":"0","MessageRetentionPeriod":"3600"}');
    const changed = (await aws('sqs', 'get-queue-attributes', '--queue-url', url, '--attribute-names', 'MessageRetentionPeriod')).Attributes as Record<string, string>;
    expect(changed.MessageRetentionPeriod).toBe('3600');

    const received = (
      await aws('sqs', 'receive-message', '--queue-url', url, '--max-number-of-messages', '10', '--attribute-names', 'All', '--message-attribute-names', 'All')
    ).Messages as { Body: string; ReceiptHandle: string; MessageAttributes?: Record<string, { StringValue: string }>; Attributes: Record<string, string> }[];
    expect(received.map((m) => m.Body).sort()).toEqual(['order 1 + spaces & signs', 'order 2', 'order 3']);
    const first = received.find((m) => m.Body.startsWith('order 1'))!;
    expect(first.MessageAttributes?.kind.StringValue).toBe('OrderPlaced');
    expect(first.Attributes.ApproximateReceiveCount).toBe('1');
    await aws('sqs', 'delete-message', '--queue-url', url, '--receipt-handle', first.ReceiptHandle);

    // The other two were received once (maxReceiveCount 1): the next receive moves them to the DLQ.
    const again = await aws('sqs', 'receive-message', '--queue-url', url, '--max-number-of-messages', '10');
    expect(again.Messages).toBeUndefined();
    const dead = (await aws('sqs', 'receive-message', '--queue-url', dlqUrl, '--max-number-of-messages', '10', '--attribute-names', 'All')).Messages as {
      Body: string;
      Attributes: Record<string, string>;
    }[];
    expect(dead.map((m) => m.Body).sort()).toEqual(['order 2', 'order 3']);
    expect(dead[0].Attributes.DeadLetterQueueSourceArn).toBe(`arn:aws:sqs:us-east-1:000000000000:cli-orders-${suffix}`);

    const listed = await aws('sqs', 'list-queues', '--queue-name-prefix', 'cli-');
    expect(listed.QueueUrls).toEqual(expect.arrayContaining([url, dlqUrl]));

    const missing = await cli(['sqs', 'get-queue-url', '--queue-name', `cli-missing-${suffix}`]);
    expect(missing.code).toBe(254);
    expect(missing.stderr).toContain('An error occurred (AWS.SimpleQueueService.NonExistentQueue) when calling the GetQueueUrl operation');

    await aws('sqs', 'delete-queue', '--queue-url', url);
    expect((await cli(['sqs', 'get-queue-attributes', '--queue-url', url])).code).toBe(254);
  });

  it('CloudWatch: put and get metric data', { timeout: 120_000 }, async () => {
    const minute = Math.floor(emu.clock.now() / 60_000) * 60_000 - 120_000;
    const at = new Date(minute).toISOString();
    const ns = `CliTest/${suffix}`;
    await aws(
      'cloudwatch', 'put-metric-data', '--namespace', ns,
      '--metric-data', JSON.stringify([{ MetricName: 'Orders', Dimensions: [{ Name: 'Shop', Value: 'web' }], Value: 2, Unit: 'Count', Timestamp: at }, { MetricName: 'Orders', Dimensions: [{ Name: 'Shop', Value: 'web' }], Value: 5, Unit: 'Count', Timestamp: at }]),
    );
    const range = ['--start-time', new Date(minute - 60_000).toISOString(), '--end-time', new Date(minute + 60_000).toISOString()];
    const stats = await aws('cloudwatch', 'get-metric-statistics', '--namespace', ns, '--metric-name', 'Orders', '--dimensions', 'Name=Shop,Value=web', '--period', '60', '--statistics', 'Sum', 'Maximum', ...range);
    expect(stats.Datapoints).toEqual([{ Timestamp: at.replace('.000Z', '+00:00'), Sum: 7, Maximum: 5, Unit: 'Count' }]);
    const data = await aws(
      'cloudwatch', 'get-metric-data', ...range,
      '--metric-data-queries', JSON.stringify([{ Id: 'o', MetricStat: { Metric: { Namespace: ns, MetricName: 'Orders', Dimensions: [{ Name: 'Shop', Value: 'web' }] }, Period: 60, Stat: 'Average' } }]),
    );
    expect(data.MetricDataResults).toEqual([{ Id: 'o', Label: 'Orders', Timestamps: [at.replace('.000Z', '+00:00')], Values: [3.5], StatusCode: 'Complete' }]);
    const metrics = await aws('cloudwatch', 'list-metrics', '--namespace', ns);
    expect(metrics.Metrics).toEqual([{ Namespace: ns, MetricName: 'Orders', Dimensions: [{ Name: 'Shop', Value: 'web' }] }]);
    const bad = await cli(['cloudwatch', 'get-metric-statistics', '--namespace', ns, '--metric-name', 'Orders', '--period', '7', '--statistics', 'Sum', ...range]);
    expect(bad.code).toBe(254);
    expect(bad.stderr).toContain('(InvalidParameterValue)');
  });

  it('DynamoDB and Streams: a table with a stream, writes, a query, and the change records', { timeout: 120_000 }, async () => {
    const table = `cli-orders-${suffix}`;
    const created = await aws(
      'dynamodb', 'create-table', '--table-name', table,
      '--attribute-definitions', 'AttributeName=pk,AttributeType=S', 'AttributeName=sk,AttributeType=N',
      '--key-schema', 'AttributeName=pk,KeyType=HASH', 'AttributeName=sk,KeyType=RANGE',
      '--billing-mode', 'PAY_PER_REQUEST', '--stream-specification', 'StreamEnabled=true,StreamViewType=NEW_AND_OLD_IMAGES',
    );
    const streamArn = (created.TableDescription as { LatestStreamArn: string }).LatestStreamArn;
    expect(streamArn).toContain(`table/${table}/stream/`);
    await aws('dynamodb', 'put-item', '--table-name', table, '--item', '{"pk":{"S":"c1"},"sk":{"N":"1"},"amount":{"N":"10"}}');
    await aws('dynamodb', 'put-item', '--table-name', table, '--item', '{"pk":{"S":"c1"},"sk":{"N":"2"},"amount":{"N":"20"}}');
    await aws('dynamodb', 'update-item', '--table-name', table, '--key', '{"pk":{"S":"c1"},"sk":{"N":"1"}}', '--update-expression', 'SET amount = amount + :d', '--expression-attribute-values', '{":d":{"N":"5"}}');
    const item = await aws('dynamodb', 'get-item', '--table-name', table, '--key', '{"pk":{"S":"c1"},"sk":{"N":"1"}}');
    expect(item.Item).toEqual({ pk: { S: 'c1' }, sk: { N: '1' }, amount: { N: '15' } });
    const query = await aws('dynamodb', 'query', '--table-name', table, '--key-condition-expression', 'pk = :p', '--expression-attribute-values', '{":p":{"S":"c1"}}');
    expect(query.Count).toBe(2);

    const streams = await aws('dynamodbstreams', 'list-streams', '--table-name', table);
    expect((streams.Streams as { StreamArn: string }[]).map((s) => s.StreamArn)).toEqual([streamArn]);
    const description = (await aws('dynamodbstreams', 'describe-stream', '--stream-arn', streamArn)).StreamDescription as { Shards: { ShardId: string }[] };
    const iterator = (await aws('dynamodbstreams', 'get-shard-iterator', '--stream-arn', streamArn, '--shard-id', description.Shards[0].ShardId, '--shard-iterator-type', 'TRIM_HORIZON')).ShardIterator as string;
    const records = (await aws('dynamodbstreams', 'get-records', '--shard-iterator', iterator)).Records as { eventName: string; dynamodb: { NewImage?: unknown; OldImage?: unknown } }[];
    expect(records.map((r) => r.eventName)).toEqual(['INSERT', 'INSERT', 'MODIFY']);
    expect(records[2].dynamodb.OldImage).toEqual({ pk: { S: 'c1' }, sk: { N: '1' }, amount: { N: '10' } });

    await aws('dynamodb', 'delete-table', '--table-name', table);
  });
});
