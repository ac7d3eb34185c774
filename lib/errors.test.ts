import { describe, expect, it, vi } from 'vitest';
import { AppError, toAppError } from './errors';

describe('AppError', () => {
  it.each([
    ['invalid', 422],
    ['not_found', 404],
    ['forbidden', 403],
    ['throttled', 429],
    ['unavailable', 503],
    ['internal', 500],
  ] as const)('maps %s to HTTP %i', (code, status) => {
    expect(new AppError(code, 'x').status).toBe(status);
  });

  it('round-trips through the route body', () => {
    const original = new AppError('throttled', 'Slow down', 'ThrottlingException');
    const back = AppError.fromBody(JSON.parse(JSON.stringify(original.toBody())), 429);
    expect(back).toBeInstanceOf(AppError);
    expect(back).toMatchObject({ code: 'throttled', message: 'Slow down', detail: 'ThrottlingException' });
  });

  it('does not trust a body of another shape', () => {
    expect(AppError.fromBody({ error: { code: 'weird', message: 'x' } }, 500).code).toBe('internal');
    expect(AppError.fromBody('<html>', 404).code).toBe('not_found');
    expect(AppError.fromBody(null, 502).message).toMatch(/502/);
  });

  it('knows an AppError made by another copy of the module (Next bundles one per route)', async () => {
    vi.resetModules();
    const copy = await import('./errors');
    expect(copy.AppError).not.toBe(AppError);
    const foreign = new copy.AppError('forbidden', 'Eddy needs `sqs:ListQueues`', 'AccessDeniedException');
    expect(foreign).toBeInstanceOf(AppError);
    expect(toAppError(foreign)).toBe(foreign);
    expect(toAppError(foreign).code).toBe('forbidden');
    expect(new Error('x')).not.toBeInstanceOf(AppError);
    expect({ code: 'forbidden', message: 'x' }).not.toBeInstanceOf(AppError);
  });

  it('wraps anything thrown', () => {
    expect(toAppError(new Error('boom'))).toMatchObject({ code: 'internal', message: 'boom' });
    expect(toAppError('text')).toMatchObject({ code: 'internal', message: 'text' });
    const same = new AppError('not_found', 'gone');
    expect(toAppError(same)).toBe(same);
  });
});
