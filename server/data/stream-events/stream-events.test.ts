import { CreateTableCommand, DescribeTableCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parseFilter } from '@/lib/streams/filter';
import type { StreamEvent } from '@/lib/types/streams';
import { toAppErrorFromAws } from '../../aws/errors';
import { createStreamsApi } from '../../aws/streams';
import { startTestEmulator, type TestEmulator } from '../../emulator/testing';
import { LiveRegistry } from '../../live/registry';
import { openEventStream } from '.';
import { resetServices, setServicesForTest } from '../../services';

let emulator: TestEmulator;
let registry: LiveRegistry;

beforeAll(async () => {
  emulator = await startTestEmulator({ shardsPerStream: 2 });
  await emulator.dynamodb.send(
    new CreateTableCommand({
      TableName: 'orders',
      KeySchema: [{ AttributeName: 'orderId', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'orderId', AttributeType: 'S' }],
      BillingMode: 'PAY_PER_REQUEST',
      StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
    }),
  );
  registry = new LiveRegistry(
    () => createStreamsApi(emulator.streams),
    async (table) => {
      try {
        const out = await emulator.dynamodb.send(new DescribeTableCommand({ TableName: table }));
        return out.Table?.LatestStreamArn ? { arn: out.Table.LatestStreamArn } : null;
      } catch (error) {
        throw toAppErrorFromAws(error);
      }
    },
    { idleIntervalMs: 20, idleMaxIntervalMs: 40, describeIntervalMs: 200, lingerMs: 5_000 },
  );
  // The process registry that server/data uses: this one, reading the test emulator.
  setServicesForTest({ liveRegistry: registry });
});

afterAll(async () => {
  registry.stopAll();
  resetServices();
  await emulator.stop();
});

interface Message {
  event: string;
  id?: string;
  data: unknown;
}

/** Reads an SSE body into messages as they come. */
function collect(body: ReadableStream<Uint8Array>) {
  const messages: Message[] = [];
  const decoder = new TextDecoder();
  let buffer = '';
  void (async () => {
    const reader = body.getReader();
    for (;;) {
      const { done, value } = await reader.read().catch(() => ({ done: true, value: undefined }));
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      let at: number;
      while ((at = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, at);
        buffer = buffer.slice(at + 2);
        const message: Message = { event: 'message', data: undefined };
        for (const line of block.split('\n')) {
          if (line.startsWith('event: ')) message.event = line.slice(7);
          else if (line.startsWith('id: ')) message.id = line.slice(4);
          else if (line.startsWith('data: ')) message.data = JSON.parse(line.slice(6));
        }
        if (message.data !== undefined) messages.push(message);
      }
    }
  })();
  const events = () => messages.filter((m) => m.event === 'events').flatMap((m) => (m.data as { events: StreamEvent[] }).events);
  const lastId = () => messages.filter((m) => m.id).at(-1)?.id;
  return { messages, events, lastId };
}

function open(options: { filter?: Record<string, string>; start?: 'live' | 'recent'; lastEventId?: string; cap?: number }) {
  const controller = new AbortController();
  const filter = parseFilter(options.filter ?? {});
  if (!filter.ok) throw new Error(filter.message);
  const body = openEventStream({
    table: 'orders',
    filter: filter.value,
    position: { type: options.start ?? 'live' },
    lastEventId: options.lastEventId,
    capPerSecond: options.cap ?? 2_500,
    signal: controller.signal,
  });
  return { ...collect(body), close: () => controller.abort() };
}

async function put(orderId: string, status = 'NEW') {
  await emulator.dynamodb.send(new PutItemCommand({ TableName: 'orders', Item: { orderId: { S: orderId }, status: { S: status } } }));
}

async function readersRunning() {
  await vi.waitFor(() => expect(registry.peek('orders')?.status().shards.filter((s) => s.reader?.state === 'idle' || s.reader?.state === 'reading')).toHaveLength(2), {
    timeout: 5_000,
  });
}

const ids = (events: StreamEvent[]) => events.map((e) => (e.keys.orderId as { S: string }).S);

describe('the SSE event stream', () => {
  it('resumes after Last-Event-ID with no gap and no duplicate, and says so when it cannot', async () => {
    const first = open({ start: 'live' });
    await readersRunning();
    for (let i = 0; i < 5; i++) await put(`a-${i}`);
    await vi.waitFor(() => expect(first.events()).toHaveLength(5), { timeout: 5_000 });
    await vi.waitFor(() => expect(first.lastId()).toMatch(/:\d+$/));
    const lastId = first.lastId() as string;
    first.close();

    for (let i = 0; i < 3; i++) await put(`b-${i}`);
    const tail = registry.peek('orders')!;
    await vi.waitFor(() => expect(ids(tail.ring.all())).toContain('b-2'), { timeout: 5_000 });

    const resumed = open({ lastEventId: lastId });
    await vi.waitFor(() => expect(ids(resumed.events()).sort()).toEqual(['b-0', 'b-1', 'b-2']), { timeout: 5_000 });
    await put('c-0');
    await vi.waitFor(() => expect(ids(resumed.events())).toContain('c-0'), { timeout: 5_000 });
    expect(resumed.events()).toHaveLength(4);
    expect(resumed.messages.some((m) => m.event === 'gap')).toBe(false);
    resumed.close();

    const foreign = open({ lastEventId: 'deadbeef:3' });
    await vi.waitFor(() => expect(foreign.messages.some((m) => m.event === 'gap')).toBe(true));
    foreign.close();
  });

  it('filters on the server and reports the tail status', async () => {
    const view = open({ start: 'live', filter: { key: 'f-1*', where: 'status = "FAILED"' } });
    await readersRunning();
    await put('f-10', 'FAILED');
    await put('f-11', 'OK');
    await put('g-10', 'FAILED');
    await put('f-12', 'FAILED');
    await vi.waitFor(() => expect(ids(view.events())).toEqual(expect.arrayContaining(['f-10', 'f-12'])), { timeout: 5_000 });
    await put('f-13', 'FAILED');
    await vi.waitFor(() => expect(ids(view.events())).toContain('f-13'), { timeout: 5_000 });
    expect(ids(view.events()).sort()).toEqual(['f-10', 'f-12', 'f-13']);
    const status = view.messages.find((m) => m.event === 'status')?.data as { table: string; keyNames: string[] };
    expect(status.table).toBe('orders');
    view.close();
  });

  it('replays what the tail holds for "recent"', async () => {
    const view = open({ start: 'recent', filter: { key: 'a-0' } });
    await vi.waitFor(() => expect(ids(view.events())).toEqual(['a-0']));
    expect((view.messages[0].data as { replay?: boolean }).replay).toBe(true);
    view.close();
  });

  it('paces a burst under the cap instead of cutting it', async () => {
    const view = open({ start: 'live', cap: 20, filter: { key: 'pace-*' } });
    await readersRunning();
    await Promise.all(Array.from({ length: 40 }, (_, i) => put(`pace-${i}`)));
    await vi.waitFor(() => expect(view.events()).toHaveLength(40), { timeout: 10_000 });
    expect(view.messages.some((m) => m.event === 'cap')).toBe(false);
    view.close();
  });

  it('caps events per second per connection and says how many it cut', async () => {
    const view = open({ start: 'live', cap: 1, filter: { key: 'cap-*' } });
    await readersRunning();
    await Promise.all(Array.from({ length: 12 }, (_, i) => put(`cap-${i}`)));
    await vi.waitFor(() => expect(view.messages.some((m) => m.event === 'cap')).toBe(true), { timeout: 5_000 });
    const notices = view.messages.filter((m) => m.event === 'cap').map((m) => m.data as { shown: number; matched: number });
    const shown = notices.reduce((n, c) => n + c.shown, 0);
    const matched = notices.reduce((n, c) => n + c.matched, 0);
    expect(matched).toBeGreaterThan(shown);
    // One a second, five seconds' worth held back: the rest of the burst is cut and counted.
    const cut = matched - shown;
    expect(cut).toBeGreaterThanOrEqual(5);
    expect(cut).toBeLessThanOrEqual(7);
    expect(view.events().length).toBeLessThan(12);
    view.close();
  });
});
