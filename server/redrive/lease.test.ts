import { ReceiveMessageCommand, type Message } from '@aws-sdk/client-sqs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestEmulator, TEST_CREDENTIALS, type TestEmulator } from '../emulator/testing';
import { getClients } from '../aws/clients';
import { useTestServices } from '../testing';
import { LEASE_SECONDS } from './lease';
import { redriveSelected } from './selected';
import { bodiesIn, deadLetterPair, queueAttribute } from './testing/dead-letters';

/**
 * Issue 17: a "redrive selected" longer than one lease keeps its messages hidden for as long as it
 * runs. The emulator's clock is the fake clock: every send Eddy makes moves it forward, and after
 * each one another reader (a browse in another process, a consumer) receives from the DLQ. With
 * the lease not extended, that reader gets messages Eddy is still redriving and Eddy's deletes
 * fail on stale receipt handles.
 */
let emu: TestEmulator;
let n = 0;
const CLOCK_MIDDLEWARE = 'lease-test-clock';

beforeAll(async () => {
  emu = await startTestEmulator();
  useTestServices({ AWS_ENDPOINT_URL: emu.url }, TEST_CREDENTIALS);
});
afterAll(() => emu.stop());
afterEach(() => {
  getClients().sqs.middlewareStack.remove(CLOCK_MIDDLEWARE);
});

/** After every SendMessage Eddy makes: the emulator's clock jumps `stepMs`, then another reader receives from `dlqUrl`. */
function slowSendsWithAnotherReader(dlqUrl: string, stepMs: number): Message[] {
  const interleaved: Message[] = [];
  getClients().sqs.middlewareStack.add(
    (next, context) => async (args) => {
      const out = await next(args);
      if (context.commandName === 'SendMessageCommand') {
        emu.clock.advance(stepMs);
        const got = await emu.sqs.send(new ReceiveMessageCommand({ QueueUrl: dlqUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 0 }));
        interleaved.push(...(got.Messages ?? []));
      }
      return out;
    },
    { step: 'initialize', name: CLOCK_MIDDLEWARE },
  );
  return interleaved;
}

/** The ids of the `count` messages of a queue (each hidden 600 s of the emulator's clock). */
async function allIds(url: string, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let empty = 0; ids.length < count && empty < 3; ) {
    const got = (await emu.sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, VisibilityTimeout: 600 }))).Messages ?? [];
    if (got.length === 0) empty++;
    ids.push(...got.map((m) => m.MessageId as string));
  }
  expect(ids).toHaveLength(count);
  return ids;
}

describe('a long "redrive selected"', () => {
  it('extends its lease so that no other reader receives a message before it is moved', async () => {
    const p = await deadLetterPair(
      emu,
      `lease${++n}-${Date.now()}`,
      Array.from({ length: 30 }, (_, i) => `{"n":${i}}`),
    );
    const all = await allIds(p.dlqUrl, 30);
    // Visible again for the redrive: the test's own receives leave no lease behind.
    emu.clock.advance(601_000);

    // 30 sends × 2 s of the clock: three times the lease.
    const stepMs = 2_000;
    expect(30 * stepMs).toBeGreaterThan(LEASE_SECONDS * 1000 * 2);
    const interleaved = slowSendsWithAnotherReader(p.dlqUrl, stepMs);
    const outcomes = await redriveSelected({ dlqName: p.dlq, messageIds: all }, undefined, { now: () => emu.clock.now() });

    expect(interleaved.map((m) => m.Body)).toEqual([]);
    expect(outcomes.filter((o) => o.status !== 'redriven')).toEqual([]);
    getClients().sqs.middlewareStack.remove(CLOCK_MIDDLEWARE);
    expect(Number(await queueAttribute(emu, p.dlqUrl, 'ApproximateNumberOfMessages'))).toBe(0);
    expect((await bodiesIn(emu, p.srcUrl)).sort()).toEqual([...p.bodies].sort());
  });

  it('stops sending, and loses and duplicates nothing, when its lease cannot be extended', async () => {
    const p = await deadLetterPair(
      emu,
      `lease${++n}-${Date.now()}`,
      Array.from({ length: 20 }, (_, i) => `{"n":${i}}`),
    );
    const all = await allIds(p.dlqUrl, 20);
    emu.clock.advance(601_000);
    await emu.control('POST', '/_eddy/faults', { rules: [{ target: 'AmazonSQS.ChangeMessageVisibilityBatch', error: 'ServiceUnavailable', status: 503, rate: 1 }] });
    const interleaved = slowSendsWithAnotherReader(p.dlqUrl, 2_000);
    const outcomes = await redriveSelected({ dlqName: p.dlq, messageIds: all }, undefined, { now: () => emu.clock.now() });
    getClients().sqs.middlewareStack.remove(CLOCK_MIDDLEWARE);
    await emu.control('DELETE', '/_eddy/faults');

    expect(interleaved).toEqual([]);
    const redriven = outcomes.filter((o) => o.status === 'redriven');
    const stopped = outcomes.filter((o) => o.status === 'failed');
    expect(redriven.length).toBeGreaterThan(0);
    expect(stopped.length).toBeGreaterThan(0);
    expect(redriven.length + stopped.length).toBe(20);
    for (const o of stopped) expect(o.message).toMatch(/^Not sent, still in .*could not extend its hold/);
    // Each body once, in the DLQ or back in its source.
    const [inDlq, inSrc] = [await bodiesIn(emu, p.dlqUrl), await bodiesIn(emu, p.srcUrl)];
    expect(inSrc).toHaveLength(redriven.length);
    expect([...inDlq, ...inSrc].sort()).toEqual([...p.bodies].sort());
  });
});
