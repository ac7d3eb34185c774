import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crc32 } from './crc32';
import { startTestEmulator, type TestEmulator } from '../testing';

let emu: TestEmulator;
beforeAll(async () => {
  emu = await startTestEmulator();
});
afterAll(async () => {
  await emu.stop();
});

async function post(target: string | undefined, body: string) {
  const res = await fetch(emu.url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.0', ...(target ? { 'x-amz-target': target } : {}) },
    body,
  });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

describe('emulator server', () => {
  it('answers an unknown target with UnknownOperationException in AWS JSON form', async () => {
    const res = await post('NoSuchService_2020.Foo', '{}');
    expect(res.status).toBe(400);
    expect(JSON.parse(res.text).__type).toMatch(/#UnknownOperationException$/);
    expect(res.headers.get('x-amzn-requestid')).toMatch(/[0-9a-f-]{36}/);
  });

  it('sends the CRC32 of the exact body on DynamoDB responses', async () => {
    const res = await post('DynamoDB_20120810.NoSuchOperation', '{}');
    expect(Number(res.headers.get('x-amz-crc32'))).toBe(crc32(Buffer.from(res.text, 'utf8')));
  });

  it('computes the CRC32 zlib does', () => {
    expect(crc32(Buffer.from('{}'))).toBe(2745614147);
  });

  it('answers malformed JSON with SerializationException, not a 500', async () => {
    const res = await post('DynamoDB_20120810.ListTables', '{not json');
    expect(res.status).toBe(400);
    expect(JSON.parse(res.text).__type).toMatch(/#SerializationException$/);
  });

  it('moves the clock forward on request', async () => {
    const before = (await emu.control('GET', '/_eddy/clock')) as { now: number };
    const after = (await emu.control('POST', '/_eddy/clock', { advanceMs: 3_600_000 })) as { now: number };
    expect(after.now - before.now).toBeGreaterThanOrEqual(3_600_000);
    expect(emu.clock.now() - Date.now()).toBeGreaterThanOrEqual(3_599_000);
  });

  it('injects a fault on a matching target and clears it', async () => {
    await emu.control('POST', '/_eddy/faults', { rules: [{ target: 'DynamoDB_20120810.*', error: 'ProvisionedThroughputExceededException' }] });
    await expect(emu.dynamodb.send(new ListTablesCommand({}))).rejects.toMatchObject({ name: 'ProvisionedThroughputExceededException' });
    await emu.control('DELETE', '/_eddy/faults');
    const res = await post('DynamoDB_20120810.NoSuchOperation', '{}');
    expect(JSON.parse(res.text).__type).toMatch(/#UnknownOperationException$/);
  });

  it('rejects a malformed fault rule with a readable message', async () => {
    const res = await fetch(`${emu.url}/_eddy/faults`, { method: 'POST', body: JSON.stringify({ rules: [{ rate: 2 }] }) });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/target/);
  });

  it('counts requests per target in /_eddy/stats', async () => {
    await post('DynamoDB_20120810.NoSuchOperation', '{}');
    const stats = (await emu.control('GET', '/_eddy/stats')) as { requests: Record<string, number> };
    expect(stats.requests['DynamoDB_20120810.NoSuchOperation']).toBeGreaterThan(0);
  });
});
