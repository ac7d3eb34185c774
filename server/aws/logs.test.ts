import { CreateLogGroupCommand, CreateLogStreamCommand, PutLogEventsCommand, type FilterLogEventsCommandOutput } from '@aws-sdk/client-cloudwatch-logs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEmulator, TEST_CREDENTIALS, type TestEmulator } from '../emulator/testing';
import { useTestServices } from '../testing';
import { getClients } from './clients';
import { filterLogEvents } from './logs';

let emu: TestEmulator;
const logGroup = '/aws/lambda/logs-adapter-test';
const start = Date.now() - 60_000;

beforeAll(async () => {
  emu = await startTestEmulator();
  useTestServices({ AWS_ENDPOINT_URL: emu.url }, TEST_CREDENTIALS);
  await emu.logs.send(new CreateLogGroupCommand({ logGroupName: logGroup }));
  await emu.logs.send(new CreateLogStreamCommand({ logGroupName: logGroup, logStreamName: 's1' }));
  await emu.logs.send(
    new PutLogEventsCommand({ logGroupName: logGroup, logStreamName: 's1', logEvents: Array.from({ length: 25 }, (_, i) => ({ timestamp: start + i * 1_000, message: `line ${i}` })) }),
  );
});

afterAll(async () => {
  await emu?.stop();
});

describe('filterLogEvents', () => {
  it('reads every page when the budget allows', async () => {
    const out = await filterLogEvents({ logGroup, start, end: Date.now() + 1_000, maxEvents: 100 });
    expect(out.events.map((e) => e.message)).toEqual(Array.from({ length: 25 }, (_, i) => `line ${i}`));
    expect(out.note.status).toBe('complete');
  });

  it('stops at the event budget and says what it left', async () => {
    const out = await filterLogEvents({ logGroup, start, end: Date.now() + 1_000, maxEvents: 10 });
    expect(out.events.map((e) => e.message)).toEqual(Array.from({ length: 10 }, (_, i) => `line ${i}`));
    expect(out.note.status).toBe('capped');
    expect(out.calls).toBe(1);
  });

  it('stops at the page budget', async () => {
    const out = await filterLogEvents({ logGroup, start, end: Date.now() + 1_000, maxEvents: 4, maxPages: 1 });
    expect(out.events).toHaveLength(4);
    expect(out.calls).toBe(1);
    expect(out.note.status).toBe('capped');
  });

  it('says not_found for a group that does not exist', async () => {
    await expect(filterLogEvents({ logGroup: '/aws/lambda/no-such', start, end: Date.now(), maxEvents: 10 })).rejects.toMatchObject({ code: 'not_found' });
  });
});

describe('filterLogEvents: an event without its timestamp', () => {
  it('keeps the event with its time unknown, never 1970', async () => {
    const DROP = 'logs-test-drop-timestamp';
    getClients().logs.middlewareStack.add(
      (next) => async (args) => {
        const out = await next(args);
        for (const event of (out.output as FilterLogEventsCommandOutput).events ?? []) delete event.timestamp;
        return out;
      },
      { step: 'initialize', name: DROP },
    );
    try {
      const out = await filterLogEvents({ logGroup, start, end: Date.now() + 1_000, maxEvents: 3 });
      expect(out.events.map((e) => e.message)).toEqual(['line 0', 'line 1', 'line 2']);
      expect(out.events.map((e) => e.timestamp)).toEqual([undefined, undefined, undefined]);
    } finally {
      getClients().logs.middlewareStack.remove(DROP);
    }
  });
});
