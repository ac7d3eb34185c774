import { describe, expect, it } from 'vitest';
import { runStreamBatch, type DiscardCondition, type StreamRetryPolicy } from './batch-retry';

interface Rec {
  id: number;
  age: number;
}

async function run(ids: number[], bad: number[], policy: StreamRetryPolicy, ages: Record<number, number> = {}) {
  const invocations: number[][] = [];
  const discards: { ids: number[]; condition: DiscardCondition; invokeCount: number }[] = [];
  const records: Rec[] = ids.map((id) => ({ id, age: ages[id] ?? 1 }));
  const done = await runStreamBatch(records, policy, {
    async invoke(batch) {
      invocations.push(batch.map((r) => r.id));
      if (batch.some((r) => bad.includes(r.id))) throw new Error('function error');
    },
    async discard(batch, condition, invokeCount) {
      discards.push({ ids: batch.map((r) => r.id), condition, invokeCount });
    },
    ageSeconds: (r) => r.age,
    retryDelayMs: () => 0,
  });
  return { done, invocations, discards };
}

const lambdaDemo: StreamRetryPolicy = { maximumRetryAttempts: 2, bisectBatchOnFunctionError: true, maximumRecordAgeSeconds: -1 };

describe('runStreamBatch (Lambda stream error handling)', () => {
  it.each([
    {
      name: 'a good batch is invoked once',
      ids: [1, 2, 3, 4],
      bad: [],
      policy: lambdaDemo,
      invocations: [[1, 2, 3, 4]],
      discards: [],
    },
    {
      name: 'bisect isolates one bad record, retries it MaximumRetryAttempts times, then processes the rest',
      ids: [1, 2, 3, 4],
      bad: [3],
      policy: lambdaDemo,
      invocations: [[1, 2, 3, 4], [1, 2], [3, 4], [3], [3], [3], [4]],
      discards: [{ ids: [3], condition: 'RetryAttemptsExhausted', invokeCount: 3 }],
    },
    {
      name: 'without bisect the whole batch is retried and discarded together',
      ids: [1, 2, 3],
      bad: [2],
      policy: { ...lambdaDemo, bisectBatchOnFunctionError: false },
      invocations: [[1, 2, 3], [1, 2, 3], [1, 2, 3]],
      discards: [{ ids: [1, 2, 3], condition: 'RetryAttemptsExhausted', invokeCount: 3 }],
    },
    {
      name: 'zero retries discards after the first failure of the isolated record',
      ids: [1, 2],
      bad: [1],
      policy: { ...lambdaDemo, maximumRetryAttempts: 0 },
      invocations: [[1, 2], [1], [2]],
      discards: [{ ids: [1], condition: 'RetryAttemptsExhausted', invokeCount: 1 }],
    },
    {
      name: 'two bad neighbours end in two single-record discards',
      ids: [1, 2],
      bad: [1, 2],
      policy: { ...lambdaDemo, maximumRetryAttempts: 1 },
      invocations: [[1, 2], [1], [1], [2], [2]],
      discards: [
        { ids: [1], condition: 'RetryAttemptsExhausted', invokeCount: 2 },
        { ids: [2], condition: 'RetryAttemptsExhausted', invokeCount: 2 },
      ],
    },
  ])('$name', async ({ ids, bad, policy, invocations, discards }) => {
    const result = await run(ids, bad, policy);
    expect(result.done).toBe(true);
    expect(result.invocations).toEqual(invocations);
    expect(result.discards).toEqual(discards);
  });

  it('discards records older than MaximumRecordAgeInSeconds without invoking them', async () => {
    const result = await run([1, 2, 3], [], { ...lambdaDemo, maximumRecordAgeSeconds: 60 }, { 1: 120, 2: 61, 3: 5 });
    expect(result.discards).toEqual([{ ids: [1, 2], condition: 'RecordAgeExceeded', invokeCount: 0 }]);
    expect(result.invocations).toEqual([[3]]);
  });

  it('stops without finishing when aborted, so the caller does not checkpoint', async () => {
    const controller = new AbortController();
    const invocations: number[] = [];
    const done = await runStreamBatch([1], { ...lambdaDemo, maximumRetryAttempts: -1 }, {
      async invoke() {
        invocations.push(1);
        if (invocations.length === 3) controller.abort();
        throw new Error('always fails');
      },
      discard: async () => {
        throw new Error('must not discard');
      },
      ageSeconds: () => 0,
      retryDelayMs: () => 0,
      signal: controller.signal,
    });
    expect(done).toBe(false);
    expect(invocations).toHaveLength(3);
  });
});
