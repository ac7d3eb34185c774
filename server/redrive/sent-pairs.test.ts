import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestEmulator, TEST_CREDENTIALS, type TestEmulator } from '../emulator/testing';
import { useTestServices } from '../testing';
import { leaseMessages, releaseLease } from './lease';
import { redriveSelected } from './selected';
import { SentPairs } from './sent-pairs';
import { bodiesIn as bodiesInQueue, deadLetterPair } from './testing/dead-letters';

/**
 * Issue 17: a redrive whose copy was sent but whose delete failed is reported as exactly that and
 * remembered, so a second redrive does not send it twice — against the emulator's fault injection.
 */
let emu: TestEmulator;
let n = 0;

beforeAll(async () => {
  emu = await startTestEmulator();
  useTestServices({ AWS_ENDPOINT_URL: emu.url }, TEST_CREDENTIALS);
});
afterAll(() => emu.stop());
afterEach(() => emu.control('DELETE', '/_eddy/faults'));

/** `count` dead letters `{"n":i}`, with their ids and bodies as a browse reads them. */
async function pair(count: number) {
  const p = await deadLetterPair(emu, `s${++n}-${Date.now()}`, Array.from({ length: count }, (_, i) => `{"n":${i}}`));
  const lease = await leaseMessages(p.dlqUrl, count);
  await releaseLease(p.dlqUrl, lease.messages);
  return { ...p, bodyOf: new Map(lease.messages.map((m) => [m.messageId, m.body])), ids: lease.messages.map((m) => m.messageId) };
}
const bodiesIn = (url: string) => bodiesInQueue(emu, url);

const memory = () => new SentPairs(mkdtempSync(path.join(os.tmpdir(), 'eddy-sent-')));

describe('sent but not deleted', () => {
  it('is reported as such, remembered across a restart, skipped by a second redrive, and sent again only when insisted', async () => {
    const p = await pair(3);
    const pairs = memory();
    await emu.control('POST', '/_eddy/faults', { rules: [{ target: 'AmazonSQS.DeleteMessage', error: 'InternalError', status: 500 }] });
    const first = await redriveSelected({ dlqName: p.dlq, messageIds: p.ids }, pairs);
    await emu.control('DELETE', '/_eddy/faults');
    expect(first.map((o) => o.status)).toEqual(['sent_not_deleted', 'sent_not_deleted', 'sent_not_deleted']);
    expect(first[0].message).toMatch(new RegExp(`^Sent to ${p.dlq.replace('-dlq', '-src')}, still in ${p.dlq} .*redriving it again would duplicate it\\.$`));

    // Another process (a restart) reads the same file.
    const again = await redriveSelected({ dlqName: p.dlq, messageIds: p.ids }, new SentPairs(pairs.file.replace(/\/[^/]+$/, '')));
    expect(again.map((o) => o.status)).toEqual(['already_sent', 'already_sent', 'already_sent']);
    expect((await bodiesIn(p.srcUrl)).sort()).toEqual([...p.bodies].sort());

    const insisted = await redriveSelected({ dlqName: p.dlq, messageIds: p.ids.slice(0, 1), insist: true }, pairs);
    expect(insisted.map((o) => o.status)).toEqual(['redriven']);
    expect(await pairs.get(p.dlq, p.ids[0])).toBeUndefined();
    expect(await pairs.get(p.dlq, p.ids[1])).toBeDefined();
  });

  it('under 20 % throttling and 10 % server errors over 120 messages, reports each outcome right and, redriven twice, duplicates none', async () => {
    const p = await pair(120);
    const pairs = memory();
    await emu.control('POST', '/_eddy/faults', {
      rules: [
        { target: 'AmazonSQS.*', error: 'ThrottlingException', status: 400, rate: 0.2 },
        { target: 'AmazonSQS.*', error: 'InternalError', status: 500, rate: 0.1 },
      ],
    });
    // A pass whose setup calls (queue URL, attributes, first receive) all fail past the SDK's
    // retries is refused as a whole, as a person would see it, and tried again: 30 % faults on every
    // call refused both passes of one CI run, leaving nothing to check.
    const pass = async (messageIds: string[]) => {
      for (let attempt = 0; attempt < 5; attempt++) {
        try {
          return await redriveSelected({ dlqName: p.dlq, messageIds }, pairs);
        } catch {
          // refused under the faults: once more
        }
      }
      return [];
    };
    // Two passes under faults: the second retries what the first left, and must skip what it sent.
    const first = await pass(p.ids);
    const left = p.ids.filter((id) => !first.some((o) => o.messageId === id && o.status === 'redriven'));
    const second = left.length > 0 ? await pass(left) : [];
    await emu.control('DELETE', '/_eddy/faults');

    const [inSrc, inDlq] = [await bodiesIn(p.srcUrl), await bodiesIn(p.dlqUrl)];
    // 0 duplicates at the destination, none lost.
    expect(inSrc.length).toBe(new Set(inSrc).size);
    expect(new Set([...inSrc, ...inDlq])).toEqual(new Set(p.bodies));
    // Each outcome says where its message is.
    for (const o of [...first, ...second]) {
      const body = p.bodyOf.get(o.messageId) as string;
      const where = { src: inSrc.includes(body), dlq: inDlq.includes(body) };
      if (o.status === 'redriven') expect(where.src, o.messageId).toBe(true);
      if (o.status === 'sent_not_deleted' || o.status === 'already_sent') expect(where.src, o.messageId).toBe(true);
      if (o.status === 'failed') expect(where.src && !second.some((s) => s.messageId === o.messageId && s.status !== 'failed'), `${o.messageId} failed yet sent`).toBe(false);
    }
    // What the second pass found remembered, it did not send again.
    for (const o of second.filter((s) => s.status === 'already_sent')) expect(first.find((f) => f.messageId === o.messageId)?.status).toBe('sent_not_deleted');
    expect(first.length + second.length).toBeGreaterThan(0);
  }, 120_000);
});
