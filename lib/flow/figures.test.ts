import { describe, expect, it } from 'vitest';
import { discoverFlow } from './discover';
import { applyFigures, dlqsHoldingMessages, type LiveFigures } from './figures';
import { demoConfiguration } from './fixtures/demo-config';
import type { Finding } from '@/lib/types/flow';

const NOW = 1_800_000_000_000;
const none: LiveFigures = { queueSamples: new Map(), oldestAgeSeconds: new Map(), iteratorAgeMs: new Map(), streamEventsPerSecond: new Map() };

function run(live: Partial<LiveFigures> = {}, edit?: (c: ReturnType<typeof demoConfiguration>) => void, findings: Finding[] = []) {
  const config = demoConfiguration();
  edit?.(config);
  return applyFigures(discoverFlow(config), config, { ...none, ...live }, NOW, findings);
}

/** An open finding of the health engine, as the graph receives it. */
function finding(id: string, severity: Finding['severity'], node: string, mappingUuid?: string): Finding {
  const [rule, name] = id.split(':');
  return { id, rule: rule as Finding['rule'], severity, title: `${name}: ${rule}`, why: '', fix: '', resource: { kind: 'queue', name, href: '/' }, node, mappingUuid };
}

const node = (r: ReturnType<typeof run>, id: string) => r.nodes.find((n) => n.id === id)!;
const edge = (r: ReturnType<typeof run>, id: string) => r.edges.find((e) => e.id === id)!;

describe('applyFigures', () => {
  it('is all ok with no samples, and says what is not measured with null', () => {
    const r = run();
    expect(r.nodes.every((n) => n.health === 'ok')).toBe(true);
    expect(r.edges.every((e) => e.health === 'ok')).toBe(true);
    expect(node(r, 'table:orders').figures).toEqual({ kind: 'table', hasStream: true, eventsPerSecond: null });
    expect(node(r, 'function:order-projector').figures).toEqual({ kind: 'function', iteratorAgeMs: null, mappings: 1, failingMappings: 0 });
    expect(node(r, 'queue:notifications').figures).toMatchObject({ kind: 'queue', oldestAgeSeconds: null, growthPerMinute: null, forecast: 'gathering samples' });
    expect(r.tiles).toMatchObject({ deadLetters: 0, deadLettersNewLastHour: null, worstIteratorAge: null, eventsPerSecond: null, failingMappings: 0, mappings: 3 });
  });

  it('colours a queue, and the edge to its consumer, from the engine’s open findings only', () => {
    const samples = [0, 12, 24, 36].map((depth, i) => ({ t: NOW - 15_000 + i * 5_000, depth }));
    // Growing samples without an open finding: the graph shows the trend but no verdict of its own.
    expect(node(run({ queueSamples: new Map([['notifications', samples]]) }), 'queue:notifications')).toMatchObject({ health: 'ok', figures: { forecast: 'growing 144/min' } });
    const r = run({ queueSamples: new Map([['notifications', samples]]) }, undefined, [finding('backlog-growing:notifications', 'warning', 'queue:notifications')]);
    expect(node(r, 'queue:notifications')).toMatchObject({ health: 'lagging', healthReason: 'notifications: backlog-growing' });
    expect(edge(r, 'mapping:queue:notifications->function:notifier').health).toBe('lagging');
    expect(edge(r, 'environment:function:fulfillment-worker->queue:notifications').health).toBe('ok');
    expect(r.tiles.failingMappings).toBe(0);
  });

  it('colours a stream consumer from its finding and reports the worst iterator age', () => {
    const r = run({ iteratorAgeMs: new Map([['order-projector', 90_000], ['notifier', 999_999]]) }, undefined, [finding('iterator-age:order-projector', 'warning', 'function:order-projector')]);
    expect(node(r, 'function:order-projector')).toMatchObject({ health: 'lagging', figures: { iteratorAgeMs: 90_000 } });
    expect(edge(r, 'mapping:table:orders->function:order-projector').health).toBe('lagging');
    // notifier reads a queue: an IteratorAge for it is not a stream lag.
    expect(r.tiles.worstIteratorAge).toEqual({ functionName: 'order-projector', ms: 90_000 });
  });

  it('turns a failing mapping failing, which beats lagging, and counts it in the tile', () => {
    const config = demoConfiguration();
    const uuid = config.mappings[1].uuid;
    const r = run({}, undefined, [
      finding('backlog-growing:fulfillment', 'warning', 'queue:fulfillment'),
      finding(`mapping-problem:${uuid}`, 'critical', 'function:fulfillment-worker', uuid),
    ]);
    expect(edge(r, 'mapping:queue:fulfillment->function:fulfillment-worker')).toMatchObject({ health: 'failing', healthReason: `${uuid}: mapping-problem` });
    expect(node(r, 'function:fulfillment-worker')).toMatchObject({ health: 'failing', figures: { failingMappings: 1 } });
    expect(r.tiles.failingMappings).toBe(1);
  });

  it('fails the mapping whose dead-letter queue is receiving, and the edge into it', () => {
    const r = run({}, undefined, [finding('dlq-receiving:fulfillment-dlq', 'critical', 'queue:fulfillment-dlq')]);
    expect(edge(r, 'mapping:queue:fulfillment->function:fulfillment-worker').health).toBe('failing');
    expect(node(r, 'function:fulfillment-worker').health).toBe('failing');
    expect(edge(r, 'redrive:queue:fulfillment->queue:fulfillment-dlq').health).toBe('failing');
    expect(edge(r, 'redrive:queue:notifications->queue:notifications-dlq').health).toBe('ok');
    expect(r.tiles.failingMappings).toBe(1);
  });

  it('counts dead letters and new ones in the last hour', () => {
    const r = run(
      { queueSamples: new Map([['fulfillment-dlq', [{ t: NOW - 2 * 3_600_000, depth: 5 }, { t: NOW - 30 * 60_000, depth: 7 }, { t: NOW - 60_000, depth: 9 }]]]) },
      (c) => {
        c.queues.find((q) => q.name === 'fulfillment-dlq')!.visible = 9;
        c.queues.find((q) => q.name === 'notifications-dlq')!.visible = 2;
      },
    );
    expect(node(r, 'queue:fulfillment-dlq').figures).toEqual({ kind: 'dlq', messages: 9, newLastHour: 4 });
    expect(r.tiles).toMatchObject({ deadLetters: 11, deadLettersNewLastHour: 4, deadLettersWindowMs: 3_600_000 });
    expect(dlqsHoldingMessages(r.nodes)).toEqual([
      { name: 'fulfillment-dlq', messages: 9 },
      { name: 'notifications-dlq', messages: 2 },
    ]);
  });

  it('does not count a DLQ whose counts SQS did not return as empty: the tile names it and its sum is a floor', () => {
    const reason = 'The SQS endpoint returned no ApproximateNumberOfMessagesDelayed for this queue.';
    const r = run({}, (c) => {
      Object.assign(c.queues.find((q) => q.name === 'fulfillment-dlq')!, { visible: 9, delayed: undefined, countsUnknownReason: reason });
      c.queues.find((q) => q.name === 'notifications-dlq')!.visible = 2;
      Object.assign(c.queues.find((q) => q.name === 'notifications')!, { visible: undefined, inFlight: undefined, delayed: undefined, countsUnknownReason: reason });
    });
    expect(node(r, 'queue:fulfillment-dlq').figures).toEqual({ kind: 'dlq', messages: null, newLastHour: null, countsUnknown: reason });
    expect(node(r, 'queue:notifications').figures).toMatchObject({ kind: 'queue', visible: null, inFlight: null, countsUnknown: reason, forecast: 'unknown: SQS gave no counts' });
    expect(r.tiles).toMatchObject({ deadLetters: 2, deadLettersUnknownIn: ['fulfillment-dlq'] });
    expect(dlqsHoldingMessages(r.nodes)).toEqual([{ name: 'notifications-dlq', messages: 2 }]);
  });

  it('sums stream rates once the tail measures them', () => {
    expect(run({ streamEventsPerSecond: new Map([['orders', 2.5]]) }).tiles.eventsPerSecond).toBe(2.5);
  });

  it('keeps an empty queue’s node the same from sample to sample: its oldest age carries no sample time', () => {
    const empty = (at: number) => ({ state: 'empty' as const, at });
    const first = run({ oldestAges: new Map([['notifications', empty(NOW - 10_000)]]) });
    const next = run({ oldestAges: new Map([['notifications', empty(NOW)]]) });
    expect(node(first, 'queue:notifications').figures).toMatchObject({ oldestAge: { state: 'empty' } });
    expect(node(first, 'queue:notifications').figures).not.toHaveProperty('oldestAge.at');
    expect(node(next, 'queue:notifications')).toEqual(node(first, 'queue:notifications'));
    // A measured age is passed as it is, with its source.
    const known = { state: 'known' as const, seconds: 40, atMost: false, source: { kind: 'cloudwatch' as const, minute: NOW - 120_000, metric: 'ApproximateAgeOfOldestMessage' } };
    expect(node(run({ oldestAges: new Map([['notifications', known]]) }), 'queue:notifications').figures).toMatchObject({ oldestAge: known });
  });

  it('counts the streams Eddy’s own reader is measuring in the tiles (none unless told)', () => {
    expect(run().tiles.streamsBeingMeasured).toBe(0);
    expect(run({ streamsBeingMeasured: 2 }).tiles.streamsBeingMeasured).toBe(2);
  });
});
