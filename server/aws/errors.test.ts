import { describe, expect, it, vi } from 'vitest';
import { failedActionOf, noteFailedAction, toAppErrorFromAws } from './errors';

describe('the IAM action of a failed call', () => {
  it('travels with the error, also into a route bundled with another copy of the module', async () => {
    const denied = Object.assign(new Error('User is not authorized'), { name: 'AccessDeniedException', $metadata: { httpStatusCode: 400 } });
    vi.resetModules();
    const copy = await import('./errors');
    copy.noteFailedAction(denied, 'sqs:ListQueues');
    const named = copy.toAppErrorFromAws(denied);
    expect(failedActionOf(denied)).toBe('sqs:ListQueues');
    expect(failedActionOf(named)).toBe('sqs:ListQueues');
    expect(toAppErrorFromAws(named)).toBe(named);
    expect(named).toMatchObject({ code: 'forbidden', message: 'Eddy needs `sqs:ListQueues`: User is not authorized' });
  });

  it('is absent from errors no AWS call made', () => {
    expect(failedActionOf(new Error('bug'))).toBeUndefined();
    expect(failedActionOf(undefined)).toBeUndefined();
    const frozen = Object.freeze(new Error('frozen'));
    noteFailedAction(frozen, 'sqs:ListQueues');
    expect(failedActionOf(frozen)).toBeUndefined();
  });
});
