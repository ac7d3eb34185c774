import { CreateQueueCommand, GetQueueAttributesCommand, SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEmulator, TEST_CREDENTIALS, type TestEmulator } from '../../emulator/testing';
import { useTestServices } from '../../testing';
import { browseQueue } from '../dlq';
import { browseForTrace } from './sources';

/**
 * A trace reads a queue the way a browse does: it receives every message with a short lease and
 * releases them. Two such reads of one queue at once would each hide from the other what it is
 * looking for (a trace would miss its message, a browse would show a short page), so every read
 * of a queue in this process takes the queue's one lock (server/redrive/lease.ts).
 */
let emu: TestEmulator;
const COUNT = 30;

beforeAll(async () => {
  emu = await startTestEmulator();
  useTestServices({ AWS_ENDPOINT_URL: emu.url }, TEST_CREDENTIALS);
});
afterAll(() => emu.stop());

async function queueWith(name: string, count: number): Promise<string> {
  const url = (await emu.sqs.send(new CreateQueueCommand({ QueueName: name }))).QueueUrl as string;
  for (let i = 0; i < count; i += 10) {
    const ids = Array.from({ length: Math.min(10, count - i) }, (_, j) => i + j);
    await emu.sqs.send(new SendMessageBatchCommand({ QueueUrl: url, Entries: ids.map((n) => ({ Id: `m${n}`, MessageBody: `message ${n}` })) }));
  }
  return url;
}

async function notVisible(url: string): Promise<number> {
  const out = await emu.sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessagesNotVisible'] }));
  return Number(out.Attributes?.ApproximateNumberOfMessagesNotVisible);
}

describe('browseForTrace', () => {
  it('reads a queue alone: traces and a browse started together each see every message', async () => {
    const name = `trace-lock-${Date.now()}`;
    const url = await queueWith(name, COUNT);
    // Started in the same tick: without the lock their receives interleave and each gets a share.
    const [first, second, page, third] = await Promise.all([
      browseForTrace(url, 1_000),
      browseForTrace(url, 1_000),
      browseQueue(name, { limit: 1_000 }),
      browseForTrace(url, 1_000),
    ]);
    expect(first).toHaveLength(COUNT);
    expect(second).toHaveLength(COUNT);
    expect(third).toHaveLength(COUNT);
    expect(page.messages).toHaveLength(COUNT);
    expect(new Set(first.map((m) => m.body))).toEqual(new Set(Array.from({ length: COUNT }, (_, n) => `message ${n}`)));
    // Each reader gave back what it held: nothing stays hidden from the queue's consumers.
    expect(await notVisible(url)).toBe(0);
  });

  it('stops at what is enough and still releases everything it received', async () => {
    const url = await queueWith(`trace-enough-${Date.now()}`, COUNT);
    const got = await browseForTrace(url, 1_000, (seen) => seen.length >= 10);
    expect(got.length).toBeGreaterThanOrEqual(10);
    expect(got.length).toBeLessThan(COUNT);
    expect(await notVisible(url)).toBe(0);
  });
});
