import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { OPERATOR_TOKEN_HEADER } from '@/lib/queues/schemas';
import { AuditLog } from '../redrive/audit';
import { seal, SESSION_COOKIE } from '../auth/session';
import { resetServices, setServicesForTest } from '../services';
import { isOperatorRoute, operatorRoute } from './operator-route';

const APP_API = path.resolve(__dirname, '../../app/api');
const MUTATING_METHODS = ['POST', 'PUT', 'PATCH', 'DELETE'] as const;

function routeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return routeFiles(full);
    return /^route\.(ts|tsx|js)$/.test(entry.name) ? [full] : [];
  });
}

describe('every mutation route under app/api', () => {
  it('is made by operatorRoute, so none can forget the role check or the same-origin rule', async () => {
    const mutations: string[] = [];
    const unguarded: string[] = [];
    for (const file of routeFiles(APP_API)) {
      const mod = (await import(file)) as Record<string, unknown>;
      for (const method of MUTATING_METHODS) {
        if (!(method in mod)) continue;
        const name = `${method} ${path.relative(APP_API, path.dirname(file)) || '.'}`;
        mutations.push(name);
        if (!isOperatorRoute(mod[method])) unguarded.push(name);
      }
    }
    expect(unguarded, 'write these as `export const POST = operatorRoute(...)`').toEqual([]);
    // The walk found them: a walk that finds nothing would pass the line above.
    expect(mutations).toEqual(
      expect.arrayContaining(['POST access', 'POST demo/[action]', 'POST queues/[name]/purge', 'POST queues/[name]/redrive', 'POST queues/[name]/messages/[messageId]/resend']),
    );
  });

  it('tells a plain handler from an operator route', () => {
    expect(isOperatorRoute(async () => new Response())).toBe(false);
    expect(isOperatorRoute(undefined)).toBe(false);
    expect(isOperatorRoute(operatorRoute({ kind: 'action' }, async () => ({})))).toBe(true);
  });
});

describe('operatorRoute with sign-in', () => {
  const SECRET = 'a-session-secret-of-at-least-32-characters';
  const TOKEN = 'script-token-123456';
  let dataDir: string;
  let audit: AuditLog;

  beforeAll(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'eddy-operator-route-'));
    vi.stubEnv('EDDY_OIDC_ISSUER', 'http://127.0.0.1:9/');
    vi.stubEnv('EDDY_OIDC_CLIENT_ID', 'eddy');
    vi.stubEnv('EDDY_OIDC_CLIENT_SECRET', 'shh');
    vi.stubEnv('EDDY_SESSION_SECRET', SECRET);
    vi.stubEnv('EDDY_OPERATOR_TOKEN', TOKEN);
    vi.stubEnv('EDDY_DATA_DIR', dataDir);
    audit = new AuditLog(dataDir);
    setServicesForTest({ auditLog: audit });
  });

  afterAll(() => {
    resetServices();
    vi.unstubAllEnvs();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const as = (role: 'viewer' | 'operator') => `${SESSION_COOKIE}=${seal({ email: `${role}@example.com`, role }, SECRET, 'session', Date.now() / 1000 + 60)}`;
  const post = (headers: Record<string, string>) =>
    new Request('http://127.0.0.1:3000/api/queues/orders-dlq/purge', { method: 'POST', headers: { host: '127.0.0.1:3000', 'content-type': 'application/json', ...headers }, body: '{}' });

  function route() {
    const seen: string[] = [];
    const handler = operatorRoute({ kind: 'change', audit: { action: 'purge', queues: (p) => [String(p.name)] } }, async ({ actor, params }) => {
      seen.push(actor);
      return { purged: params.name };
    });
    const call = (request: Request) => handler(request, { params: Promise.resolve({ name: 'orders-dlq' }) });
    return { seen, call };
  }

  it('runs the work for an operator, naming them; for the script token too', async () => {
    const { seen, call } = route();
    const res = await call(post({ cookie: as('operator'), origin: 'http://127.0.0.1:3000' }));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ purged: 'orders-dlq' });
    expect((await call(post({ [OPERATOR_TOKEN_HEADER]: TOKEN }))).status).toBe(200);
    expect(seen).toEqual(['operator@example.com (operator)', 'operator token']);
  });

  it('answers a viewer 403 JSON and no session 401 JSON, without running the work, and audits the refusals', async () => {
    const { seen, call } = route();
    const viewer = await call(post({ cookie: as('viewer') }));
    expect(viewer.status).toBe(403);
    expect(await viewer.json()).toMatchObject({ error: { code: 'forbidden', message: expect.stringMatching(/viewer@example\.com is a viewer/) } });
    const nobody = await call(post({}));
    expect(nobody.status).toBe(401);
    expect(await nobody.json()).toMatchObject({ error: { code: 'unauthenticated' } });
    expect(seen).toEqual([]);
    const refused = (await audit.read()).filter((e) => e.outcome === 'refused');
    expect(refused.map((e) => e.actor)).toEqual(expect.arrayContaining(['viewer@example.com (viewer)', 'anonymous']));
    expect(refused.every((e) => e.action === 'purge' && e.queues[0] === 'orders-dlq')).toBe(true);
  });

  it('keeps the same-origin JSON rule, even for an operator', async () => {
    const { seen, call } = route();
    expect((await call(post({ cookie: as('operator'), origin: 'http://evil.example' }))).status).toBe(403);
    expect((await call(post({ cookie: as('operator'), 'sec-fetch-site': 'cross-site' }))).status).toBe(403);
    expect((await call(post({ cookie: as('operator'), 'content-type': 'text/plain' }))).status).toBe(422);
    expect(seen).toEqual([]);
  });

  it('holds an action (no AWS change) to the role as well', async () => {
    const action = operatorRoute({ kind: 'action' }, async ({ actor }) => ({ actor }));
    const call = (request: Request) => action(request, { params: Promise.resolve({}) });
    expect((await call(post({ cookie: as('viewer') }))).status).toBe(403);
    expect((await call(post({}))).status).toBe(401);
    expect(await (await call(post({ cookie: as('operator') }))).json()).toEqual({ actor: 'operator@example.com (operator)' });
  });
});
