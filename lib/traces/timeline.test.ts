import { describe, expect, it } from 'vitest';
import type { TraceStreamEvent } from '../types/traces';
import { buildTimeline, type TimelineFacts } from './timeline';

const T0 = Date.parse('2026-01-01T10:00:00Z');
const event = (eventName: TraceStreamEvent['eventName'], at: number, id: string): TraceStreamEvent => ({
  eventID: id,
  eventName,
  shardId: 'shard-1',
  sequenceNumber: String(100 + at),
  approximateCreationTime: T0 + at,
  sizeBytes: 10,
  viewType: 'NEW_AND_OLD_IMAGES',
  keys: { orderId: { S: 'o-1' } },
  ttlDelete: false,
});

const dlqFacts = (over: Partial<TimelineFacts> = {}): TimelineFacts => ({
  queue: { name: 'fulfillment-dlq', role: 'dlq', fifo: false },
  message: { sentAt: T0 + 1_000, firstReceiveAt: T0 + 1_500, receiveCount: 4, sourceQueue: 'fulfillment' },
  sourceMaxReceiveCount: 3,
  readAt: T0 + 60_000,
  ...over,
});

describe('buildTimeline', () => {
  it('lays a dead letter out in order: the item written, sent, received, moved, changed later', () => {
    const timeline = buildTimeline(
      dlqFacts({
        itemEvents: [
          { item: 'orders orderId=o-1', event: event('MODIFY', 30_000, 'e2') },
          { item: 'orders orderId=o-1', event: event('INSERT', 0, 'e1') },
        ],
      }),
    );
    expect(timeline.map((e) => e.kind)).toEqual(['stream_insert', 'sent', 'first_receive', 'receives', 'dlq_move', 'stream_modify']);
    expect(timeline[0]).toMatchObject({ title: 'INSERT of orders orderId=o-1', eventID: 'e1', when: 'approximate' });
    expect(timeline.find((e) => e.kind === 'dlq_move')).toMatchObject({ title: 'Moved from fulfillment to fulfillment-dlq', when: 'after', detail: expect.stringMatching(/after the 3rd \(maxReceiveCount 3\)/) });
    expect(timeline.find((e) => e.kind === 'receives')).toMatchObject({ title: 'Received 4 time(s) · maxReceiveCount 3', detail: expect.stringMatching(/^3 from fulfillment before the move, 1 from fulfillment-dlq since/), tone: 'warn' });
    expect(timeline.find((e) => e.kind === 'sent')).toMatchObject({ title: 'Sent to fulfillment', detail: expect.stringMatching(/keeps its original SentTimestamp/) });
  });

  it('says how many of the receives were Eddy’s own, where it knows', () => {
    const receives = (message: { receiveCount?: number; ownReceiveCount?: number }) => buildTimeline(dlqFacts({ message: { sentAt: T0, sourceQueue: 'fulfillment', ...message } })).find((e) => e.kind === 'receives');
    expect(receives({ receiveCount: 5, ownReceiveCount: 2 })?.detail).toBe('3 from fulfillment before the move, 2 from fulfillment-dlq since (2 of the 5 by Eddy itself: its browsing is a receive too).');
    expect(receives({ receiveCount: 5 })?.detail).toMatch(/\(Eddy’s browsing counts too\)\.$/);
    // More of Eddy's than the count (a server that restarts the count in the DLQ): not said.
    expect(receives({ receiveCount: 1, ownReceiveCount: 2 })?.detail).toMatch(/\(Eddy’s browsing counts too\)\.$/);
  });

  it('keeps causal order for facts at the same instant', () => {
    const timeline = buildTimeline(dlqFacts({ message: { sentAt: T0, receiveCount: 1 }, itemEvents: [{ item: 'i', event: event('INSERT', 0, 'e') }] }));
    expect(timeline.map((e) => e.kind)).toEqual(['stream_insert', 'sent', 'receives', 'dlq_move']);
  });

  it('shows an on-failure record: the failed records, when Lambda gave up and why, then the message', () => {
    const timeline = buildTimeline({
      queue: { name: 'order-projector-failures', role: 'failure_destination', fifo: false },
      message: { sentAt: T0 + 9_000, receiveCount: 1 },
      failure: { source: 'dynamodb', functionName: 'order-projector', condition: 'RetryAttemptsExhausted', approximateInvokeCount: 3, functionError: 'Unhandled', statusCode: 200, timestamp: new Date(T0 + 8_000).toISOString() },
      failedEvents: [event('INSERT', 0, 'f1')],
      itemEvents: [{ item: 'orders orderId=o-1', event: event('INSERT', 0, 'f1') }],
      readAt: T0 + 10_000,
    });
    expect(timeline.map((e) => [e.kind, e.title])).toEqual([
      ['failed_record', 'INSERT record that order-projector failed on (orderId=o-1)'],
      ['gave_up', 'Lambda gave up: RetryAttemptsExhausted after 3 invocation(s)'],
      ['sent', 'On-failure record sent to order-projector-failures'],
      ['receives', 'Received 1 time(s)'],
    ]);
    expect(timeline[1].detail).toBe('order-projector · function error Unhandled · status 200');
  });

  it('shows the range from the record itself when its records could not be read', () => {
    const timeline = buildTimeline({
      queue: { name: 'q', role: 'failure_destination', fifo: false },
      message: { sentAt: T0 + 5_000, receiveCount: 0 },
      failure: { source: 'dynamodb', batchSize: 2, startSequenceNumber: '1', endSequenceNumber: '9', shardId: 's', firstArrival: '2026-01-01T10:00:00Z', timestamp: 'not a time' },
      readAt: T0,
    });
    expect(timeline.map((e) => e.kind)).toEqual(['failed_record', 'sent', 'receives']);
    expect(timeline[0]).toMatchObject({ title: '2 stream record(s) written that the function later failed on', detail: 'Sequence 1 – 9 on s' });
  });

  it('warns on a source message at its maxReceiveCount', () => {
    const timeline = buildTimeline({ queue: { name: 'fulfillment', role: 'source', maxReceiveCount: 3, fifo: false }, message: { sentAt: T0, receiveCount: 3 }, readAt: T0 });
    expect(timeline.find((e) => e.kind === 'receives')).toMatchObject({ tone: 'warn', detail: expect.stringMatching(/next receive moves it/) });
  });

  it('adds redrives of this queue after the message was sent, and a redrive mark the message carries', () => {
    const timeline = buildTimeline(
      dlqFacts({
        message: { sentAt: T0, receiveCount: 4, sourceQueue: 'fulfillment', redrivenFrom: 'fulfillment-dlq' },
        redrives: [
          { at: T0 - 1, action: 'redrive-all', actor: 'a', outcome: 'succeeded', queues: ['fulfillment-dlq'] },
          { at: T0 + 5_000, action: 'redrive-selected', actor: 'ops', outcome: 'succeeded', detail: '1 of 1 redriven', queues: ['fulfillment-dlq', 'fulfillment'] },
        ],
      }),
    );
    const redrives = timeline.filter((e) => e.kind === 'redrive');
    expect(redrives).toHaveLength(1);
    expect(redrives[0]).toMatchObject({ title: 'redrive-selected on fulfillment-dlq, fulfillment: succeeded', tone: 'good' });
    expect(timeline.find((e) => e.kind === 'redriven_before')?.title).toBe('Redriven before from fulfillment-dlq');
  });

  it('keeps only the message-level audit entries that name this message', () => {
    const timeline = buildTimeline(
      dlqFacts({
        message: { messageId: 'copy-2', sentAt: T0, receiveCount: 4, sourceQueue: 'fulfillment', redrivenFrom: 'fulfillment-dlq' },
        redrives: [
          { at: T0 + 1_000, action: 'redrive-selected', actor: 'ops', outcome: 'succeeded', queues: ['fulfillment-dlq'], messageIds: ['other-1', 'copy-1'] },
          { at: T0 + 2_000, action: 'redrive-selected', actor: 'ops', outcome: 'succeeded', queues: ['fulfillment-dlq'], messageIds: ['orig-2', 'copy-2'] },
          { at: T0 + 3_000, action: 'redrive-all', actor: 'ops', outcome: 'succeeded', queues: ['fulfillment-dlq'] },
        ],
      }),
    );
    const redrives = timeline.filter((e) => e.kind === 'redrive');
    expect(redrives.map((e) => e.at)).toEqual([T0 + 2_000, T0 + 3_000]);
    expect(redrives[0].detail).toMatch(/was one of those redriven/);
    expect(redrives[1].detail).toMatch(/may have been part of it/);
  });

  it('has no sent entry when SQS gave no SentTimestamp', () => {
    expect(buildTimeline(dlqFacts({ message: { sentAt: 0, receiveCount: 1 } })).some((e) => e.kind === 'sent')).toBe(false);
  });
});

describe('buildTimeline without SQS times', () => {
  it('places the move and the receives before Eddy read the message, never at 1970, when SQS gave no time', () => {
    const timeline = buildTimeline(dlqFacts({ message: { receiveCount: 4, sourceQueue: 'fulfillment' } }));
    for (const kind of ['dlq_move', 'receives']) {
      expect(timeline.find((e) => e.kind === kind)).toMatchObject({ at: T0 + 60_000, when: 'before' });
    }
    expect(timeline.every((e) => e.at !== undefined && e.at > 0)).toBe(true);
  });
});
