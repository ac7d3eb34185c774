import { describe, expect, it } from 'vitest';
import { getOutcomeStore, OutcomeStore } from './aws/outcomes';
import { getQueueSampler } from './data/queues';
import { QueueSampler } from './live/queue-sampler';
import { withQueueLock } from './redrive/lease';
import { resetServices, service, setServicesForTest } from './services';

describe('the composition root', () => {
  it('builds a service once and hands every caller the same one', () => {
    resetServices();
    expect(getOutcomeStore()).toBe(getOutcomeStore());
    expect(service('outcomes', () => new OutcomeStore())).toBe(getOutcomeStore());
  });

  it('uses what a test sets instead of building, and builds afresh after a reset', async () => {
    const sampler = new QueueSampler(async () => ({ queues: [{ name: 'q', visible: 1, inFlight: 2, delayed: 3 }], calls: 1 }));
    setServicesForTest({ queueSampler: sampler as unknown as ReturnType<typeof getQueueSampler> });
    expect(getQueueSampler()).toBe(sampler);
    await getQueueSampler().snapshot();
    expect(getQueueSampler().historyOf('q')).toHaveLength(1);
    resetServices();
    expect(getQueueSampler()).not.toBe(sampler);
  });

  it('keeps one lock per queue for the whole process', async () => {
    resetServices();
    const order: string[] = [];
    let release!: () => void;
    const first = withQueueLock('url-a', () => new Promise<void>((r) => (release = r)).then(() => order.push('first')));
    const second = withQueueLock('url-a', async () => order.push('second'));
    await new Promise((r) => setTimeout(r, 10));
    expect(order).toEqual([]);
    release();
    await Promise.all([first, second]);
    expect(order).toEqual(['first', 'second']);
  });
});
