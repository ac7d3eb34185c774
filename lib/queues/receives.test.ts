import { describe, expect, it } from 'vitest';
import { consumerReceives, describeReceives, splitReceives } from './receives';

describe('splitReceives', () => {
  it.each([
    ['no count from SQS', { receiveCount: undefined, ownReceiveCount: 1 }, undefined],
    ['Eddy’s share unknown (sent before it started)', { receiveCount: 3, ownReceiveCount: undefined }, undefined],
    ['more of Eddy’s than SQS counts (a count restarted in the DLQ): not a guess', { receiveCount: 1, ownReceiveCount: 2 }, undefined],
    ['only Eddy’s browse', { receiveCount: 1, ownReceiveCount: 1 }, { own: 1, others: 0 }],
    ['the consumer twice, Eddy once', { receiveCount: 3, ownReceiveCount: 1 }, { own: 1, others: 2 }],
  ])('%s', (_, m, split) => {
    expect(splitReceives(m)).toEqual(split);
  });
});

describe('consumerReceives', () => {
  it.each([
    [{ receiveCount: undefined, ownReceiveCount: undefined }, undefined],
    [{ receiveCount: 3, ownReceiveCount: undefined }, 3],
    [{ receiveCount: 3, ownReceiveCount: 2 }, 1],
    [{ receiveCount: 1, ownReceiveCount: 3 }, 1],
  ])('%o → %s', (m, n) => {
    expect(consumerReceives(m)).toBe(n);
  });
});

describe('describeReceives', () => {
  it('says how many of the receives were Eddy’s, and that SQS counts them all', () => {
    const d = describeReceives({ receiveCount: 3, ownReceiveCount: 1 });
    expect(d?.own).toBe('1 by Eddy');
    expect(d?.title).toContain('SQS counts every receive, Eddy’s own browsing included');
    expect(d?.title).toContain('1 of these 3 were this Eddy’s');
    expect(d?.title).toContain('2 another reader’s');
  });

  it('shows no share where Eddy cannot know it, and says why', () => {
    const d = describeReceives({ receiveCount: 3, ownReceiveCount: undefined });
    expect(d?.own).toBeUndefined();
    expect(d?.title).toContain('not known: the message was sent before this Eddy process started');
  });

  it('has nothing to say of a count SQS did not give', () => {
    expect(describeReceives({ receiveCount: undefined, ownReceiveCount: 1 })).toBeUndefined();
  });
});
