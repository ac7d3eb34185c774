import { ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestEmulator, TEST_CREDENTIALS, type TestEmulator } from '../emulator/testing';
import { setServicesForTest } from '../services';
import { useTestServices } from '../testing';
import { OwnReceives } from '../redrive/own-receives';
import { LastLooks } from '../redrive/lease';
import { deadLetterPair } from '../redrive/testing/dead-letters';
import { browseQueue, getQueueMessage, sampleQueueMessages } from './dlq';

/**
 * SQS has no peek: every receive of Eddy's raises a message's ApproximateReceiveCount. A queue
 * page browses the DLQ and then runs the failure-apart scan; these tests count, against the
 * emulator over HTTP, how many receives each message got — and that the page says which were Eddy's.
 */
let emu: TestEmulator;
let n = 0;
let now = Date.now();

beforeAll(async () => {
  emu = await startTestEmulator();
  useTestServices({ AWS_ENDPOINT_URL: emu.url }, TEST_CREDENTIALS);
});
afterAll(() => emu.stop());
beforeEach(() => {
  now = Date.now();
  // This process "started" long before the test's messages were sent: it knows every receive it made of them.
  setServicesForTest({ ownReceives: new OwnReceives(Date.now, 0), lastLooks: new LastLooks(() => now) });
});

const pair = (count: number) => deadLetterPair(emu, `dlq${++n}-${Date.now()}`, Array.from({ length: count }, (_, i) => `{"n":${i}}`));

/** Each message's receive count as SQS has it now, read with one more receive (not counted here). */
async function receivesSoFar(url: string): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (let empty = 0; empty < 3; ) {
    const out = await emu.sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, VisibilityTimeout: 600, MessageSystemAttributeNames: ['ApproximateReceiveCount'] }));
    if (!out.Messages?.length) empty++;
    for (const m of out.Messages ?? []) counts.set(m.MessageId ?? '', Number(m.Attributes?.ApproximateReceiveCount) - 1);
  }
  await emu.control('POST', '/_eddy/clock', { advanceMs: 601_000 });
  return counts;
}

describe('a queue page’s receives', () => {
  it('the failure-apart sample reads the messages the page’s browse just received: one receive of each, not two', async () => {
    const p = await pair(4);
    const page = await browseQueue(p.dlq);
    expect(page.more).toBe(false);
    const sample = await sampleQueueMessages(p.dlq, 2_000, { reuseWithinMs: 10_000 });
    expect(sample.messages.map((m) => m.messageId).sort()).toEqual(page.messages.map((m) => m.messageId).sort());
    expect(sample.reusedAt).toBeDefined();
    // GetQueueUrl and GetQueueAttributes only: no receive, no release.
    expect(sample.sqsCalls).toBe(2);
    // Dead-lettered after one receive by the "consumer", then the browse: 2 each.
    expect([...(await receivesSoFar(p.dlqUrl)).values()]).toEqual([2, 2, 2, 2]);
  });

  it('receives again when the browse did not see the whole queue, when it is too old, or after a lease that may have changed the queue', async () => {
    const p = await pair(12);
    const page = await browseQueue(p.dlq, { limit: 5 });
    expect(page.more).toBe(true);
    const capped = await sampleQueueMessages(p.dlq, 2_000, { reuseWithinMs: 10_000 });
    expect(capped.reusedAt).toBeUndefined();
    expect(capped.messages).toHaveLength(12);

    const q = await pair(3);
    await browseQueue(q.dlq);
    now += 10_001;
    expect((await sampleQueueMessages(q.dlq, 2_000, { reuseWithinMs: 10_000 })).reusedAt).toBeUndefined();

    const r = await pair(3);
    const browsed = await browseQueue(r.dlq);
    // A lookup of one message leases the queue: what the browse kept is dropped.
    await getQueueMessage(r.dlq, browsed.messages[0].messageId);
    expect((await sampleQueueMessages(r.dlq, 2_000, { reuseWithinMs: 10_000 })).reusedAt).toBeUndefined();
  });

  it('a browse that is not the page’s first is not served from an earlier look', async () => {
    const p = await pair(2);
    await browseQueue(p.dlq);
    await browseQueue(p.dlq);
    expect([...(await receivesSoFar(p.dlqUrl)).values()]).toEqual([3, 3]);
  });

  it('each message says how many of its receives were this Eddy’s', async () => {
    const p = await pair(3);
    const first = await browseQueue(p.dlq);
    expect(first.messages.map((m) => [m.receiveCount, m.ownReceiveCount])).toEqual([
      [2, 1],
      [2, 1],
      [2, 1],
    ]);
    const again = await browseQueue(p.dlq);
    expect(again.messages.map((m) => [m.receiveCount, m.ownReceiveCount])).toEqual([
      [3, 2],
      [3, 2],
      [3, 2],
    ]);
    expect((await getQueueMessage(p.dlq, again.messages[0].messageId)).ownReceiveCount).toBe(3);
  });

  it('says nothing of its own share where it cannot know it: after a restart, the count as SQS gives it', async () => {
    const p = await pair(2);
    // A process started after the messages were sent (by SQS's clock, which the tests above moved on): an earlier one may have received them.
    setServicesForTest({ ownReceives: new OwnReceives(Date.now, emu.clock.now() + 60_000) });
    const page = await browseQueue(p.dlq);
    expect(page.messages.map((m) => [m.receiveCount, m.ownReceiveCount])).toEqual([
      [2, undefined],
      [2, undefined],
    ]);
  });
});
