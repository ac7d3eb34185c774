import { describe, expect, it } from 'vitest';
import type { MoveTask } from '@/lib/types/queues';
import { ownTask } from './jobs';

const task = (extra: Partial<MoveTask>): MoveTask => ({ status: 'COMPLETED', sourceArn: 'arn:aws:sqs:us-east-1:000000000000:orders-dlq', moved: 3, ...extra });
const STARTED = Date.parse('2026-12-02T12:00:00Z');

describe('ownTask: the move task a redrive job started', () => {
  it('is found by its handle while it runs, else by its start time', () => {
    const running = task({ status: 'RUNNING', taskHandle: 'h-1', startedAt: undefined });
    expect(ownTask([running], 'h-1', STARTED, false)).toBe(running);
    const older = task({ startedAt: '2026-12-01T00:00:00.000Z' });
    const done = task({ startedAt: '2026-12-02T12:00:01.000Z' });
    expect(ownTask([done, older], 'h-1', STARTED, true)).toBe(done);
    expect(ownTask([older], 'h-1', STARTED, true)).toBeUndefined();
  });

  it('never takes a task whose start SQS did not return for one started in 1970, and takes the newest only once its own was seen', () => {
    const untimed = task({ startedAt: undefined });
    expect(ownTask([untimed], 'h-1', STARTED, false)).toBeUndefined();
    expect(ownTask([untimed], 'h-1', STARTED, true)).toBe(untimed);
  });
});
