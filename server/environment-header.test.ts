import { AsyncLocalStorage } from 'node:async_hooks';
import { describe, expect, it } from 'vitest';

// Next's server sets this global before it loads its request stores; a test does it by hand, first.
(globalThis as { AsyncLocalStorage?: unknown }).AsyncLocalStorage = AsyncLocalStorage;

describe('the environment of a request', () => {
  it('is the one the proxy named in the request header, read synchronously from Next’s request store', async () => {
    const { workUnitAsyncStorage } = await import('next/dist/server/app-render/work-unit-async-storage.external');
    const { currentEnvironmentName, runInEnvironment } = await import('./services');
    const request = { type: 'request', headers: new Headers({ 'x-eddy-environment': 'staging' }) } as unknown as Parameters<typeof workUnitAsyncStorage.run>[0];
    expect(workUnitAsyncStorage.run(request, currentEnvironmentName)).toBe('staging');
    // Our own context wins: a service built for another environment inside a request stays that environment's.
    expect(workUnitAsyncStorage.run(request, () => runInEnvironment('prod', currentEnvironmentName))).toBe('prod');
    expect(currentEnvironmentName()).toBe('default');
  });
});
