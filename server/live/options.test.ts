import { describe, expect, it } from 'vitest';
import { backoffDelay } from './options';
import { Slot } from './shard-reader';

describe('backoffDelay', () => {
  const options = { backoffBaseMs: 100, backoffMaxMs: 1_000 };
  it.each([
    [1, 0, 50],
    [1, 1, 100],
    [2, 1, 200],
    [4, 0.5, 600],
    [10, 1, 1_000],
    [1_000, 0, 500],
  ])('failure %i with random %d waits %i ms', (failures, random, expected) => {
    expect(backoffDelay(failures, options, () => random)).toBe(expected);
  });
});

describe('Slot', () => {
  it('runs one holder at a time, in arrival order, and frees the slot after a failure', async () => {
    const slot = new Slot();
    const log: string[] = [];
    let release!: () => void;
    const first = slot.run(() => new Promise<void>((resolve) => (release = () => (log.push('first'), resolve()))));
    const second = slot.run(async () => void log.push('second'));
    const failing = slot.run(async () => {
      throw new Error('boom');
    });
    const third = slot.run(async () => void log.push('third'));
    await Promise.resolve();
    expect(log).toEqual([]);
    release();
    await Promise.all([first, second, failing.catch(() => undefined), third]);
    expect(log).toEqual(['first', 'second', 'third']);
  });
});
