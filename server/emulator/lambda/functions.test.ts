import {
  CreateFunctionCommand,
  DeleteFunctionCommand,
  GetFunctionCommand,
  GetFunctionConfigurationCommand,
  InvokeCommand,
  ListFunctionsCommand,
  ListTagsCommand,
  ResourceConflictException,
  ResourceNotFoundException,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateFunctionConfigurationCommand,
  type CreateFunctionCommandInput,
} from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEmulator, type TestEmulator } from '../testing';

let emu: TestEmulator;
beforeAll(async () => {
  emu = await startTestEmulator();
});
afterAll(async () => {
  await emu.stop();
});

const ROLE = 'arn:aws:iam::000000000000:role/lambda-role';
let counter = 0;
/** A unique function name per test, so tests sharing one emulator never collide. */
const uniqueName = (prefix = 'fn') => `${prefix}-${++counter}-${Math.random().toString(36).slice(2, 8)}`;

function createFunction(name: string, extra: Partial<CreateFunctionCommandInput> = {}) {
  return emu.lambda.send(
    new CreateFunctionCommand({
      FunctionName: name,
      Runtime: 'nodejs20.x',
      Role: ROLE,
      Handler: 'index.handler',
      Code: { ZipFile: new Uint8Array([80, 75, 5, 6]) },
      ...extra,
    }),
  );
}

describe('Lambda functions', () => {
  it('creates a function with status 201 and a full configuration', async () => {
    const name = uniqueName();
    const out = await createFunction(name, { Description: 'consumer', Timeout: 30, MemorySize: 256, Environment: { Variables: { TABLE: 'orders' } } });
    expect(out.$metadata.httpStatusCode).toBe(201);
    expect(out).toMatchObject({
      FunctionName: name,
      FunctionArn: `arn:aws:lambda:us-east-1:000000000000:function:${name}`,
      Runtime: 'nodejs20.x',
      Role: ROLE,
      Handler: 'index.handler',
      Description: 'consumer',
      Timeout: 30,
      MemorySize: 256,
      CodeSize: 4,
      Version: '$LATEST',
      State: 'Active',
      LastUpdateStatus: 'Successful',
      PackageType: 'Zip',
      Environment: { Variables: { TABLE: 'orders' } },
    });
    // The model types LastModified as a string, in Lambda's `+0000` form.
    expect(out.LastModified).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$/);
    expect(Math.abs(Date.parse(out.LastModified!.replace('+0000', 'Z')) - emu.clock.now())).toBeLessThan(5_000);
    // SHA-256 of the four zip bytes, base64, as `openssl dgst -sha256 -binary | base64` gives.
    expect(out.CodeSha256).toBe('aj2yS4vFfSzNwZiy14WOxlfzSnsskVO8BMqC1zFwh20=');
  });

  it('applies AWS defaults for Timeout, MemorySize and Description', async () => {
    const out = await createFunction(uniqueName());
    expect(out).toMatchObject({ Timeout: 3, MemorySize: 128, Description: '', Architectures: ['x86_64'] });
    expect(out.Environment).toBeUndefined();
  });

  it('answers a second create of the same name with ResourceConflictException (409)', async () => {
    const name = uniqueName();
    await createFunction(name);
    const error = await createFunction(name).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResourceConflictException);
    expect(error).toMatchObject({ message: `Function already exist: ${name}`, $metadata: { httpStatusCode: 409 } });
  });

  it.each([
    ['a timeout above 900 s', { Timeout: 901 }, /Timeout must be between 1 and 900/],
    ['a memory size below 128 MB', { MemorySize: 64 }, /MemorySize must be between 128 and 10240/],
    ['a role that is no IAM role ARN', { Role: 'lambda-role' }, /at 'role' failed to satisfy constraint/],
    ['a Zip function without a handler', { Handler: undefined }, /Runtime and Handler are mandatory/],
    ['environment variables over 4 KB', { Environment: { Variables: { BIG: 'x'.repeat(4100) } } }, /exceeded the 4KB limit/],
    ['a name with a space', { FunctionName: 'bad name' }, /at 'functionName' failed to satisfy constraint/],
  ])('rejects %s with InvalidParameterValueException', async (_case, extra, message) => {
    await expect(createFunction(uniqueName(), extra)).rejects.toMatchObject({ name: 'InvalidParameterValueException', message: expect.stringMatching(message), $metadata: { httpStatusCode: 400 } });
  });

  it('rejects a create without a role, naming the missing member', async () => {
    await expect(createFunction(uniqueName(), { Role: undefined })).rejects.toMatchObject({
      name: 'InvalidParameterValueException',
      message: "1 validation error detected: Value null at 'role' failed to satisfy constraint: Member must not be null",
    });
  });

  it('gets a function by name, by ARN and by partial ARN, with its code location and tags', async () => {
    const name = uniqueName();
    const { $metadata: _metadata, ...created } = await createFunction(name, { Tags: { team: 'eddy' } });
    for (const ref of [name, created.FunctionArn!, `000000000000:function:${name}`, `${created.FunctionArn}:$LATEST`]) {
      const out = await emu.lambda.send(new GetFunctionCommand({ FunctionName: ref }));
      expect(out.Configuration).toEqual(created);
      expect(out.Code).toMatchObject({ RepositoryType: 'S3', Location: expect.stringMatching(/^https:\/\//) });
      expect(out.Tags).toEqual({ team: 'eddy' });
    }
    const config = await emu.lambda.send(new GetFunctionConfigurationCommand({ FunctionName: name }));
    expect(config.FunctionArn).toBe(created.FunctionArn);
  });

  it('answers an unknown function with ResourceNotFoundException naming its ARN', async () => {
    const error = await emu.lambda.send(new GetFunctionCommand({ FunctionName: 'nope' })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResourceNotFoundException);
    expect(error).toMatchObject({ message: 'Function not found: arn:aws:lambda:us-east-1:000000000000:function:nope', $metadata: { httpStatusCode: 404 } });
  });

  it('updates the configuration, replacing the environment and moving LastModified', async () => {
    const name = uniqueName();
    const created = await createFunction(name, { Environment: { Variables: { A: '1', B: '2' } } });
    emu.clock.advance(60_000);
    const out = await emu.lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: name, Environment: { Variables: { C: '3' } }, Timeout: 10 }));
    expect(out).toMatchObject({ Environment: { Variables: { C: '3' } }, Timeout: 10, MemorySize: 128 });
    expect(out.LastModified! > created.LastModified!).toBe(true);
    expect(out.RevisionId).not.toBe(created.RevisionId);
    const read = await emu.lambda.send(new GetFunctionConfigurationCommand({ FunctionName: name }));
    expect(read.Environment).toEqual({ Variables: { C: '3' } });
    await expect(emu.lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: name, MemorySize: 20_000 }))).rejects.toMatchObject({ name: 'InvalidParameterValueException' });
  });

  it('deletes a function with 204, after which it is not found', async () => {
    const name = uniqueName();
    await createFunction(name);
    const out = await emu.lambda.send(new DeleteFunctionCommand({ FunctionName: name }));
    expect(out.$metadata.httpStatusCode).toBe(204);
    await expect(emu.lambda.send(new GetFunctionCommand({ FunctionName: name }))).rejects.toBeInstanceOf(ResourceNotFoundException);
    await expect(emu.lambda.send(new DeleteFunctionCommand({ FunctionName: name }))).rejects.toBeInstanceOf(ResourceNotFoundException);
  });

  it('lists functions in name order across pages with Marker and MaxItems', async () => {
    // A second region keeps this listing free of the other tests' functions.
    const region = 'eu-west-3';
    const { LambdaClient } = await import('@aws-sdk/client-lambda');
    const client = new LambdaClient({ endpoint: emu.url, region, credentials: { accessKeyId: 'AKID', secretAccessKey: 's' }, maxAttempts: 1 });
    try {
      const names = ['list-c', 'list-a', 'list-e', 'list-b', 'list-d'];
      for (const name of names) await client.send(new CreateFunctionCommand({ FunctionName: name, Runtime: 'nodejs20.x', Role: ROLE, Handler: 'i.h', Code: {} }));
      const seen: string[] = [];
      const pageSizes: number[] = [];
      let marker: string | undefined;
      do {
        const page = await client.send(new ListFunctionsCommand({ MaxItems: 2, Marker: marker }));
        pageSizes.push(page.Functions!.length);
        seen.push(...page.Functions!.map((f) => f.FunctionName!));
        expect(page.Functions![0].FunctionArn).toMatch(/^arn:aws:lambda:eu-west-3:/);
        marker = page.NextMarker;
      } while (marker);
      expect(seen).toEqual([...names].sort());
      expect(pageSizes).toEqual([2, 2, 1]);
      await expect(client.send(new ListFunctionsCommand({ MaxItems: 0 }))).rejects.toMatchObject({ name: 'InvalidParameterValueException' });
      await expect(client.send(new ListFunctionsCommand({ Marker: 'garbage' }))).rejects.toMatchObject({ name: 'InvalidParameterValueException' });
    } finally {
      client.destroy();
    }
  });

  it('tags, lists and untags a function', async () => {
    const created = await createFunction(uniqueName());
    const arn = created.FunctionArn!;
    await emu.lambda.send(new TagResourceCommand({ Resource: arn, Tags: { a: '1', b: '2' } }));
    await emu.lambda.send(new UntagResourceCommand({ Resource: arn, TagKeys: ['a'] }));
    expect((await emu.lambda.send(new ListTagsCommand({ Resource: arn }))).Tags).toEqual({ b: '2' });
    await expect(emu.lambda.send(new ListTagsCommand({ Resource: `${arn}-missing` }))).rejects.toBeInstanceOf(ResourceNotFoundException);
  });

  it('answers an operation it does not emulate (Invoke) with UnknownOperationException', async () => {
    const name = uniqueName();
    await createFunction(name);
    await expect(emu.lambda.send(new InvokeCommand({ FunctionName: name }))).rejects.toMatchObject({ name: 'UnknownOperationException', $metadata: { httpStatusCode: 404 } });
  });
});
