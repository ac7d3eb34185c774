import { describe, expect, it } from 'vitest';
import { parseEddyConfig, parseRef } from './config-schema';

describe('parseEddyConfig', () => {
  it('accepts an empty object', () => {
    expect(parseEddyConfig('{}')).toEqual({ config: { consumers: [], edges: [], correlationKeys: [] }, errors: [] });
  });

  it('accepts the correlation keys traces read, beside declared consumers', () => {
    const text = JSON.stringify({
      consumers: [{ name: 'shipping-worker', reads: ['queue:fulfillment'] }],
      correlationKeys: [{ table: 'orders', names: ['order_id'] }],
    });
    expect(parseEddyConfig(text)).toEqual({
      config: { consumers: [{ name: 'shipping-worker', reads: ['queue:fulfillment'], writes: [] }], edges: [], correlationKeys: [{ table: 'orders', names: ['order_id'] }] },
      errors: [],
    });
  });

  it.each([
    ['broken JSON', '{', /^not valid JSON/],
    ['an unknown top-level key', '{"nodes": []}', /Unrecognized key/],
    ['a reference without a kind', '{"edges":[{"from":"fulfillment","to":"queue:x"}]}', /^edges\.0\.from: must be "<table\|queue\|function\|consumer>:<name>"/],
    ['an unknown kind', '{"edges":[{"from":"topic:x","to":"queue:x"}]}', /^edges\.0\.from/],
    ['a consumer without a name', '{"consumers":[{"reads":["queue:a"]}]}', /^consumers\.0\.name/],
    ['an array at the top', '[]', /^file:/],
  ])('reports %s without throwing', (_label, text, message) => {
    const result = parseEddyConfig(text);
    expect(result.config).toEqual({ consumers: [], edges: [], correlationKeys: [] });
    expect(result.errors[0]).toMatch(message);
  });

  it('parses references', () => {
    expect(parseRef('queue:jobs.fifo')).toEqual({ kind: 'queue', name: 'jobs.fifo' });
    expect(parseRef('consumer:shipping-worker')).toEqual({ kind: 'consumer', name: 'shipping-worker' });
  });
});
