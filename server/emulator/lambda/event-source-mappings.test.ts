import {
  CreateEventSourceMappingCommand,
  CreateFunctionCommand,
  DeleteEventSourceMappingCommand,
  DeleteFunctionCommand,
  GetEventSourceMappingCommand,
  LambdaClient,
  ListEventSourceMappingsCommand,
  ListTagsCommand,
  ResourceConflictException,
  ResourceInUseException,
  ResourceNotFoundException,
  UpdateEventSourceMappingCommand,
  type CreateEventSourceMappingCommandInput,
} from '@aws-sdk/client-lambda';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestEmulator, type TestEmulator } from '../testing';

let emu: TestEmulator;
beforeAll(async () => {
  emu = await startTestEmulator();
});
afterEach(async () => {
  await emu.control('DELETE', '/_eddy/faults');
});
afterAll(async () => {
  await emu.stop();
});

const ACCOUNT = '000000000000';
let counter = 0;
const unique = (prefix: string) => `${prefix}-${++counter}-${Math.random().toString(36).slice(2, 8)}`;
const streamArn = (table = unique('t')) => `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/${table}/stream/2026-11-27T06:00:00.000`;
const queueArn = (queue = unique('q')) => `arn:aws:sqs:us-east-1:${ACCOUNT}:${queue}`;
const kinesisArn = () => `arn:aws:kinesis:us-east-1:${ACCOUNT}:stream/${unique('k')}`;

async function newFunction(): Promise<string> {
  const name = unique('fn');
  await emu.lambda.send(new CreateFunctionCommand({ FunctionName: name, Runtime: 'nodejs20.x', Role: `arn:aws:iam::${ACCOUNT}:role/r`, Handler: 'i.h', Code: {} }));
  return name;
}

async function createMapping(input: Partial<CreateEventSourceMappingCommandInput> = {}) {
  const FunctionName = input.FunctionName ?? (await newFunction());
  return emu.lambda.send(new CreateEventSourceMappingCommand({ FunctionName, EventSourceArn: streamArn(), StartingPosition: 'LATEST', ...input }));
}

/** Mapping input for a fresh SQS (or FIFO) queue: `createMapping` defaults to a DynamoDB stream. */
const sqs = (extra: Partial<CreateEventSourceMappingCommandInput>) => ({ EventSourceArn: queueArn(), StartingPosition: undefined, ...extra });
const fifo = (extra: Partial<CreateEventSourceMappingCommandInput>) => ({ EventSourceArn: queueArn(`${unique('q')}.fifo`), StartingPosition: undefined, ...extra });

/** A raw PUT, as the demo system sends it: the SDK would drop `State` and `LastProcessingResult`. */
async function rawUpdate(uuid: string, body: unknown) {
  const res = await fetch(`${emu.url}/2015-03-31/event-source-mappings/${uuid}`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown>, errorType: res.headers.get('x-amzn-errortype') };
}

describe('CreateEventSourceMapping', () => {
  it('creates a DynamoDB stream mapping with status 202, every field and AWS stream defaults', async () => {
    const fn = await newFunction();
    const source = streamArn();
    const before = emu.clock.now();
    const out = await emu.lambda.send(new CreateEventSourceMappingCommand({ FunctionName: fn, EventSourceArn: source, StartingPosition: 'TRIM_HORIZON' }));
    expect(out.$metadata.httpStatusCode).toBe(202);
    expect(out).toMatchObject({
      EventSourceArn: source,
      FunctionArn: `arn:aws:lambda:us-east-1:${ACCOUNT}:function:${fn}`,
      EventSourceMappingArn: `arn:aws:lambda:us-east-1:${ACCOUNT}:event-source-mapping:${out.UUID}`,
      State: 'Creating',
      StateTransitionReason: 'User action',
      LastProcessingResult: 'No records processed',
      StartingPosition: 'TRIM_HORIZON',
      BatchSize: 100,
      MaximumBatchingWindowInSeconds: 0,
      ParallelizationFactor: 1,
      MaximumRecordAgeInSeconds: -1,
      MaximumRetryAttempts: -1,
      BisectBatchOnFunctionError: false,
      TumblingWindowInSeconds: 0,
      FunctionResponseTypes: [],
      DestinationConfig: { OnFailure: {} },
    });
    expect(out.UUID).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    // Epoch seconds on the wire, which the SDK turns into a Date.
    expect(out.LastModified).toBeInstanceOf(Date);
    expect(out.LastModified!.getTime()).toBeGreaterThanOrEqual(before - 1);
    expect(out.LastModified!.getTime()).toBeLessThanOrEqual(emu.clock.now() + 1);
  });

  it('creates an SQS mapping with SQS defaults and no stream-only fields', async () => {
    const out = await emu.lambda.send(new CreateEventSourceMappingCommand({ FunctionName: await newFunction(), EventSourceArn: queueArn(), FunctionResponseTypes: ['ReportBatchItemFailures'], ScalingConfig: { MaximumConcurrency: 5 } }));
    expect(out).toMatchObject({ BatchSize: 10, MaximumBatchingWindowInSeconds: 0, State: 'Creating', StateTransitionReason: 'USER_INITIATED', FunctionResponseTypes: ['ReportBatchItemFailures'], ScalingConfig: { MaximumConcurrency: 5 } });
    for (const field of ['StartingPosition', 'ParallelizationFactor', 'MaximumRetryAttempts', 'MaximumRecordAgeInSeconds', 'BisectBatchOnFunctionError', 'TumblingWindowInSeconds', 'DestinationConfig'] as const) {
      expect(out[field], field).toBeUndefined();
    }
  });

  it('keeps every given setting, including an on-failure destination and filters', async () => {
    const dlq = queueArn('stream-dlq');
    const out = await createMapping({
      BatchSize: 50,
      MaximumBatchingWindowInSeconds: 5,
      ParallelizationFactor: 4,
      MaximumRecordAgeInSeconds: 3600,
      MaximumRetryAttempts: 2,
      BisectBatchOnFunctionError: true,
      TumblingWindowInSeconds: 60,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      DestinationConfig: { OnFailure: { Destination: dlq } },
      FilterCriteria: { Filters: [{ Pattern: '{"eventName":["INSERT"]}' }] },
      Tags: { team: 'eddy' },
    });
    expect(out).toMatchObject({
      BatchSize: 50,
      MaximumBatchingWindowInSeconds: 5,
      ParallelizationFactor: 4,
      MaximumRecordAgeInSeconds: 3600,
      MaximumRetryAttempts: 2,
      BisectBatchOnFunctionError: true,
      TumblingWindowInSeconds: 60,
      DestinationConfig: { OnFailure: { Destination: dlq } },
      FilterCriteria: { Filters: [{ Pattern: '{"eventName":["INSERT"]}' }] },
    });
    expect((await emu.lambda.send(new ListTagsCommand({ Resource: out.EventSourceMappingArn }))).Tags).toEqual({ team: 'eddy' });
  });

  it('accepts AT_TIMESTAMP with a timestamp for Kinesis', async () => {
    const at = new Date('2026-11-27T00:00:00Z');
    const out = await createMapping({ EventSourceArn: kinesisArn(), StartingPosition: 'AT_TIMESTAMP', StartingPositionTimestamp: at });
    expect(out.StartingPositionTimestamp).toEqual(at);
    expect(out.BatchSize).toBe(100);
  });

  it('resolves the function from its ARN and keeps a qualifier', async () => {
    const fn = await newFunction();
    const arn = `arn:aws:lambda:us-east-1:${ACCOUNT}:function:${fn}`;
    expect((await createMapping({ FunctionName: arn })).FunctionArn).toBe(arn);
    expect((await createMapping({ FunctionName: `${fn}:live` })).FunctionArn).toBe(`${arn}:live`);
  });

  it('answers a missing function with ResourceNotFoundException', async () => {
    const error = await createMapping({ FunctionName: 'no-such-fn' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResourceNotFoundException);
    expect(error).toMatchObject({ message: `Function not found: arn:aws:lambda:us-east-1:${ACCOUNT}:function:no-such-fn` });
  });

  it('answers a second mapping of the same function and source with ResourceConflictException', async () => {
    const fn = await newFunction();
    const source = queueArn();
    const first = await emu.lambda.send(new CreateEventSourceMappingCommand({ FunctionName: fn, EventSourceArn: source }));
    const error = await emu.lambda.send(new CreateEventSourceMappingCommand({ FunctionName: fn, EventSourceArn: source })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResourceConflictException);
    expect((error as Error).message).toContain(first.UUID);
  });

  it.each<[string, Partial<CreateEventSourceMappingCommandInput>, RegExp]>([
    ['a stream mapping without StartingPosition', { StartingPosition: undefined }, /StartingPosition is required for Amazon DynamoDB stream/],
    ['AT_TIMESTAMP on a DynamoDB stream', { StartingPosition: 'AT_TIMESTAMP', StartingPositionTimestamp: new Date() }, /Unsupported starting position AT_TIMESTAMP/],
    ['AT_TIMESTAMP without a timestamp', { EventSourceArn: `arn:aws:kinesis:us-east-1:${ACCOUNT}:stream/k0`, StartingPosition: 'AT_TIMESTAMP' }, /StartingPositionTimestamp is required/],
    ['a stream BatchSize of 0', { BatchSize: 0 }, /BatchSize must be between 1 and 10000/],
    ['a stream BatchSize of 10,001', { BatchSize: 10_001 }, /BatchSize must be between 1 and 10000/],
    ['a batching window of 301 s', { MaximumBatchingWindowInSeconds: 301 }, /MaximumBatchingWindowInSeconds must be between 0 and 300/],
    ['ParallelizationFactor 11', { ParallelizationFactor: 11 }, /ParallelizationFactor must be between 1 and 10/],
    ['MaximumRetryAttempts 10,001', { MaximumRetryAttempts: 10_001 }, /MaximumRetryAttempts must be between -1 and 10000/],
    ['MaximumRetryAttempts -2', { MaximumRetryAttempts: -2 }, /MaximumRetryAttempts must be between -1 and 10000/],
    ['MaximumRecordAgeInSeconds 59', { MaximumRecordAgeInSeconds: 59 }, /MaximumRecordAgeInSeconds must be -1 \(infinite\) or between 60 and 604800/],
    ['MaximumRecordAgeInSeconds 604,801', { MaximumRecordAgeInSeconds: 604_801 }, /between 60 and 604800/],
    ['TumblingWindowInSeconds 901', { TumblingWindowInSeconds: 901 }, /TumblingWindowInSeconds must be between 0 and 900/],
    ['an unknown response type', { FunctionResponseTypes: ['Everything' as 'ReportBatchItemFailures'] }, /enum value set: \[ReportBatchItemFailures\]/],
    ['a filter pattern that is not JSON', { FilterCriteria: { Filters: [{ Pattern: '{eventName' }] } }, /Invalid filter pattern definition/],
    ['six filters', { FilterCriteria: { Filters: Array.from({ length: 6 }, () => ({ Pattern: '{}' })) } }, /at most 5 filters/],
    ['an on-failure destination that is no queue or topic', { DestinationConfig: { OnFailure: { Destination: 'arn:aws:s3:::bucket' } } }, /Unsupported OnFailure destination/],
    ['an on-success destination on a stream', { DestinationConfig: { OnSuccess: { Destination: queueArn() } } }, /Unsupported OnSuccess destination/],
    ['ScalingConfig on a stream', { ScalingConfig: { MaximumConcurrency: 5 } }, /Unsupported ScalingConfig parameter/],
    ['an unrecognised source', { EventSourceArn: 'arn:aws:kafka:us-east-1:000000000000:cluster/c/1' }, /Unrecognized event source/],
    ['StartingPosition on SQS', sqs({ StartingPosition: 'LATEST' }), /Unsupported StartingPosition parameter for given event source mapping type: Amazon SQS queue/],
    ['DestinationConfig on SQS', sqs({ DestinationConfig: { OnFailure: { Destination: queueArn() } } }), /Unsupported DestinationConfig parameter/],
    ['MaximumRetryAttempts on SQS', sqs({ MaximumRetryAttempts: 3 }), /Unsupported MaximumRetryAttempts parameter/],
    ['an SQS BatchSize above 10 without a batching window', sqs({ BatchSize: 11 }), /Maximum batch window in seconds must be greater than 0 if maximum batch size is greater than 10/],
    ['an SQS BatchSize of 10,001', sqs({ BatchSize: 10_001, MaximumBatchingWindowInSeconds: 1 }), /BatchSize must be between 1 and 10000/],
    ['MaximumConcurrency 1', sqs({ ScalingConfig: { MaximumConcurrency: 1 } }), /MaximumConcurrency must be between 2 and 1000/],
    ['a FIFO BatchSize of 11', fifo({ BatchSize: 11 }), /BatchSize must be between 1 and 10/],
    ['a batching window on a FIFO queue', fifo({ MaximumBatchingWindowInSeconds: 1 }), /Batching window is not supported for FIFO queues/],
  ])('rejects %s with InvalidParameterValueException', async (_case, extra, message) => {
    await expect(createMapping(extra)).rejects.toMatchObject({ name: 'InvalidParameterValueException', message: expect.stringMatching(message), $metadata: { httpStatusCode: 400 } });
  });

  it('accepts an SQS BatchSize of 10,000 with a batching window', async () => {
    expect((await createMapping(sqs({ BatchSize: 10_000, MaximumBatchingWindowInSeconds: 1 }))).BatchSize).toBe(10_000);
  });
});

describe('Get, Update and Delete', () => {
  it('reports Enabled on reads after Creating, and Disabled when created disabled', async () => {
    const enabled = await createMapping();
    expect((await emu.lambda.send(new GetEventSourceMappingCommand({ UUID: enabled.UUID }))).State).toBe('Enabled');
    const disabled = await createMapping({ Enabled: false });
    expect(disabled.State).toBe('Creating');
    expect((await emu.lambda.send(new GetEventSourceMappingCommand({ UUID: disabled.UUID }))).State).toBe('Disabled');
  });

  it('answers an unknown UUID with ResourceNotFoundException', async () => {
    const error = await emu.lambda.send(new GetEventSourceMappingCommand({ UUID: '00000000-0000-0000-0000-000000000000' })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResourceNotFoundException);
    expect(error).toMatchObject({ message: 'The resource you requested does not exist.', $metadata: { httpStatusCode: 404 } });
  });

  it('toggles Enabled through Disabling and Enabling, moving LastModified', async () => {
    const created = await createMapping();
    emu.clock.advance(10_000);
    const off = await emu.lambda.send(new UpdateEventSourceMappingCommand({ UUID: created.UUID, Enabled: false }));
    expect(off.$metadata.httpStatusCode).toBe(202);
    expect(off.State).toBe('Disabling');
    expect(off.LastModified!.getTime() - created.LastModified!.getTime()).toBeGreaterThanOrEqual(10_000);
    expect((await emu.lambda.send(new GetEventSourceMappingCommand({ UUID: created.UUID }))).State).toBe('Disabled');
    const on = await emu.lambda.send(new UpdateEventSourceMappingCommand({ UUID: created.UUID, Enabled: true }));
    expect(on.State).toBe('Enabling');
    expect((await emu.lambda.send(new GetEventSourceMappingCommand({ UUID: created.UUID }))).State).toBe('Enabled');
  });

  it('updates settings with Updating, validating the merged configuration', async () => {
    const created = await createMapping(sqs({}));
    await expect(emu.lambda.send(new UpdateEventSourceMappingCommand({ UUID: created.UUID, BatchSize: 50 }))).rejects.toMatchObject({ name: 'InvalidParameterValueException', message: expect.stringMatching(/Maximum batch window/) });
    const out = await emu.lambda.send(new UpdateEventSourceMappingCommand({ UUID: created.UUID, BatchSize: 50, MaximumBatchingWindowInSeconds: 2 }));
    expect(out).toMatchObject({ State: 'Updating', BatchSize: 50, MaximumBatchingWindowInSeconds: 2 });
    const read = await emu.lambda.send(new GetEventSourceMappingCommand({ UUID: created.UUID }));
    expect(read).toMatchObject({ State: 'Enabled', BatchSize: 50, StateTransitionReason: 'USER_INITIATED' });
    await expect(emu.lambda.send(new UpdateEventSourceMappingCommand({ UUID: created.UUID, MaximumRetryAttempts: 1 }))).rejects.toMatchObject({ name: 'InvalidParameterValueException' });
  });

  it('moves a mapping to another function, which must exist', async () => {
    const created = await createMapping();
    const other = await newFunction();
    const out = await emu.lambda.send(new UpdateEventSourceMappingCommand({ UUID: created.UUID, FunctionName: other }));
    expect(out.FunctionArn).toBe(`arn:aws:lambda:us-east-1:${ACCOUNT}:function:${other}`);
    await expect(emu.lambda.send(new UpdateEventSourceMappingCommand({ UUID: created.UUID, FunctionName: 'gone' }))).rejects.toBeInstanceOf(ResourceNotFoundException);
    const list = await emu.lambda.send(new ListEventSourceMappingsCommand({ FunctionName: other }));
    expect(list.EventSourceMappings!.map((m) => m.UUID)).toEqual([created.UUID]);
  });

  it('deletes with 202 and state Deleting, after which the mapping is gone', async () => {
    const created = await createMapping();
    const out = await emu.lambda.send(new DeleteEventSourceMappingCommand({ UUID: created.UUID }));
    expect(out.$metadata.httpStatusCode).toBe(202);
    expect(out).toMatchObject({ UUID: created.UUID, State: 'Deleting' });
    await expect(emu.lambda.send(new GetEventSourceMappingCommand({ UUID: created.UUID }))).rejects.toBeInstanceOf(ResourceNotFoundException);
    await expect(emu.lambda.send(new DeleteEventSourceMappingCommand({ UUID: created.UUID }))).rejects.toBeInstanceOf(ResourceNotFoundException);
    // The function and source can be mapped again once the old mapping is gone.
    await expect(createMapping({ FunctionName: created.FunctionArn, EventSourceArn: created.EventSourceArn })).resolves.toMatchObject({ State: 'Creating' });
  });

  it('keeps mappings of a deleted function, as Lambda does', async () => {
    const created = await createMapping();
    await emu.lambda.send(new DeleteFunctionCommand({ FunctionName: created.FunctionArn }));
    expect((await emu.lambda.send(new GetEventSourceMappingCommand({ UUID: created.UUID }))).UUID).toBe(created.UUID);
  });
});

describe('emulator-only progress reports', () => {
  it('takes State and LastProcessingResult from a raw UpdateEventSourceMapping body', async () => {
    const created = await createMapping();
    const res = await rawUpdate(created.UUID!, { LastProcessingResult: 'OK', State: 'Enabled' });
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ LastProcessingResult: 'OK', State: 'Enabled', BatchSize: 100 });
    const read = await emu.lambda.send(new GetEventSourceMappingCommand({ UUID: created.UUID }));
    expect(read).toMatchObject({ LastProcessingResult: 'OK', State: 'Enabled' });
  });

  it('finds a mapping made in another region from an unsigned PUT, which carries no region', async () => {
    const client = new LambdaClient({ endpoint: emu.url, region: 'eu-west-1', credentials: { accessKeyId: 'AKID', secretAccessKey: 's' }, maxAttempts: 1 });
    try {
      await client.send(new CreateFunctionCommand({ FunctionName: 'eu-fn', Runtime: 'nodejs20.x', Role: `arn:aws:iam::${ACCOUNT}:role/r`, Handler: 'i.h', Code: {} }));
      const created = await client.send(new CreateEventSourceMappingCommand({ FunctionName: 'eu-fn', EventSourceArn: queueArn() }));
      expect(created.EventSourceMappingArn).toMatch(/^arn:aws:lambda:eu-west-1:/);
      expect((await rawUpdate(created.UUID!, { LastProcessingResult: 'OK' })).status).toBe(202);
      expect((await client.send(new GetEventSourceMappingCommand({ UUID: created.UUID }))).LastProcessingResult).toBe('OK');
      // Lists stay per region, as on AWS.
      expect((await emu.lambda.send(new ListEventSourceMappingsCommand({ FunctionName: 'eu-fn' }))).EventSourceMappings).toEqual([]);
    } finally {
      client.destroy();
    }
  });

  it('rejects an unknown State in a raw body', async () => {
    const created = await createMapping();
    const res = await rawUpdate(created.UUID!, { State: 'Sleeping' });
    expect(res.status).toBe(400);
    expect(res.errorType).toBe('InvalidParameterValueException');
    expect(res.body.message).toMatch(/Unknown state Sleeping/);
    expect((await emu.lambda.send(new GetEventSourceMappingCommand({ UUID: created.UUID }))).State).toBe('Enabled');
  });

  it('takes the same report through reportMappingState on the service object', async () => {
    const created = await createMapping();
    emu.services.lambda.reportMappingState(created.UUID!, { state: 'Disabled', lastProcessingResult: 'PROBLEM: Function call failed' });
    const read = await emu.lambda.send(new GetEventSourceMappingCommand({ UUID: created.UUID }));
    expect(read).toMatchObject({ State: 'Disabled', LastProcessingResult: 'PROBLEM: Function call failed' });
    expect(() => emu.services.lambda.reportMappingState(created.UUID!, { state: 'Sleeping' })).toThrow(/Unknown state Sleeping/);
    expect(() => emu.services.lambda.reportMappingState('missing', { state: 'Enabled' })).toThrow(/does not exist/);
  });

  it('refuses updates and deletes with ResourceInUseException while a transition is reported, but still takes reports', async () => {
    const created = await createMapping();
    emu.services.lambda.reportMappingState(created.UUID!, { state: 'Updating' });
    await expect(emu.lambda.send(new UpdateEventSourceMappingCommand({ UUID: created.UUID, BatchSize: 5 }))).rejects.toBeInstanceOf(ResourceInUseException);
    await expect(emu.lambda.send(new DeleteEventSourceMappingCommand({ UUID: created.UUID }))).rejects.toBeInstanceOf(ResourceInUseException);
    expect((await rawUpdate(created.UUID!, { State: 'Enabled' })).status).toBe(202);
    await expect(emu.lambda.send(new UpdateEventSourceMappingCommand({ UUID: created.UUID, BatchSize: 5 }))).resolves.toMatchObject({ BatchSize: 5 });
  });
});

describe('ListEventSourceMappings', () => {
  it('filters by source, by function name or ARN, and by both', async () => {
    const fnA = await newFunction();
    const fnB = await newFunction();
    const source1 = streamArn();
    const source2 = queueArn();
    const a1 = await createMapping({ FunctionName: fnA, EventSourceArn: source1 });
    const b1 = await createMapping({ FunctionName: fnB, EventSourceArn: source1 });
    const a2 = await createMapping(sqs({ FunctionName: fnA, EventSourceArn: source2 }));
    const uuids = async (input: { EventSourceArn?: string; FunctionName?: string }) =>
      (await emu.lambda.send(new ListEventSourceMappingsCommand(input))).EventSourceMappings!.map((m) => m.UUID);
    expect(await uuids({ EventSourceArn: source1 })).toEqual([a1.UUID, b1.UUID]);
    expect(await uuids({ FunctionName: fnA })).toEqual([a1.UUID, a2.UUID]);
    expect(await uuids({ FunctionName: `arn:aws:lambda:us-east-1:${ACCOUNT}:function:${fnA}` })).toEqual([a1.UUID, a2.UUID]);
    expect(await uuids({ EventSourceArn: source1, FunctionName: fnB })).toEqual([b1.UUID]);
    expect(await uuids({ EventSourceArn: queueArn('never-mapped') })).toEqual([]);
    const listed = (await emu.lambda.send(new ListEventSourceMappingsCommand({ EventSourceArn: source1 }))).EventSourceMappings![0];
    expect(listed).toMatchObject({ State: 'Enabled', BatchSize: 100, StartingPosition: 'LATEST' });
    expect(listed.LastModified).toBeInstanceOf(Date);
  });

  it('pages in creation order with Marker and MaxItems, at most 100 per page', async () => {
    const fn = await newFunction();
    const created: string[] = [];
    for (let i = 0; i < 105; i++) created.push((await createMapping(sqs({ FunctionName: fn }))).UUID!);
    const big = await emu.lambda.send(new ListEventSourceMappingsCommand({ FunctionName: fn, MaxItems: 500 }));
    expect(big.EventSourceMappings).toHaveLength(100);
    expect(big.NextMarker).toBeDefined();
    const rest = await emu.lambda.send(new ListEventSourceMappingsCommand({ FunctionName: fn, MaxItems: 500, Marker: big.NextMarker }));
    expect(rest.EventSourceMappings).toHaveLength(5);
    expect(rest.NextMarker).toBeUndefined();
    expect([...big.EventSourceMappings!, ...rest.EventSourceMappings!].map((m) => m.UUID)).toEqual(created);

    const small = await emu.lambda.send(new ListEventSourceMappingsCommand({ FunctionName: fn, MaxItems: 2 }));
    expect(small.EventSourceMappings!.map((m) => m.UUID)).toEqual(created.slice(0, 2));
    const next = await emu.lambda.send(new ListEventSourceMappingsCommand({ FunctionName: fn, MaxItems: 2, Marker: small.NextMarker }));
    expect(next.EventSourceMappings!.map((m) => m.UUID)).toEqual(created.slice(2, 4));
  });

  it.each([
    ['MaxItems 0', { MaxItems: 0 }, /maxItems/],
    ['MaxItems 10,001', { MaxItems: 10_001 }, /maxItems/],
    ['a marker it did not issue', { Marker: 'not-a-marker' }, /Invalid Marker/],
  ])('rejects %s with InvalidParameterValueException', async (_case, input, message) => {
    await expect(emu.lambda.send(new ListEventSourceMappingsCommand(input))).rejects.toMatchObject({ name: 'InvalidParameterValueException', message: expect.stringMatching(message) });
  });

  it('fails with an injected fault on Lambda.ListEventSourceMappings only', async () => {
    const created = await createMapping();
    await emu.control('POST', '/_eddy/faults', { rules: [{ target: 'Lambda.ListEventSourceMappings', error: 'TooManyRequestsException', message: 'Rate exceeded' }] });
    await expect(emu.lambda.send(new ListEventSourceMappingsCommand({}))).rejects.toMatchObject({ name: 'TooManyRequestsException', message: 'Rate exceeded', $metadata: { httpStatusCode: 429 } });
    await expect(emu.lambda.send(new GetEventSourceMappingCommand({ UUID: created.UUID }))).resolves.toMatchObject({ UUID: created.UUID });
    await emu.control('DELETE', '/_eddy/faults');
    await expect(emu.lambda.send(new ListEventSourceMappingsCommand({ MaxItems: 1 }))).resolves.toMatchObject({ EventSourceMappings: [expect.anything()] });
  });

  it('counts requests per operation in /_eddy/stats', async () => {
    await emu.lambda.send(new ListEventSourceMappingsCommand({ MaxItems: 1 }));
    const stats = (await emu.control('GET', '/_eddy/stats')) as { requests: Record<string, number> };
    expect(stats.requests['Lambda.ListEventSourceMappings']).toBeGreaterThan(0);
    expect(stats.requests['Lambda.CreateEventSourceMapping']).toBeGreaterThan(0);
  });
});
