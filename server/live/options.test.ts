import { describe, expect, it } from 'vitest';
import { backoffDelay } from './options';

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

