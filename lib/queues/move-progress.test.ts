import { describe, expect, it } from 'vitest';
import { moveProgress } from './move-progress';

describe('moveProgress', () => {
  it.each([
    ['nothing moved yet', { moved: 0, toMove: 100, startedAt: 0, status: 'RUNNING' }, 1_000, { percent: 0 }],
    ['an empty source', { moved: 0, toMove: 0, startedAt: 0, status: 'RUNNING' }, 1_000, { percent: 0 }],
    ['not yet counted by SQS', { moved: 0, toMove: undefined, startedAt: 0, status: 'RUNNING' }, 1_000, { percent: 0 }],
    ['moving, not yet counted: a rate, no time left', { moved: 30, toMove: undefined, startedAt: 0, status: 'RUNNING' }, 10_000, { percent: 0, perSecond: 3, etaSeconds: undefined }],
    ['completed, never counted', { moved: 30, toMove: undefined, startedAt: 0, status: 'COMPLETED' }, 10_000, { percent: 100, perSecond: 3, etaSeconds: undefined }],
    ['a completed task with lagging counters', { moved: 90, toMove: 100, startedAt: 0, status: 'COMPLETED' }, 10_000, { percent: 100, perSecond: 9, etaSeconds: undefined }],
    ['counters past the total', { moved: 120, toMove: 100, startedAt: 0, status: 'RUNNING' }, 10_000, { percent: 100, perSecond: 12, etaSeconds: 0 }],
    ['half way at 50/s', { moved: 500, toMove: 1_000, startedAt: 0, status: 'RUNNING' }, 10_000, { percent: 50, perSecond: 50, etaSeconds: 10 }],
    // SQS left the counters or the start time out: no share and no rate, never one from 0 or 1970.
    ['moved not returned', { moved: undefined, toMove: 100, startedAt: 0, status: 'RUNNING' }, 10_000, { percent: 0 }],
    ['start time not returned', { moved: 50, toMove: 100, startedAt: undefined, status: 'RUNNING' }, 10_000, { percent: 50 }],
  ])('%s', (_, task, now, expected) => {
    expect(moveProgress(task, now)).toEqual(expected);
  });
});
