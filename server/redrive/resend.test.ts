import { CreateQueueCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { browseQueue } from '../data/dlq';
import { startTestEmulator, type TestEmulator } from '../emulator/testing';
import { resendEdited } from './resend';

/**
 * Edit and resend against the emulator over HTTP with the real SDK: the edited copy reaches the
 * destination and the original leaves the DLQ only after that; a refused edit, a failed send or
 * a failed delete never loses the original.
 */
let emu: TestEmulator;
let n = 0;

beforeAll(async () => {
  emu = await startTestEmulator();
  Object.assign(process.env, { AWS_ENDPOINT_URL: emu.url, AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'AKIDTEST', AWS_SECRET_ACCESS_KEY: 'test', EDDY_EMULATOR_PORT: String(emu.port) });
});
afterAll(() => emu.stop());
afterEach(() => emu.control('DELETE', '/_eddy/faults'));

const attr = async (url: string, name: 'QueueArn') => (await emu.sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: [name] }))).Attributes?.[name] ?? '';

/** A source queue and its DLQ holding `bodies` (moved there by the redrive policy, so they carry their source). */
async function pair(bodies: string[]) {
  const prefix = `rs${++n}-${Date.now()}`;
  const dlqUrl = (await emu.sqs.send(new CreateQueueCommand({ QueueName: `${prefix}-dlq` }))).QueueUrl as string;
  const srcUrl = (
    await emu.sqs.send(new CreateQueueCommand({ QueueName: `${prefix}-src`, Attributes: { VisibilityTimeout: '0', RedrivePolicy: JSON.stringify({ deadLetterTargetArn: await attr(dlqUrl, 'QueueArn'), maxReceiveCount: 1 }) } }))
  ).QueueUrl as string;
  await emu.sqs.send(new SendMessageBatchCommand({ QueueUrl: srcUrl, Entries: bodies.map((MessageBody, j) => ({ Id: `m${j}`, MessageBody, MessageAttributes: { kind: { DataType: 'String', StringValue: 'order' } } })) }));
  for (let i = 0; i < 20; i++) await emu.sqs.send(new ReceiveMessageCommand({ QueueUrl: srcUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 0 }));
  const page = await browseQueue(`${prefix}-dlq`, { limit: 10 });
  expect(page.messages).toHaveLength(bodies.length);
  return { dlq: `${prefix}-dlq`, src: `${prefix}-src`, dlqUrl, srcUrl, ids: page.messages.map((m) => m.messageId) };
}

/** Every message in a queue after all leases have lapsed. */
async function messagesIn(url: string) {
  await emu.control('POST', '/_eddy/clock', { advanceMs: 60_000 });
  const seen = new Map<string, { body: string; attributes: Record<string, string | undefined> }>();
  for (let empty = 0; empty < 3; ) {
    const out = await emu.sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, VisibilityTimeout: 600, MessageAttributeNames: ['All'] }));
    if (!out.Messages?.length) empty++;
    for (const m of out.Messages ?? []) seen.set(m.MessageId ?? '', { body: m.Body ?? '', attributes: Object.fromEntries(Object.entries(m.MessageAttributes ?? {}).map(([k, v]) => [k, v.StringValue])) });
  }
  return [...seen.values()];
}

describe('resendEdited', () => {
  it('sends the edited copy to the source with its attributes, then deletes the original', async () => {
    const p = await pair(['{"sku":"GLASS-VASE","n":1}', '{"sku":"MUG","n":2}']);
    const out = await resendEdited({ dlqName: p.dlq, messageId: p.ids[0], body: '{"sku":"MUG-CLASSIC","n":1}' });
    expect(out).toMatchObject({ messageId: p.ids[0], destination: p.src, deleted: true });
    expect(out.originalBody).toMatch(/GLASS-VASE|"MUG"/);
    const [inSrc, inDlq] = [await messagesIn(p.srcUrl), await messagesIn(p.dlqUrl)];
    expect(inSrc).toEqual([{ body: '{"sku":"MUG-CLASSIC","n":1}', attributes: { kind: 'order', 'eddy-redriven-from': p.dlq } }]);
    expect(inDlq.map((m) => m.body)).toEqual([out.originalBody === '{"sku":"GLASS-VASE","n":1}' ? '{"sku":"MUG","n":2}' : '{"sku":"GLASS-VASE","n":1}']);
  });

  it('refuses a JSON message edited into something that is not JSON, and sends nothing', async () => {
    const p = await pair(['{"sku":"GLASS-VASE"}']);
    await expect(resendEdited({ dlqName: p.dlq, messageId: p.ids[0], body: '{"sku":' })).rejects.toMatchObject({ code: 'invalid', message: expect.stringContaining('nothing was sent') });
    expect(await messagesIn(p.srcUrl)).toEqual([]);
    expect((await messagesIn(p.dlqUrl)).map((m) => m.body)).toEqual(['{"sku":"GLASS-VASE"}']);
  });

  it('a message no longer in the DLQ is not_found', async () => {
    const p = await pair(['x']);
    await expect(resendEdited({ dlqName: p.dlq, messageId: 'no-such-id', body: 'y' })).rejects.toMatchObject({ code: 'not_found' });
    expect((await messagesIn(p.dlqUrl)).map((m) => m.body)).toEqual(['x']);
  });

  it('a failed send leaves the original in the DLQ', async () => {
    const p = await pair(['{"a":1}']);
    await emu.control('POST', '/_eddy/faults', { rules: [{ target: 'AmazonSQS.SendMessage', error: 'InternalError', status: 500, rate: 1 }] });
    await expect(resendEdited({ dlqName: p.dlq, messageId: p.ids[0], body: '{"a":2}' })).rejects.toMatchObject({ message: expect.stringContaining('the original is still in') });
    await emu.control('DELETE', '/_eddy/faults');
    expect(await messagesIn(p.srcUrl)).toEqual([]);
    expect((await messagesIn(p.dlqUrl)).map((m) => m.body)).toEqual(['{"a":1}']);
  });

  it('a failed delete is reported and the original kept: a duplicate, never a loss', async () => {
    const p = await pair(['{"a":1}']);
    await emu.control('POST', '/_eddy/faults', { rules: [{ target: 'AmazonSQS.DeleteMessage', error: 'InternalError', status: 500, rate: 1 }] });
    const out = await resendEdited({ dlqName: p.dlq, messageId: p.ids[0], body: '{"a":2}' });
    await emu.control('DELETE', '/_eddy/faults');
    expect(out).toMatchObject({ deleted: false, message: expect.stringContaining('it is kept there') });
    expect((await messagesIn(p.srcUrl)).map((m) => m.body)).toEqual(['{"a":2}']);
    expect((await messagesIn(p.dlqUrl)).map((m) => m.body)).toEqual(['{"a":1}']);
  });

  it('sends to a chosen queue instead of the source', async () => {
    const p = await pair(['plain text']);
    const other = `rs-other-${Date.now()}`;
    const otherUrl = (await emu.sqs.send(new CreateQueueCommand({ QueueName: other }))).QueueUrl as string;
    const out = await resendEdited({ dlqName: p.dlq, messageId: p.ids[0], body: 'plain text, fixed', destinationName: other });
    expect(out).toMatchObject({ destination: other, deleted: true });
    expect((await messagesIn(otherUrl)).map((m) => m.body)).toEqual(['plain text, fixed']);
    expect(await messagesIn(p.srcUrl)).toEqual([]);
  });
});
