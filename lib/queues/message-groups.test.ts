import { describe, expect, it } from 'vitest';
import type { QueueMessage } from '../types/queues';
import { groupMessages } from './message-groups';

const m = (id: string, group: string | undefined, seq: string | undefined, over: Partial<QueueMessage> = {}): QueueMessage => ({
  messageId: id,
  body: '',
  bodyBytes: 0,
  attributes: [],
  systemAttributes: { ...(group ? { MessageGroupId: group } : {}), ...(seq ? { SequenceNumber: seq } : {}) },
  ...over,
});

describe('groupMessages', () => {
  it('gives nothing for a standard queue', () => {
    expect(groupMessages([m('a', undefined, undefined)])).toEqual([]);
  });

  it('orders each group by SequenceNumber as numbers (a longer one is later), its head first', () => {
    const groups = groupMessages([m('c', 'g1', '100', { sentAt: 30, receiveCount: 2 }), m('a', 'g1', '99', { sentAt: 10, receiveCount: 4 }), m('b', 'g2', '5'), m('d', 'g1', undefined)]);
    expect(groups).toEqual([
      { groupId: 'g1', messageIds: ['a', 'c', 'd'], headId: 'a', oldestSentAt: 10, maxReceiveCount: 4 },
      { groupId: 'g2', messageIds: ['b'], headId: 'b', oldestSentAt: undefined, maxReceiveCount: undefined },
    ]);
  });
});
