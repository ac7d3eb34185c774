import { describe, expect, it } from 'vitest';
import { OPERATOR_TOKEN_HEADER } from '@/lib/queues/schemas';
import { publicOrigin, safeReturnPath } from './config';
import { gate } from './gate';
import { seal, SESSION_COOKIE } from './session';

const SECRET = 'a-session-secret-of-at-least-32-characters';
const signIn = { EDDY_OIDC_ISSUER: 'http://127.0.0.1:9/', EDDY_OIDC_CLIENT_ID: 'eddy', EDDY_OIDC_CLIENT_SECRET: 'shh', EDDY_SESSION_SECRET: SECRET, EDDY_OPERATOR_TOKEN: 'script-token-123' };
const NOW = Date.parse('2026-12-02T06:00:00Z');
const session = (exp = NOW / 1000 + 60) => `${SESSION_COOKIE}=${seal({ email: 'ann@example.com', role: 'viewer' }, SECRET, 'session', exp)}`;
const get = (path: string, headers: Record<string, string> = {}) => new Request(`http://127.0.0.1:3000${path}`, { headers });

describe('gate', () => {
  it('lets everything through without sign-in', () => {
    expect(gate(get('/api/queues'), { EDDY_OPERATOR_TOKEN: undefined }, NOW)).toEqual({ pass: true });
  });

  it('answers an API request without a session 401 JSON, SSE included, in an environment too', async () => {
    // The browser's calls carry the environment (`/e/<name>/api/…`): a redirect there would be followed by fetch to the provider and fail.
    for (const path of ['/api/queues', '/api/streams/orders/events', '/e/default/api/queues?since=1', '/e/prod-eu/api/streams/orders/events']) {
      const decision = gate(get(path), signIn, NOW);
      if (decision.pass) throw new Error(`${path} passed`);
      expect(decision.response.status).toBe(401);
      expect(await decision.response.json()).toMatchObject({ error: { code: 'unauthenticated' } });
    }
  });

  it('lets the health check through in an environment as well', () => {
    expect(gate(get('/e/default/api/healthz'), signIn, NOW)).toEqual({ pass: true });
  });

  it('sends a page without a session to sign-in, returning to it afterwards', () => {
    const decision = gate(get('/queues/orders-dlq?tab=messages'), signIn, NOW);
    if (decision.pass) throw new Error('passed');
    expect(decision.response.status).toBe(307);
    expect(decision.response.headers.get('location')).toBe(`http://127.0.0.1:3000/auth/signin?next=${encodeURIComponent('/queues/orders-dlq?tab=messages')}`);
  });

  it('passes a live session, the script token, sign-in itself and the health check; not an expired or tampered session', () => {
    expect(gate(get('/queues', { cookie: session() }), signIn, NOW).pass).toBe(true);
    expect(gate(get('/api/queues', { [OPERATOR_TOKEN_HEADER]: 'script-token-123' }), signIn, NOW).pass).toBe(true);
    expect(gate(get('/api/queues', { [OPERATOR_TOKEN_HEADER]: 'wrong-token' }), signIn, NOW).pass).toBe(false);
    expect(gate(get('/auth/callback?code=x'), signIn, NOW).pass).toBe(true);
    expect(gate(get('/api/healthz'), signIn, NOW).pass).toBe(true);
    expect(gate(get('/api/health'), signIn, NOW).pass).toBe(false);
    expect(gate(get('/queues', { cookie: session(NOW / 1000 - 1) }), signIn, NOW).pass).toBe(false);
    expect(gate(get('/queues', { cookie: `${session()}x` }), signIn, NOW).pass).toBe(false);
  });
});

describe('safeReturnPath', () => {
  it('keeps a path on this origin and refuses anything else', () => {
    expect(safeReturnPath('/queues/a?b=1')).toBe('/queues/a?b=1');
    for (const bad of ['//evil.example/x', '/\\evil.example', 'https://evil.example', '', null, '/auth/signin']) expect(safeReturnPath(bad)).toBe('/');
  });
});

describe('publicOrigin', () => {
  const behind = new Request('http://10.0.0.5:3000/auth/callback', { headers: { host: '10.0.0.5:3000', 'x-forwarded-proto': 'https', 'x-forwarded-host': 'eddy.example.com' } });

  it('takes EDDY_PUBLIC_URL first, then forwarded headers only when trusted, else the Host', () => {
    expect(publicOrigin(behind, { publicUrl: 'https://eddy.example.com/', trustProxy: false })).toBe('https://eddy.example.com');
    expect(publicOrigin(behind, { trustProxy: true })).toBe('https://eddy.example.com');
    expect(publicOrigin(behind, { trustProxy: false })).toBe('http://10.0.0.5:3000');
  });
});
