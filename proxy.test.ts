import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { NextRequest } from 'next/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { proxy } from './proxy';
import { forgetEnvironments } from './server/environments';

const saved = { ...process.env };

beforeAll(() => {
  const dir = mkdtempSync(path.join(tmpdir(), 'eddy-proxy-'));
  const file = path.join(dir, 'eddy.config.json');
  writeFileSync(file, JSON.stringify({ environments: [{ name: 'prod', region: 'eu-west-1' }, { name: 'staging', region: 'us-east-1' }] }));
  process.env.EDDY_CONFIG_FILE = file;
  for (const key of Object.keys(process.env)) if (key.startsWith('EDDY_OIDC') || key === 'EDDY_SESSION_SECRET') delete process.env[key];
  forgetEnvironments();
});

afterAll(() => {
  process.env = saved;
  forgetEnvironments();
});

const call = (pathname: string, headers: Record<string, string> = {}) => proxy(new NextRequest(`http://127.0.0.1:3000${pathname}`, { headers }));

describe('proxy: environments', () => {
  it('rewrites /e/<name>/… to the existing route with the environment header set', () => {
    const res = call('/e/staging/queues/orders?minutes=15');
    expect(new URL(res.headers.get('x-middleware-rewrite') ?? '').pathname).toBe('/queues/orders');
    expect(new URL(res.headers.get('x-middleware-rewrite') ?? '').search).toBe('?minutes=15');
    expect(res.headers.get('x-middleware-request-x-eddy-environment')).toBe('staging');
    const api = call('/e/staging/api/queues');
    expect(new URL(api.headers.get('x-middleware-rewrite') ?? '').pathname).toBe('/api/queues');
  });

  it('answers a page of an environment that does not exist with the not-found page, in the default environment', () => {
    const res = call('/e/dev%20x/queues/orders', { 'x-eddy-unknown-environment': 'spoofed' });
    expect(new URL(res.headers.get('x-middleware-rewrite') ?? '').pathname).toBe('/environment-not-found');
    expect(res.headers.get('x-middleware-request-x-eddy-environment')).toBe('prod');
    expect(res.headers.get('x-middleware-request-x-eddy-unknown-environment')).toBe('dev%20x');
  });

  it('answers the API of an environment that does not exist with 404 JSON', async () => {
    const api = call('/e/dev/api/queues');
    expect(api.status).toBe(404);
    expect(await api.json()).toEqual({ error: { code: 'not_found', message: 'There is no environment "dev" in this Eddy.' } });
  });

  it('never passes on a client\'s own unknown-environment header', () => {
    const res = call('/e/staging/queues', { 'x-eddy-unknown-environment': 'gamma' });
    expect(res.headers.get('x-middleware-request-x-eddy-unknown-environment')).toBeNull();
    expect(res.headers.get('x-middleware-override-headers')).not.toContain('x-eddy-unknown-environment');
  });

  it('redirects an old page URL to the default environment, query kept', () => {
    const res = call('/queues/orders?q=1', { host: '127.0.0.1:3000' });
    expect(res.status).toBe(307);
    expect(res.headers.get('location')).toBe('http://127.0.0.1:3000/e/prod/queues/orders?q=1');
  });

  it('serves /api without the prefix for the default environment, whatever header the client sent', () => {
    const res = call('/api/queues', { 'x-eddy-environment': 'staging' });
    expect(res.headers.get('x-middleware-rewrite')).toBeNull();
    expect(res.headers.get('x-middleware-next')).toBe('1');
    expect(res.headers.get('x-middleware-request-x-eddy-environment')).toBe('prod');
  });
});
