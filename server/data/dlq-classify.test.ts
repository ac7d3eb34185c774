import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CreateTableCommand, DeleteItemCommand, PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEmulator, TEST_CREDENTIALS, type TestEmulator } from '../emulator/testing';
import { AuditLog } from '../redrive/audit';
import { RedriveJobs } from '../redrive/jobs';
import { SentPairs } from '../redrive/sent-pairs';
import { bodiesIn as bodiesInQueue, deadLetterPair, queueAttribute } from '../redrive/testing/dead-letters';
import { setServicesForTest } from '../services';
import { useTestServices } from '../testing';
import { classifyDlq } from './dlq-classify';
import { startRedrive } from './dlq-redrive';

/**
 * Issue 17 against the emulator over HTTP with the real SDK: a DLQ whose items were updated,
 * deleted or duplicated after the failure is classified right, and "Redrive all" with the skips
 * moves only what is current (or cannot be judged), leaving the rest in the DLQ — nothing lost.
 */
let emu: TestEmulator;
let n = 0;
const TABLE = `orders-${Date.now()}`;
const CUSTOMERS = `customers-${Date.now()}`;

beforeAll(async () => {
  emu = await startTestEmulator();
  useTestServices({ AWS_ENDPOINT_URL: emu.url }, TEST_CREDENTIALS);
  // The tables exist before the first classification reads the key schemas (cached for a minute).
  await emu.dynamodb.send(
    new CreateTableCommand({
      TableName: TABLE,
      KeySchema: [{ AttributeName: 'orderId', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'orderId', AttributeType: 'S' }],
      BillingMode: 'PAY_PER_REQUEST',
      StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
    }),
  );
  // Another table keyed by `orderId`, listed first and with none of these orders: a message's
  // orderId names the item of the table whose stream has records of it.
  await emu.dynamodb.send(
    new CreateTableCommand({
      TableName: `a-shadow-${Date.now()}`,
      KeySchema: [{ AttributeName: 'orderId', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'orderId', AttributeType: 'S' }],
      BillingMode: 'PAY_PER_REQUEST',
      StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
    }),
  );
  // No stream: its items can only be judged by GetItem.
  await emu.dynamodb.send(
    new CreateTableCommand({ TableName: CUSTOMERS, KeySchema: [{ AttributeName: 'customerId', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'customerId', AttributeType: 'S' }], BillingMode: 'PAY_PER_REQUEST' }),
  );
});
afterAll(() => emu.stop());

const attr = (url: string, name: 'ApproximateNumberOfMessages') => queueAttribute(emu, url, name);
const deadLetters = (bodies: string[]) => deadLetterPair(emu, `c${++n}-${Date.now()}`, bodies);
const bodiesIn = async (url: string) => (await bodiesInQueue(emu, url)).sort();

const order = (id: string, total: number) => ({ orderId: { S: id }, total: { N: String(total) }, status: { S: 'PLACED' } });

/**
 * The story: six orders and two customers exist; their messages fail and are dead-lettered; then,
 * seconds later, one order is changed and one deleted. One order's message is in the DLQ twice.
 */
async function story(tag: string) {
  const id = (i: number) => `${tag}-o${i}`;
  for (let i = 1; i <= 6; i++) await emu.dynamodb.send(new PutItemCommand({ TableName: TABLE, Item: order(id(i), i === 5 ? 20 : 10) }));
  await emu.dynamodb.send(new PutItemCommand({ TableName: CUSTOMERS, Item: { customerId: { S: `${tag}-c1` }, name: { S: 'Ann' } } }));
  const body = (i: number) => JSON.stringify({ orderId: id(i), total: 10, kind: 'OrderPlaced' });
  const bodies = {
    current: [body(1), body(4), body(6), JSON.stringify({ customerId: `${tag}-c1`, name: 'Ann' })],
    // o5's total is 20 in the table, 10 in the message: it changed before the message was sent.
    stale: [body(2), body(5)],
    gone: [body(3), JSON.stringify({ customerId: `${tag}-c2`, name: 'Bob' })],
    duplicate: [body(4)],
    unknown: ['{"note":"no key here"}'],
  };
  const q = await deadLetters([...bodies.current, ...bodies.stale, ...bodies.gone, ...bodies.duplicate, ...bodies.unknown]);
  // Later: stream records stamped seconds after every SentTimestamp (ApproximateCreationDateTime is to the second).
  await emu.control('POST', '/_eddy/clock', { advanceMs: 5_000 });
  await emu.dynamodb.send(new UpdateItemCommand({ TableName: TABLE, Key: { orderId: { S: id(2) } }, UpdateExpression: 'SET #s = :s', ExpressionAttributeNames: { '#s': 'status' }, ExpressionAttributeValues: { ':s': { S: 'CANCELLED' } } }));
  await emu.dynamodb.send(new DeleteItemCommand({ TableName: TABLE, Key: { orderId: { S: id(3) } } }));
  return { ...q, bodies };
}

describe('classifying a DLQ before a redrive', () => {
  it('counts stale, gone, duplicate, current and unknown dead letters right, reading items only where the stream cannot tell', async () => {
    const s = await story('a');
    const c = await classifyDlq(s.dlq);
    expect(c.counts).toEqual({ stale: 2, gone: 2, duplicate: 1, current: 4, unknown: 1 });
    expect(c.scanned).toBe(10);
    // Only the customers (a table without a stream) needed GetItem; the orders' stream settled theirs.
    expect(c.calls.GetItem).toBe(2);
    const byBody = (cls: string) => c.verdicts.filter((v) => v.class === cls).map((v) => v.preview).sort();
    expect(byBody('gone')).toEqual([...s.bodies.gone].sort());
    expect(byBody('stale')).toEqual([...s.bodies.stale].sort());
    expect(c.verdicts.find((v) => v.preview === s.bodies.stale[1])).toMatchObject({ changed: ['total'] });
    expect(c.verdicts.find((v) => v.class === 'duplicate')?.duplicateBy).toBe('same body');
    // The classification's lease is released at once: every message is visible again.
    expect(await attr(s.dlqUrl, 'ApproximateNumberOfMessages')).toBe('10');
  });

  it('with "Skip stale and deleted items" and duplicates skipped, moves only the current and unknown ones, losing none', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'eddy-skip-'));
    const jobs = new RedriveJobs(new AuditLog(dir), (ms) => new Promise((r) => setTimeout(r, Math.min(ms, 100))), new SentPairs(dir));
    setServicesForTest({ redriveJobs: jobs });
    const s = await story('b');
    const job = await startRedrive({ dlqName: s.dlq, skip: { staleAndGone: true, duplicates: true } }, 'tester');
    await expect.poll(() => job.phase, { timeout: 20_000 }).toBe('completed');
    expect(job.perMessage).toMatchObject({ moved: 5, toMove: 5, sentNotDeleted: 0, failed: 0 });
    expect(job.perMessage?.skipped.map((k) => k.class).sort()).toEqual(['duplicate', 'gone', 'gone', 'stale', 'stale']);
    const [inSrc, inDlq] = [await bodiesIn(s.srcUrl), await bodiesIn(s.dlqUrl)];
    expect(inSrc).toEqual([...s.bodies.current, ...s.bodies.unknown].sort());
    expect(inDlq).toEqual([...s.bodies.stale, ...s.bodies.gone, ...s.bodies.duplicate].sort());
  });
});
