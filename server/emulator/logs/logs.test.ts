import {
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  DescribeLogGroupsCommand,
  DescribeLogStreamsCommand,
  FilterLogEventsCommand,
  GetLogEventsCommand,
  GetQueryResultsCommand,
  InvalidParameterException,
  MalformedQueryException,
  PutLogEventsCommand,
  PutRetentionPolicyCommand,
  ResourceAlreadyExistsException,
  ResourceNotFoundException,
  StartQueryCommand,
  type GetQueryResultsCommandOutput,
} from '@aws-sdk/client-cloudwatch-logs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEmulator, type TestEmulator } from '../testing';

let emu: TestEmulator;
beforeAll(async () => {
  emu = await startTestEmulator();
});
afterAll(async () => {
  await emu.stop();
});

let counter = 0;
/** Each test owns its group. */
async function newGroup(messages: string[] = [], stream = '2026/12/01/[$LATEST]abc'): Promise<{ group: string; t0: number }> {
  const group = `/aws/lambda/test-${++counter}`;
  await emu.logs.send(new CreateLogGroupCommand({ logGroupName: group }));
  await emu.logs.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: stream }));
  const t0 = emu.clock.now() - 60_000;
  if (messages.length > 0) {
    await emu.logs.send(
      new PutLogEventsCommand({ logGroupName: group, logStreamName: stream, logEvents: messages.map((message, i) => ({ timestamp: t0 + i, message })) }),
    );
  }
  return { group, t0 };
}

async function filter(group: string, filterPattern: string): Promise<string[]> {
  const out = await emu.logs.send(new FilterLogEventsCommand({ logGroupName: group, filterPattern }));
  return (out.events ?? []).map((e) => e.message ?? '');
}

describe('groups and streams', () => {
  it('creates, describes and refuses duplicates with AWS error shapes', async () => {
    const { group } = await newGroup();
    await expect(emu.logs.send(new CreateLogGroupCommand({ logGroupName: group }))).rejects.toBeInstanceOf(ResourceAlreadyExistsException);
    await expect(emu.logs.send(new CreateLogStreamCommand({ logGroupName: '/nope', logStreamName: 's' }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
      message: 'The specified log group does not exist.',
    });
    const { logGroups } = await emu.logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: group }));
    expect(logGroups).toEqual([expect.objectContaining({ logGroupName: group, arn: expect.stringMatching(/:log-group:.*:\*$/), logGroupArn: expect.not.stringMatching(/\*$/) })]);
    expect(logGroups?.[0]).not.toHaveProperty('retentionInDays');
    await expect(emu.logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: 'a', logGroupNamePattern: 'b' }))).rejects.toBeInstanceOf(InvalidParameterException);
    const { logStreams } = await emu.logs.send(new DescribeLogStreamsCommand({ logGroupIdentifier: logGroups?.[0].logGroupArn }));
    expect(logStreams?.[0]).toMatchObject({ logStreamName: '2026/12/01/[$LATEST]abc', storedBytes: 0 });
    expect(logStreams?.[0]).not.toHaveProperty('firstEventTimestamp');
  });

  it('sets retention from the allowed values only', async () => {
    const { group } = await newGroup();
    await emu.logs.send(new PutRetentionPolicyCommand({ logGroupName: group, retentionInDays: 14 }));
    const { logGroups } = await emu.logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: group }));
    expect(logGroups?.[0].retentionInDays).toBe(14);
    await expect(emu.logs.send(new PutRetentionPolicyCommand({ logGroupName: group, retentionInDays: 2 }))).rejects.toBeInstanceOf(InvalidParameterException);
  });

  it('expires events past retention when the clock moves on', async () => {
    const { group } = await newGroup(['old line']);
    await emu.logs.send(new PutRetentionPolicyCommand({ logGroupName: group, retentionInDays: 1 }));
    expect(await filter(group, '')).toEqual(['old line']);
    await emu.control('POST', '/_eddy/clock', { advanceMs: 86_400_000 });
    expect(await filter(group, '')).toEqual([]);
  });
});

describe('PutLogEvents and GetLogEvents', () => {
  it('rejects out-of-order batches and drops too-old and too-new events individually', async () => {
    const { group } = await newGroup();
    const stream = '2026/12/01/[$LATEST]abc';
    const now = emu.clock.now();
    await expect(
      emu.logs.send(new PutLogEventsCommand({ logGroupName: group, logStreamName: stream, logEvents: [{ timestamp: now, message: 'b' }, { timestamp: now - 1, message: 'a' }] })),
    ).rejects.toMatchObject({ name: 'InvalidParameterException', message: 'Log events in a single PutLogEvents request must be in chronological order.' });
    const out = await emu.logs.send(
      new PutLogEventsCommand({
        logGroupName: group,
        logStreamName: stream,
        logEvents: [
          { timestamp: now - 15 * 86_400_000, message: 'ancient' },
          { timestamp: now, message: 'kept' },
          { timestamp: now + 3 * 3_600_000, message: 'future' },
        ],
      }),
    );
    expect(out.nextSequenceToken).toBeTruthy();
    expect(out.rejectedLogEventsInfo).toEqual({ tooOldLogEventEndIndex: 1, tooNewLogEventStartIndex: 2 });
    expect(await filter(group, '')).toEqual(['kept']);
    await expect(emu.logs.send(new PutLogEventsCommand({ logGroupName: group, logStreamName: 'nope', logEvents: [{ timestamp: now, message: 'x' }] }))).rejects.toMatchObject({
      message: 'The specified log stream does not exist.',
    });
  });

  it('pages backwards from the newest by default and returns the same token at the end', async () => {
    const { group } = await newGroup(['1', '2', '3', '4', '5']);
    const logStreamName = '2026/12/01/[$LATEST]abc';
    const newest = await emu.logs.send(new GetLogEventsCommand({ logGroupName: group, logStreamName, limit: 2 }));
    expect(newest.events?.map((e) => e.message)).toEqual(['4', '5']);
    const older = await emu.logs.send(new GetLogEventsCommand({ logGroupName: group, logStreamName, limit: 2, nextToken: newest.nextBackwardToken }));
    expect(older.events?.map((e) => e.message)).toEqual(['2', '3']);
    const head = await emu.logs.send(new GetLogEventsCommand({ logGroupName: group, logStreamName, limit: 10, startFromHead: true }));
    expect(head.events).toHaveLength(5);
    const end = await emu.logs.send(new GetLogEventsCommand({ logGroupName: group, logStreamName, startFromHead: true, nextToken: head.nextForwardToken }));
    expect(end.events).toEqual([]);
    expect(end.nextForwardToken).toBe(head.nextForwardToken);
    await expect(emu.logs.send(new GetLogEventsCommand({ logGroupName: group, logStreamName, nextToken: 'garbage' }))).rejects.toMatchObject({
      message: 'The specified nextToken is invalid.',
    });
  });
});

describe('FilterLogEvents patterns', () => {
  const lines = [
    'START RequestId: r1 Version: $LATEST',
    '{"level":"ERROR","messageId":"m-1","orderId":"ord-1","reason":"GLASS-VASE is fragile: the carrier refuses it","attempt":3,"items":[{"sku":"GLASS-VASE"}]}',
    '{"level":"INFO","orderId":"ord-2","attempt":1}',
    'WARN disk almost full',
    'ERROR INTERNAL SERVER ERROR in handler',
    'not json {"level":"ERROR"}',
  ];
  const cases: [string, number[]][] = [
    ['', [0, 1, 2, 3, 4, 5]],
    ['ERROR', [1, 4, 5]],
    ['ERROR handler', [4]],
    ['?WARN ?START', [0, 3]],
    ['ERROR -handler', [1, 5]],
    ['"INTERNAL SERVER"', [4]],
    ['%RequestId: r[0-9]%', [0]],
    ['{ $.level = "ERROR" }', [1]],
    ['{ $.level != "ERROR" }', [2]],
    ['{ $.reason = "GLASS*" }', [1]],
    ['{ $.attempt > 2 }', [1]],
    ['{ ($.attempt >= 1) && ($.orderId = "ord-2") }', [2]],
    ['{ $.orderId = "ord-2" || $.attempt = 3 }', [1, 2]],
    ['{ $.items[0].sku = "GLASS-VASE" }', [1]],
    ['{ $.messageId NOT EXISTS }', [2]],
    ['{ $.reason = %fragile% }', [1]],
  ];
  it.each(cases)('%j matches lines %j', async (pattern, expected) => {
    const { group } = await newGroup(lines);
    expect(await filter(group, pattern)).toEqual(expected.map((i) => lines[i]));
  });

  it('refuses a broken pattern with InvalidParameterException', async () => {
    const { group } = await newGroup(['x']);
    await expect(filter(group, '{ $.a = }')).rejects.toBeInstanceOf(InvalidParameterException);
    await expect(filter(group, '"unterminated')).rejects.toBeInstanceOf(InvalidParameterException);
  });

  it('merges streams by time, honours the time range and pages with nextToken', async () => {
    const { group, t0 } = await newGroup();
    for (const [stream, offsets] of [['a', [0, 2, 4]], ['b', [1, 3, 5]]] as const) {
      await emu.logs.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: stream }));
      await emu.logs.send(new PutLogEventsCommand({ logGroupName: group, logStreamName: stream, logEvents: offsets.map((o) => ({ timestamp: t0 + o * 1000, message: `${stream}${o}` })) }));
    }
    const seen: string[] = [];
    let nextToken: string | undefined;
    do {
      const page = await emu.logs.send(new FilterLogEventsCommand({ logGroupName: group, startTime: t0 + 1000, endTime: t0 + 5000, limit: 2, nextToken }));
      seen.push(...(page.events ?? []).map((e) => `${e.logStreamName}:${e.message}`));
      nextToken = page.nextToken;
    } while (nextToken);
    expect(seen).toEqual(['b:b1', 'a:a2', 'b:b3', 'a:a4']);
    const onlyA = await emu.logs.send(new FilterLogEventsCommand({ logGroupName: group, logStreamNames: ['a'] }));
    expect(onlyA.events?.map((e) => e.message)).toEqual(['a0', 'a2', 'a4']);
  });
});

describe('Logs Insights', () => {
  async function runInsights(group: string, queryString: string, t0: number): Promise<GetQueryResultsCommandOutput> {
    const { queryId } = await emu.logs.send(new StartQueryCommand({ logGroupName: group, queryString, startTime: Math.floor(t0 / 1000) - 1, endTime: Math.ceil(emu.clock.now() / 1000) }));
    const first = await emu.logs.send(new GetQueryResultsCommand({ queryId }));
    // The query is still running at first, so a client's polling loop is exercised.
    expect(first.status).toBe('Running');
    for (;;) {
      const out = await emu.logs.send(new GetQueryResultsCommand({ queryId }));
      if (out.status === 'Complete') return out;
      await new Promise((r) => setTimeout(r, 20));
    }
  }
  const rowsOf = (out: GetQueryResultsCommandOutput) => (out.results ?? []).map((row) => Object.fromEntries(row.filter((c) => c.field !== '@ptr').map((c) => [c.field, c.value])));

  it('runs fields, filter, sort and limit over flattened JSON', async () => {
    const { group, t0 } = await newGroup(['{"level":"ERROR","orderId":"o1","n":5}', '{"level":"INFO","orderId":"o2","n":7}', '{"level":"ERROR","orderId":"o3","n":9}', 'plain text']);
    const out = await runInsights(group, 'fields orderId, n | filter level = "ERROR" | sort n desc | limit 1', t0);
    expect(rowsOf(out)).toEqual([{ orderId: 'o3', n: '9' }]);
    expect(out.results?.[0].some((c) => c.field === '@ptr')).toBe(true);
    const like = await runInsights(group, 'fields @message | filter @message like /plain/', t0);
    expect(rowsOf(like)).toEqual([{ '@message': 'plain text' }]);
  });

  it('counts by a field with stats', async () => {
    const { group, t0 } = await newGroup(['{"level":"ERROR"}', '{"level":"INFO"}', '{"level":"ERROR"}']);
    const out = await runInsights(group, 'stats count(*) as n by level | sort n desc', t0);
    expect(rowsOf(out)).toEqual([
      { level: 'ERROR', n: '2' },
      { level: 'INFO', n: '1' },
    ]);
  });

  it('refuses a malformed query and an unknown group', async () => {
    const { group } = await newGroup();
    await expect(emu.logs.send(new StartQueryCommand({ logGroupName: group, queryString: 'frobnicate x', startTime: 0, endTime: 1 }))).rejects.toBeInstanceOf(MalformedQueryException);
    await expect(emu.logs.send(new StartQueryCommand({ logGroupName: '/none', queryString: 'fields @message', startTime: 0, endTime: 1 }))).rejects.toBeInstanceOf(ResourceNotFoundException);
  });
});
