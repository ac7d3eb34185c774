import { afterEach, describe, expect, it, vi } from 'vitest';
import { environmentOfPath, stripEnvironment, UNKNOWN_ENVIRONMENT_ATTRIBUTE, withEnvironment } from './path';

describe('environment paths', () => {
  it('reads the environment a path names', () => {
    expect(environmentOfPath('/e/prod/queues')).toBe('prod');
    expect(environmentOfPath('/e/prod')).toBe('prod');
    expect(environmentOfPath('/queues')).toBeUndefined();
    expect(environmentOfPath('/events/x')).toBeUndefined();
  });

  it('strips the prefix to the path within the environment', () => {
    expect(stripEnvironment('/e/prod/queues/x')).toBe('/queues/x');
    expect(stripEnvironment('/e/prod')).toBe('/');
    expect(stripEnvironment('/queues/x')).toBe('/queues/x');
  });

  it('puts internal URLs in an environment, query and fragment kept', () => {
    expect(withEnvironment('/queues/x?minutes=15', 'staging')).toBe('/e/staging/queues/x?minutes=15');
    expect(withEnvironment('/api/queues', 'staging')).toBe('/e/staging/api/queues');
    expect(withEnvironment('/?q=1', 'staging')).toBe('/e/staging?q=1');
    expect(withEnvironment('/topics#topic-a', 'staging')).toBe('/e/staging/topics#topic-a');
  });

  it('leaves alone URLs that carry an environment, external and relative ones, and all without an environment', () => {
    expect(withEnvironment('/e/prod/queues', 'staging')).toBe('/e/prod/queues');
    expect(withEnvironment('https://example.com/x', 'staging')).toBe('https://example.com/x');
    expect(withEnvironment('//example.com/x', 'staging')).toBe('//example.com/x');
    expect(withEnvironment('#record-1', 'staging')).toBe('#record-1');
    expect(withEnvironment('/queues', undefined)).toBe('/queues');
  });

  describe('in the browser', () => {
    afterEach(() => vi.unstubAllGlobals());
    const browserAt = (pathname: string, unknown?: string) => {
      vi.stubGlobal('window', { location: { pathname } });
      vi.stubGlobal('document', { documentElement: { getAttribute: (name: string) => (name === UNKNOWN_ENVIRONMENT_ATTRIBUTE ? (unknown ?? null) : null) } });
    };

    it('calls the environment of the page the browser shows', () => {
      browserAt('/e/staging/queues');
      expect(withEnvironment('/api/queues')).toBe('/e/staging/api/queues');
    });

    it('calls the default environment from the page of an environment Eddy does not have', () => {
      browserAt('/e/bogus/queues', 'bogus');
      expect(withEnvironment('/api/health')).toBe('/api/health');
      // A known environment opened afterwards in the same document is its own again.
      browserAt('/e/staging/queues', 'bogus');
      expect(withEnvironment('/api/health')).toBe('/e/staging/api/health');
    });
  });
});
