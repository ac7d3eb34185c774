import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DeleteQueueCommand, ReceiveMessageCommand, SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestEmulator, TEST_CREDENTIALS, type TestEmulator } from '../emulator/testing';
import { useTestServices } from '../testing';
import { browseQueue, getQueueMessage, PAGE_BODY_CHARS } from '../data/dlq';
import { AuditLog } from './audit';
import { RedriveJobs } from './jobs';
import { redriveSelected } from './selected';
import { bodiesIn as bodiesInQueue, deadLetterPair, queueAttribute } from './testing/dead-letters';

/**
 * Contract tests of browsing and redrive against the emulator over HTTP with real SDK clients:
 * under throttling, 5xx, a deleted queue and a killed process, every message ends in the DLQ or
 * its destination — none lost.
 */
let emu: TestEmulator;
let n = 0;

beforeAll(async () => {
  emu = await startTestEmulator();
  useTestServices({ AWS_ENDPOINT_URL: emu.url }, TEST_CREDENTIALS);
});
afterAll(() => emu.stop());
afterEach(() => emu.control('DELETE', '/_eddy/faults'));

const attr = (url: string, name: 'QueueArn' | 'ApproximateNumberOfMessages' | 'ApproximateNumberOfMessagesNotVisible') => queueAttribute(emu, url, name);

/** A source queue with a DLQ (maxReceiveCount 1), `count` messages dead-lettered into it. */
const pair = (count: number, bodyOf: (i: number) => string = (i) => `{"n":${i}}`) =>
  deadLetterPair(
    emu,
    `t${++n}-${Date.now()}`,
    Array.from({ length: count }, (_, i) => bodyOf(i)),
  );
const bodiesIn = (url: string) => bodiesInQueue(emu, url);

/** No loss: every original body is in the DLQ or the destination, at least once. */
async function expectNoneLost(p: { dlqUrl: string; srcUrl: string; bodies: string[] }) {
  const [inDlq, inSrc] = await Promise.all([bodiesIn(p.dlqUrl), bodiesIn(p.srcUrl)]);
  const everywhere = new Set([...inDlq, ...inSrc]);
  expect(p.bodies.filter((b) => !everywhere.has(b))).toEqual([]);
  return { inDlq, inSrc };
}

async function ids(url: string, count: number): Promise<string[]> {
  const page = await browseQueue(decodeURIComponent(url.split('/').pop() ?? ''), { limit: count });
  return page.messages.map((m) => m.messageId);
}

describe('browsing a DLQ', () => {
  it('returns the first page and leaves every message visible again', async () => {
    const p = await pair(25);
    const page = await browseQueue(p.dlq, { limit: 10 });
    expect(page.messages).toHaveLength(10);
    expect(page.more).toBe(true);
    expect(page.messages[0]).toMatchObject({ receiveCount: 2, sourceQueue: p.src });
    expect(await attr(p.dlqUrl, 'ApproximateNumberOfMessagesNotVisible')).toBe('0');
    expect(await attr(p.dlqUrl, 'ApproximateNumberOfMessages')).toBe('25');
    const all = await browseQueue(p.dlq, { limit: 100 });
    expect(all.messages).toHaveLength(25);
    expect(all.more).toBe(false);
  });

  it('refuses a queue with a redrive policy unless asked, then reports receive counts against the maximum', async () => {
    const p = await pair(0);
    await emu.sqs.send(new SendMessageBatchCommand({ QueueUrl: p.srcUrl, Entries: [{ Id: 'a', MessageBody: 'x' }] }));
    await expect(browseQueue(p.src)).rejects.toMatchObject({ code: 'conflict', detail: 'has_redrive_policy' });
    const page = await browseQueue(p.src, { override: true });
    expect(page).toMatchObject({ maxReceiveCount: 1, messages: [{ body: 'x', receiveCount: 1 }] });
  });

  it('shows 1 MiB, HTML and odd-character bodies as they are', async () => {
    const big = 'a'.repeat(1_048_000);
    const odd = '<img src=x onerror=alert(1)> \u0000'.replace('\u0000', '\uFFFD') + ' \u{1F600}';
    const p = await pair(2, (i) => (i === 0 ? big : odd));
    const page = await browseQueue(p.dlq);
    const cut = page.messages.find((m) => m.bodyTruncated);
    expect(cut).toMatchObject({ body: big.slice(0, PAGE_BODY_CHARS), bodyBytes: 1_048_000 });
    expect(page.messages.find((m) => !m.bodyTruncated)?.body).toBe(odd);
    expect((await getQueueMessage(p.dlq, cut?.messageId ?? '')).body).toBe(big);
    await expect(getQueueMessage(p.dlq, 'no-such-message')).rejects.toMatchObject({ code: 'not_found' });
    expect(await attr(p.dlqUrl, 'ApproximateNumberOfMessagesNotVisible')).toBe('0');
  });

  it('says clearly when the queue was deleted', async () => {
    const p = await pair(1);
    await emu.sqs.send(new DeleteQueueCommand({ QueueUrl: p.dlqUrl }));
    await expect(browseQueue(p.dlq)).rejects.toMatchObject({ code: 'not_found' });
  });

  it('releases what it received when throttled part way', async () => {
    const p = await pair(30);
    await emu.control('POST', '/_eddy/faults', { rules: [{ target: 'AmazonSQS.ReceiveMessage', error: 'RequestThrottled', status: 403, rate: 0.6 }] });
    const released = async () => ((await emu.control('GET', '/_eddy/stats')) as { requests: Record<string, number> }).requests['AmazonSQS.ChangeMessageVisibilityBatch'] ?? 0;
    const releasesBefore = await released();
    // A browse whose first receive is throttled past the SDK's retries receives nothing: browse
    // again until one has received something to release (each browse releases its own).
    for (let attempt = 0; attempt < 10 && (await released()) === releasesBefore; attempt++) await browseQueue(p.dlq, { limit: 30 }).catch(() => undefined);
    await emu.control('DELETE', '/_eddy/faults');
    // Looked at within the 20 s lease, before the emulator's clock moves: every message is
    // visible again because the browse released it, not because its lease ran out.
    expect(await released()).toBeGreaterThan(releasesBefore);
    expect(await attr(p.dlqUrl, 'ApproximateNumberOfMessagesNotVisible')).toBe('0');
    expect(await attr(p.dlqUrl, 'ApproximateNumberOfMessages')).toBe('30');
    await expectNoneLost(p);
  });
});

describe('redrive selected', () => {
  it('sends the picked messages back with eddy-redriven-from and deletes only those', async () => {
    const p = await pair(5);
    const picked = (await ids(p.dlqUrl, 5)).slice(0, 2);
    const outcomes = await redriveSelected({ dlqName: p.dlq, messageIds: [...picked, 'no-such-id'] });
    expect(outcomes.map((o) => o.status)).toEqual(['redriven', 'redriven', 'not_found']);
    expect(outcomes[0].destination).toBe(p.src);
    const back = await emu.sqs.send(new ReceiveMessageCommand({ QueueUrl: p.srcUrl, MaxNumberOfMessages: 10, MessageAttributeNames: ['All'], VisibilityTimeout: 60 }));
    expect(back.Messages).toHaveLength(2);
    expect(back.Messages?.[0].MessageAttributes?.['eddy-redriven-from']?.StringValue).toBe(p.dlq);
    expect(await attr(p.dlqUrl, 'ApproximateNumberOfMessages')).toBe('3');
  });

  it.each([
    ['5xx on SendMessage', 'AmazonSQS.SendMessage', 'InternalError', 500],
    ['throttling on SendMessage', 'AmazonSQS.SendMessage', 'ThrottlingException', 400],
    ['5xx on DeleteMessage', 'AmazonSQS.DeleteMessage', 'InternalError', 500],
    ['throttling on ChangeMessageVisibilityBatch', 'AmazonSQS.ChangeMessageVisibilityBatch', 'RequestThrottled', 403],
  ])('loses nothing under %s', async (_, target, error, status) => {
    const p = await pair(20);
    const picked = await ids(p.dlqUrl, 20);
    await emu.control('POST', '/_eddy/faults', { rules: [{ target, error, status, rate: 0.7 }] });
    const outcomes = await redriveSelected({ dlqName: p.dlq, messageIds: picked });
    await emu.control('DELETE', '/_eddy/faults');
    expect(outcomes).toHaveLength(20);
    for (const o of outcomes.filter((x) => x.status === 'failed')) expect(o.message).toMatch(/still in|in both queues/);
    const { inSrc } = await expectNoneLost(p);
    expect(inSrc.length).toBe(outcomes.filter((o) => o.status === 'redriven' || o.newMessageId).length);
    // The SDK's own backoff on throttling (500 ms base, exponential, jittered) on 70 % of 20 sends:
    // 16 s here one run, over 30 s in a fresh-clone CI on a loaded machine. Time is not the claim.
  }, 90_000);

  it('loses nothing when the process is killed between a send and its delete', async () => {
    const p = await pair(10);
    const picked = await ids(p.dlqUrl, 10);
    // Every delete hangs for 30 s: the child sends the first copy, then waits on its delete.
    await emu.control('POST', '/_eddy/faults', { rules: [{ target: 'AmazonSQS.DeleteMessage', latencyMs: 30_000 }] });
    const child = spawn(process.execPath, [path.resolve('node_modules/tsx/dist/cli.mjs'), '--conditions=react-server', path.resolve('server/redrive/testing/redrive-selected-child.ts'), p.dlq, picked.join(',')], {
      // Another process: it reads the standard AWS configuration a user would set.
      env: {
        ...process.env,
        AWS_ENDPOINT_URL: emu.url,
        AWS_REGION: 'us-east-1',
        AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
        AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey,
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      },
      stdio: 'ignore',
    });
    try {
      await expect.poll(async () => Number(await attr(p.srcUrl, 'ApproximateNumberOfMessages')), { timeout: 20_000, interval: 100 }).toBeGreaterThan(0);
    } finally {
      child.kill('SIGKILL');
    }
    await emu.control('DELETE', '/_eddy/faults');
    const { inDlq, inSrc } = await expectNoneLost(p);
    // The one in the middle is in both queues: a duplicate, never a loss.
    expect(inSrc.length).toBeGreaterThan(0);
    expect(inDlq.length + inSrc.length).toBeGreaterThanOrEqual(10);
  }, 40_000);
});

describe('redrive all', () => {
  const jobs = () => new RedriveJobs(new AuditLog(mkdtempSync(path.join(os.tmpdir(), 'eddy-audit-'))), (ms) => new Promise((r) => setTimeout(r, Math.min(ms, 200))));

  async function until<T>(read: () => T, done: (v: T) => boolean, timeoutMs = 20_000): Promise<T> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const v = read();
      if (done(v) || Date.now() > end) return v;
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  it('moves everything back under throttled progress reads, audited from start to end', async () => {
    const p = await pair(40);
    const redrives = jobs();
    // Faults only once the task runs: `start` itself rightly refuses when it cannot tell whether
    // a move task is already running (at rate 0.5 that is one start in eight, after three tries).
    const job = await redrives.start({ dlqName: p.dlq, maxPerSecond: 500 }, 'tester');
    await emu.control('POST', '/_eddy/faults', { rules: [{ target: 'AmazonSQS.ListMessageMoveTasks', error: 'InternalError', status: 500, rate: 0.5 }] });
    await until(() => job.phase, (ph) => ph !== 'moving');
    expect(job.phase).toBe('completed');
    expect(job.task).toMatchObject({ status: 'COMPLETED', moved: 40, toMove: 40 });
    await emu.control('DELETE', '/_eddy/faults');
    const { inSrc } = await expectNoneLost(p);
    expect(inSrc).toHaveLength(40);
    const audit = await (redrives as unknown as { audit: AuditLog }).audit.read();
    expect(audit.map((e) => e.outcome)).toEqual(['succeeded', 'started']);
  });

  it('refuses a queue that is no DLQ, and a second redrive while one runs', async () => {
    const p = await pair(300);
    const redrives = jobs();
    await expect(redrives.start({ dlqName: p.src }, 'tester')).rejects.toMatchObject({ code: 'invalid', detail: 'not_a_dlq' });
    await redrives.start({ dlqName: p.dlq, maxPerSecond: 5 }, 'tester');
    await expect(redrives.start({ dlqName: p.dlq }, 'tester')).rejects.toMatchObject({ code: 'conflict' });
    await redrives.cancel(p.dlq, 'tester');
    await until(() => redrives.latestFor(p.dlq)?.phase, (ph) => ph === 'cancelled');
    expect(redrives.latestFor(p.dlq)?.phase).toBe('cancelled');
    await expectNoneLost(p);
  });

  it('dry run: counts per destination', async () => {
    const p = await pair(7);
    expect(await jobs().plan({ dlqName: p.dlq })).toMatchObject({ total: 7, destinations: [{ queueName: p.src, count: 7 }] });
  });

  it('canary: stops the rest when the canary messages come back', async () => {
    const p = await pair(12);
    const redrives = jobs();
    const job = await redrives.start({ dlqName: p.dlq, canary: { count: 3, watchSeconds: 10 } }, 'tester');
    await until(() => job.phase, (ph) => ph === 'watching');
    // The consumer still fails: receiving past maxReceiveCount sends the copies back to the DLQ.
    await emu.sqs.send(new ReceiveMessageCommand({ QueueUrl: p.srcUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 0 }));
    await emu.sqs.send(new ReceiveMessageCommand({ QueueUrl: p.srcUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 0 }));
    await until(() => job.phase, (ph) => ph !== 'watching');
    expect(job.phase).toBe('stopped');
    // It stops at the first copy seen back.
    expect(job.canary?.sent).toBe(3);
    expect(job.canary?.returned).toBeGreaterThan(0);
    expect(job.task).toBeUndefined();
    const { inDlq } = await expectNoneLost(p);
    expect(inDlq).toHaveLength(12);
  });

  it('canary: moves the rest when the canary messages stay away', async () => {
    const p = await pair(12);
    const redrives = jobs();
    const job = await redrives.start({ dlqName: p.dlq, canary: { count: 2, watchSeconds: 5 } }, 'tester');
    await until(() => job.phase, (ph) => ['completed', 'stopped', 'failed'].includes(ph), 30_000);
    expect(job.phase).toBe('completed');
    const { inSrc, inDlq } = await expectNoneLost(p);
    expect(inSrc).toHaveLength(12);
    expect(inDlq).toHaveLength(0);
  }, 40_000);

  it('purges only after the exact name is typed', async () => {
    const p = await pair(3);
    const redrives = jobs();
    await expect(redrives.purge({ queueName: p.dlq, confirmName: p.dlq.toUpperCase() }, 'tester')).rejects.toMatchObject({ code: 'invalid' });
    expect(await attr(p.dlqUrl, 'ApproximateNumberOfMessages')).toBe('3');
    await redrives.purge({ queueName: p.dlq, confirmName: p.dlq }, 'tester');
    expect(await attr(p.dlqUrl, 'ApproximateNumberOfMessages')).toBe('0');
  });
});
