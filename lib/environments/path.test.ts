import { describe, expect, it } from 'vitest';
import { environmentOfPath, stripEnvironment, withEnvironment } from './path';

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
});
