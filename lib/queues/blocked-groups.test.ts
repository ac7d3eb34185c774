import { describe, expect, it } from 'vitest';
import type { QueueMessage } from '../types/queues';
import { heldHistory, heldNow, reorderVerdicts, sourceGroupHeads } from './blocked-groups';

const m = (id: string, group: string | undefined, seq: string, over: Partial<QueueMessage> & { firstReceive?: number } = {}): QueueMessage => {
  const { firstReceive, ...rest } = over;
  return {
    messageId: id,
    body: '',
    bodyBytes: 0,
    attributes: [],
    systemAttributes: {
      ...(group ? { MessageGroupId: group } : {}),
      SequenceNumber: seq,
      ...(firstReceive !== undefined ? { ApproximateFirstReceiveTimestamp: String(firstReceive) } : {}),
    },
    sourceQueue: 'orders.fifo',
    ...rest,
  };
};

describe('heldHistory (rule 1: a dead-lettered head held its group from its first receive until the move)', () => {
  it('gives nothing for a standard queue', () => {
    expect(heldHistory([m('a', undefined, '1')], 5_000)).toEqual([]);
  });

  it('takes the head in queue order, not in browse order, and bounds the move by the browse', () => {
    const history = heldHistory([m('b', 'g1', '20', { firstReceive: 3_000 }), m('a', 'g1', '10', { firstReceive: 1_000 })], 9_000);
    expect(history).toEqual([{ groupId: 'g1', source: 'orders.fifo', headId: 'a', heldFrom: 1_000, heldUntilAtMost: 9_000, unknownReason: undefined }]);
  });

  it('says unknown, with why, when the first receive was not returned', () => {
    const [h] = heldHistory([m('a', 'g1', '10')], 9_000);
    expect(h.heldFrom).toBeUndefined();
    expect(h.unknownReason).toMatch(/ApproximateFirstReceiveTimestamp/);
  });

  it('keeps one group id from two sources apart: each source has its own order', () => {
    const history = heldHistory([m('a', 'g1', '10', { firstReceive: 1 }), m('b', 'g1', '5', { firstReceive: 2, sourceQueue: 'other.fifo' })], 9);
    expect(history.map((h) => [h.source, h.headId])).toEqual([
      ['orders.fifo', 'a'],
      ['other.fifo', 'b'],
    ]);
  });
});

describe('reorderVerdicts (rule 2: what a redrive does to a group’s order)', () => {
  const dlq = [m('a', 'g1', '10', { sentAt: 100 }), m('b', 'g1', '20', { sentAt: 200 }), m('c', 'g1', '30', { sentAt: 300 }), m('x', 'g2', '15', { sentAt: 150 })];

  it('says nothing of groups none of whose messages is picked', () => {
    expect(reorderVerdicts(dlq, new Set())).toEqual([]);
  });

  it('is certain when a picked message would overtake an earlier one of its group left in the DLQ', () => {
    expect(reorderVerdicts(dlq, new Set(['c']))).toEqual([{ kind: 'overtakes', groupId: 'g1', picked: ['c'], leftBehind: ['a', 'b'] }]);
    expect(reorderVerdicts(dlq, new Set(['a', 'c']))).toEqual([{ kind: 'overtakes', groupId: 'g1', picked: ['a', 'c'], leftBehind: ['b'] }]);
  });

  it('otherwise puts the group at the end of its group in the source, since its oldest picked message (unknown what came after)', () => {
    expect(reorderVerdicts(dlq, new Set(['a', 'b', 'x']))).toEqual([
      { kind: 'end-of-group', groupId: 'g1', source: 'orders.fifo', since: 100, picked: ['a', 'b'] },
      { kind: 'end-of-group', groupId: 'g2', source: 'orders.fifo', since: 150, picked: ['x'] },
    ]);
  });

  it('leaves `since` unknown without a SentTimestamp', () => {
    expect(reorderVerdicts([m('a', 'g1', '1')], new Set(['a']))).toEqual([{ kind: 'end-of-group', groupId: 'g1', source: 'orders.fifo', since: undefined, picked: ['a'] }]);
  });
});

describe('heldNow (rule 3: groups of the source held now, without receiving from it)', () => {
  const quiet = { failing: false, reasons: [], unknown: [] };

  it('is unknown when the source’s in-flight count was not read', () => {
    expect(heldNow({ name: 'orders.fifo' }, quiet)).toMatchObject({ state: 'unknown', why: expect.stringMatching(/ApproximateNumberOfMessagesNotVisible/) });
  });

  it('holds no group behind a message in flight when none is in flight', () => {
    expect(heldNow({ name: 'orders.fifo', inFlight: 0, sampledAt: 50 }, quiet)).toMatchObject({ state: 'read', at: 50, inFlight: { atLeast: 0, atMost: 0 }, behindFailingHead: { state: 'no-sign' } });
  });

  it('holds 1 to N groups behind N messages in flight, and says why it cannot tell which', () => {
    expect(heldNow({ name: 'orders.fifo', inFlight: 3, sampledAt: 50 }, quiet)).toMatchObject({ inFlight: { atLeast: 1, atMost: 3 }, which: expect.stringMatching(/counts toward its maxReceiveCount/) });
  });

  it('may hold more behind a failing head out of flight when the consumer failed recently', () => {
    const now = heldNow({ name: 'orders.fifo', inFlight: 0, sampledAt: 50, maxReceiveCount: 3 }, { failing: true, reasons: ['2 new messages arrived.'], unknown: [] });
    expect(now).toMatchObject({ inFlight: { atLeast: 0, atMost: 0 }, behindFailingHead: { state: 'possible', evidence: expect.stringMatching(/2 new messages arrived\..*after 3 receives/) } });
  });

  it('says unknown, never "no sign", when the consumer’s failures could not be read or were not checked yet', () => {
    expect(heldNow({ name: 'orders.fifo', inFlight: 0, sampledAt: 50 }, { failing: undefined, reasons: [], unknown: ['The mappings could not be read.'] })).toMatchObject({
      behindFailingHead: { state: 'unknown', why: expect.stringMatching(/The mappings could not be read/) },
    });
    expect(heldNow({ name: 'orders.fifo', inFlight: 0, sampledAt: 50 }, undefined)).toMatchObject({ behindFailingHead: { state: 'unknown', why: expect.stringMatching(/not checked yet/) } });
  });
});

describe('sourceGroupHeads (rule 4: a browse of the source itself)', () => {
  it('marks a head received before this browse as failing, with its earlier receives', () => {
    const heads = sourceGroupHeads([m('a', 'g1', '1', { receiveCount: 3 }), m('b', 'g1', '2', { receiveCount: 3 }), m('c', 'g2', '3', { receiveCount: 1 }), m('d', 'g3', '4')], 5);
    expect(heads).toEqual([
      { groupId: 'g1', headId: 'a', earlierReceives: 2, maxReceiveCount: 5, failing: true },
      { groupId: 'g2', headId: 'c', earlierReceives: 0, maxReceiveCount: 5, failing: false },
      { groupId: 'g3', headId: 'd', earlierReceives: undefined, maxReceiveCount: 5, failing: false },
    ]);
  });
});
