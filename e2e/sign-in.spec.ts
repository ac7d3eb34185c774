import type { Server } from 'node:http';
import type { Page } from '@playwright/test';
import Provider from 'oidc-provider';
import { startApp, type RunningApp } from '../server/launch/app';
import { getFreePort } from '../server/launch/ports';
import { environmentPath } from '../lib/environments/route';
import { idTokenOf, MAX_SESSION_COOKIE_CHARS, seal, SESSION_COOKIE } from '../server/auth/session';
import { expect, test, type TempQueues } from './fixtures';

/**
 * Sign-in against a real OpenID Connect provider (npm oidc-provider, its development login and
 * consent pages) on loopback, with its own Eddy started with the OIDC variables — the other
 * specs' Eddy keeps running without sign-in.
 */
const SESSION_SECRET = 'e2e-session-secret-at-least-32-characters';
const CLIENT = { client_id: 'eddy-e2e', client_secret: 'eddy-e2e-client-secret' };
const SCRIPT_TOKEN = 'e2e-script-token-123';
const ACCOUNTS: Record<string, { email: string; groups: string[] }> = {
  vera: { email: 'vera@example.com', groups: ['readers'] },
  otto: { email: 'otto@example.com', groups: ['eddy-operators'] },
};

interface Issuer {
  url: string;
  server: Server;
}

let issuer: Issuer;
let app: RunningApp;

/**
 * A real provider on loopback for one Eddy at `appPort`. It advertises an end_session_endpoint
 * (RP-initiated logout, on by default in oidc-provider) unless `rpInitiatedLogout` is false.
 */
async function startIssuer(appPort: number, { rpInitiatedLogout = true } = {}): Promise<Issuer> {
  const issuerPort = await getFreePort();
  const issuerUrl = `http://127.0.0.1:${issuerPort}`;
  const appUrl = `http://127.0.0.1:${appPort}`;
  const provider = new Provider(issuerUrl, {
    clients: [
      {
        ...CLIENT,
        redirect_uris: [`${appUrl}/auth/callback`],
        post_logout_redirect_uris: [`${appUrl}/auth/signed-out`],
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    claims: { openid: ['sub'], email: ['email', 'email_verified'], groups: ['groups'] },
    scopes: ['openid', 'email', 'groups', 'offline_access'],
    findAccount: async (_ctx, sub) => (ACCOUNTS[sub] ? { accountId: sub, claims: async () => ({ sub, email: ACCOUNTS[sub].email, email_verified: true, groups: ACCOUNTS[sub].groups }) } : undefined),
    features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: rpInitiatedLogout } },
    cookies: { keys: ['e2e-provider-cookie-key'] },
  });
  const server = provider.listen(issuerPort, '127.0.0.1') as Server;
  await new Promise<void>((resolve) => (server.listening ? resolve() : server.once('listening', () => resolve())));
  return { url: issuerUrl, server };
}

/** An Eddy with sign-in at `issuerUrl`, on the demo's emulator. */
function startSignInApp(port: number, issuerUrl: string, emulatorUrl: string, dataDir: string): Promise<RunningApp> {
  return startApp({
    port,
    standalone: true,
    env: {
      AWS_ENDPOINT_URL: emulatorUrl,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'AKIDEDDYTEST',
      AWS_SECRET_ACCESS_KEY: 'eddy-test-secret',
      EDDY_DATA_DIR: dataDir,
      EDDY_OIDC_ISSUER: issuerUrl,
      EDDY_OIDC_CLIENT_ID: CLIENT.client_id,
      EDDY_OIDC_CLIENT_SECRET: CLIENT.client_secret,
      EDDY_OIDC_SCOPES: 'openid email groups',
      EDDY_SESSION_SECRET: SESSION_SECRET,
      EDDY_OPERATORS: 'eddy-operators',
      EDDY_OPERATOR_TOKEN: SCRIPT_TOKEN,
    },
  });
}

test.beforeAll(async ({ demo }) => {
  test.setTimeout(120_000);
  const appPort = await getFreePort();
  issuer = await startIssuer(appPort);
  app = await startSignInApp(appPort, issuer.url, demo.emulatorUrl, `.eddy/test-sign-in-${process.pid}`);
});

test.afterAll(async () => {
  await app?.stop();
  await new Promise((resolve) => issuer?.server.close(resolve));
});

/** Signs in at the provider's development pages (any password) and lands back on `path`. */
async function signIn(page: Page, login: string, path = '/queues', at: { app: RunningApp; issuer: Issuer } = { app, issuer }) {
  // The provider's pages import a web font; there is no internet here.
  await page.route(/fonts\.googleapis\.com/, (route) => route.abort());
  await page.goto(`${at.app.url}${path}`);
  await expect(page).toHaveURL(new RegExp(`^${at.issuer.url}/`));
  await page.locator('input[name=login]').fill(login);
  await page.locator('input[name=password]').fill('any');
  await page.getByRole('button', { name: 'Sign-in' }).click();
  await page.getByRole('button', { name: 'Continue' }).click();
  // Back where the user was going, in the default environment (old URLs redirect there).
  await expect(page).toHaveURL(`${at.app.url}${environmentPath('default', path)}`);
}

/** A DLQ (and its source, maxReceiveCount 3) in the demo's emulator, deleted when the test ends; its name. */
async function dlq(tempQueues: TempQueues, label: string): Promise<string> {
  return (await tempQueues.createWithDlq(tempQueues.uniqueName(label), 3)).dlq.name;
}

function purge(page: Page, queue: string) {
  return page.request.post(`${app.url}/api/queues/${queue}/purge`, { data: { confirmName: queue }, headers: { origin: app.url } });
}

test.describe('sign-in with roles', () => {
  test('without a session: pages go to the provider, API routes and SSE answer 401, the health check answers', async ({ request, page }) => {
    for (const path of ['/api/queues', '/api/health', '/api/streams']) {
      const res = await request.get(`${app.url}${path}`, { maxRedirects: 0 });
      expect(res.status(), path).toBe(401);
      expect(await res.json()).toMatchObject({ error: { code: 'unauthenticated' } });
    }
    const sse = await request.get(`${app.url}/api/streams/orders/events`, { maxRedirects: 0 });
    expect(sse.status()).toBe(401);
    for (const path of ['/api/access', '/api/demo/spike']) {
      const res = await request.post(`${app.url}${path}`, { data: {}, headers: { origin: app.url } });
      expect(res.status(), path).toBe(401);
      expect(await res.json()).toMatchObject({ error: { code: 'unauthenticated' } });
    }
    const healthz = await request.get(`${app.url}/api/healthz`);
    expect(healthz.status()).toBe(200);
    expect(await healthz.json()).toEqual({ ok: true });

    const redirect = await request.get(`${app.url}/queues?x=1`, { maxRedirects: 0 });
    expect(redirect.status()).toBe(307);
    // Next writes a same-origin Location relative.
    expect(new URL(redirect.headers().location, app.url).href).toBe(`${app.url}/auth/signin?next=%2Fqueues%3Fx%3D1`);
    const start = await request.get(`${app.url}/auth/signin?next=/queues`, { maxRedirects: 0 });
    expect(start.status()).toBe(303);
    const authorize = new URL(start.headers().location);
    expect(authorize.origin).toBe(issuer.url);
    expect(Object.fromEntries(authorize.searchParams)).toMatchObject({ client_id: CLIENT.client_id, code_challenge_method: 'S256', response_type: 'code', redirect_uri: `${app.url}/auth/callback` });
    expect(authorize.searchParams.get('state')).toBeTruthy();
    expect(authorize.searchParams.get('nonce')).toBeTruthy();
    expect(start.headers()['set-cookie']).toMatch(/eddy_sign_in=.+; Path=\/auth; .*HttpOnly; SameSite=Lax/);

    // A script with the operator token reads without a session.
    const script = await request.get(`${app.url}/api/queues`, { headers: { 'x-eddy-operator-token': SCRIPT_TOKEN } });
    expect(script.status()).toBe(200);
    await page.close();
  });

  test('a viewer reads but may not change: 403, audited with their email and role', async ({ page, tempQueues }) => {
    const queue = await dlq(tempQueues, 'signin-v');
    await signIn(page, 'vera');
    await expect(page.getByLabel('Signed in')).toContainText('vera@example.com · viewer');
    const cookie = (await page.context().cookies()).find((c) => c.name === SESSION_COOKIE);
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
    expect(cookie?.value).not.toContain('vera');

    const refused = await purge(page, queue);
    expect(refused.status()).toBe(403);
    expect(await refused.json()).toMatchObject({ error: { code: 'forbidden', message: expect.stringMatching(/vera@example\.com is a viewer/) } });

    // Every other mutation route asks for the role too: the access probe, the demo's switches.
    for (const path of ['/api/access', '/api/demo/spike']) {
      const res = await page.request.post(`${app.url}${path}`, { data: {}, headers: { origin: app.url } });
      expect(res.status(), path).toBe(403);
      expect(await res.json()).toMatchObject({ error: { code: 'forbidden', message: expect.stringMatching(/vera@example\.com is a viewer/) } });
    }

    await page.goto(`${app.url}/access`);
    await expect(page.getByRole('button', { name: 'Check now' })).toBeDisabled();
    await expect(page.getByTestId('check-refused')).toContainText('vera@example.com, a viewer');

    await page.goto(`${app.url}/audit`);
    const row = page.getByRole('table', { name: 'Audit log' }).getByRole('row').filter({ hasText: queue });
    await expect(row).toContainText('vera@example.com (viewer)');
    await expect(row).toContainText('refused');
  });

  test('an operator changes, audited with their email and role, and keeps the ID token for sign-out', async ({ page, tempQueues }) => {
    const queue = await dlq(tempQueues, 'signin-o');
    await signIn(page, 'otto', `/queues/${queue}`);
    await expect(page.getByLabel('Signed in')).toContainText('otto@example.com · operator');

    const done = await purge(page, queue);
    expect(done.status()).toBe(200);
    // Still the same-origin JSON rule: a cross-site origin is refused even with the operator's session.
    const crossSite = await page.request.post(`${app.url}/api/queues/${queue}/purge`, { data: { confirmName: queue }, headers: { origin: 'http://evil.example' } });
    expect(crossSite.status()).toBe(403);

    await page.goto(`${app.url}/audit`);
    const log = page.getByRole('table', { name: 'Audit log' });
    await expect(log.getByRole('row').filter({ hasText: queue }).filter({ hasText: 'succeeded' })).toContainText('otto@example.com (operator)');
    const entries = (await (await page.request.get(`${app.url}/api/audit`)).json()) as { queues: string[]; outcome: string; identity?: object }[];
    expect(entries.find((e) => e.queues.includes(queue) && e.outcome === 'succeeded')?.identity).toEqual({ email: 'otto@example.com', role: 'operator' });

    // The session keeps the ID token for the provider's sign-out, and still fits in a cookie.
    const session = (await page.context().cookies()).find((c) => c.name === SESSION_COOKIE);
    expect(session?.value.length).toBeLessThanOrEqual(MAX_SESSION_COOKIE_CHARS);
    const idToken = idTokenOf(session?.value, SESSION_SECRET);
    expect(idToken).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
  });

  test('sign-out ends the session at Eddy and, RP-initiated, at the provider', async ({ page }) => {
    await signIn(page, 'otto');
    const idToken = idTokenOf((await page.context().cookies()).find((c) => c.name === SESSION_COOKIE)?.value, SESSION_SECRET);
    expect(idToken).toBeTruthy();

    const endSession = page.waitForRequest((r) => r.url().startsWith(`${issuer.url}/session/end`));
    await page.getByRole('button', { name: 'Sign out' }).click();
    const asked = new URL((await endSession).url());
    expect(Object.fromEntries(asked.searchParams)).toEqual({ id_token_hint: idToken, post_logout_redirect_uri: `${app.url}/auth/signed-out`, client_id: CLIENT.client_id });
    // Eddy forgot its session before the provider asks anything.
    expect((await page.context().cookies()).find((c) => c.name === SESSION_COOKIE)).toBeUndefined();
    expect((await page.request.get(`${app.url}/api/queues`, { maxRedirects: 0 })).status()).toBe(401);

    await page.getByRole('button', { name: 'Yes, sign me out' }).click();
    await expect(page).toHaveURL(`${app.url}/auth/signed-out`);
    await expect(page.getByRole('heading', { name: 'Signed out' })).toBeVisible();
    await expect(page.getByText(/asked the identity provider \(127\.0\.0\.1:\d+\) to end your session there too/)).toBeVisible();
    // The provider's session ended as well: signing in again asks who you are.
    await page.goto(`${app.url}/queues`);
    await expect(page).toHaveURL(new RegExp(`^${issuer.url}/`));
    await expect(page.locator('input[name=login]')).toBeVisible();
  });

  test('with a provider that offers no end_session_endpoint, sign-out is Eddy’s alone and the page says so', async ({ page, demo }) => {
    test.setTimeout(120_000);
    const port = await getFreePort();
    const localOnly = await startIssuer(port, { rpInitiatedLogout: false });
    const other = await startSignInApp(port, localOnly.url, demo.emulatorUrl, `.eddy/test-sign-in-local-${process.pid}`);
    try {
      await signIn(page, 'vera', '/queues', { app: other, issuer: localOnly });
      await page.getByRole('button', { name: 'Sign out' }).click();
      await expect(page.getByRole('heading', { name: 'Signed out of Eddy only' })).toBeVisible();
      await expect(page.getByText(/offers no sign-out endpoint \(end_session_endpoint\)/)).toBeVisible();
      expect(page.url()).toBe(`${other.url}/auth/signout`);
      expect((await page.context().cookies()).find((c) => c.name === SESSION_COOKIE)).toBeUndefined();
      // The provider's session goes on, as the page said: signing in again passes without a login.
      await page.goto(`${other.url}/queues`);
      await expect(page).toHaveURL(`${other.url}/e/default/queues`);
      await expect(page.getByLabel('Signed in')).toContainText('vera@example.com · viewer');
    } finally {
      await other.stop();
      localOnly.server.closeAllConnections();
      await new Promise((resolve) => localOnly.server.close(resolve));
    }
  });

  test('a tampered cookie and an expired session count as no session', async ({ request }) => {
    const now = Math.floor(Date.now() / 1000);
    const valid = seal({ email: 'otto@example.com', role: 'operator' }, SESSION_SECRET, 'session', now + 600);
    const ok = await request.get(`${app.url}/api/queues`, { headers: { cookie: `${SESSION_COOKIE}=${valid}` } });
    expect(ok.status()).toBe(200);

    const bytes = Buffer.from(valid, 'base64url');
    bytes[bytes.length >> 1] ^= 0x01;
    const tampered = await request.get(`${app.url}/api/queues`, { headers: { cookie: `${SESSION_COOKIE}=${bytes.toString('base64url')}` } });
    expect(tampered.status()).toBe(401);
    const forged = seal({ email: 'otto@example.com', role: 'operator' }, 'another-secret-of-at-least-32-characters', 'session', now + 600);
    expect((await request.get(`${app.url}/api/queues`, { headers: { cookie: `${SESSION_COOKIE}=${forged}` } })).status()).toBe(401);

    const expired = seal({ email: 'otto@example.com', role: 'operator' }, SESSION_SECRET, 'session', now - 1);
    expect((await request.get(`${app.url}/api/queues`, { headers: { cookie: `${SESSION_COOKIE}=${expired}` } })).status()).toBe(401);
    const page = await request.get(`${app.url}/queues`, { headers: { cookie: `${SESSION_COOKIE}=${expired}` }, maxRedirects: 0 });
    expect(page.status()).toBe(307);
  });

  test('without sign-in (the demo’s Eddy) the header says how it admits people, and no session is asked for', async ({ page, demo }) => {
    await page.goto(`${demo.appUrl}/queues`);
    await expect(page.getByText('No sign-in · open on this machine')).toBeVisible();
    await expect(page.getByLabel('Signed in')).toHaveCount(0);
    expect((await page.request.get(`${demo.appUrl}/api/queues`)).status()).toBe(200);
  });

  test('a session that expires while a page is open sends the browser to sign in again', async ({ page }) => {
    await page.route(/fonts\.googleapis\.com/, (route) => route.abort());
    const now = Math.floor(Date.now() / 1000);
    const cookie = (exp: number) => ({ name: SESSION_COOKIE, value: seal({ email: 'vera@example.com', role: 'viewer' }, SESSION_SECRET, 'session', exp), url: app.url, httpOnly: true, sameSite: 'Lax' as const });
    await page.context().addCookies([cookie(now + 600)]);
    await page.goto(`${app.url}/queues`);
    await expect(page.getByLabel('Signed in')).toContainText('vera@example.com · viewer');
    // The queues page polls; its next call finds the session gone.
    await page.context().addCookies([cookie(now - 1)]);
    await expect(page).toHaveURL(new RegExp(`^${issuer.url}/`), { timeout: 30_000 });
  });

  test('a callback with the wrong state, or without the sign-in it answers, sets no session', async ({ page }) => {
    await page.route(/fonts\.googleapis\.com/, (route) => route.abort());
    // Start a real sign-in, then answer the callback with another state.
    await page.goto(`${app.url}/queues`);
    await expect(page).toHaveURL(new RegExp(`^${issuer.url}/`));
    const wrong = await page.request.get(`${app.url}/auth/callback?code=made-up&state=not-the-state`, { maxRedirects: 0 });
    expect(wrong.status()).toBe(400);
    expect(await wrong.text()).toMatch(/Sign-in failed/);
    expect(wrong.headers()['set-cookie'] ?? '').not.toMatch(/eddy_session=[^;]/);

    const orphan = await page.request.get(`${app.url}/auth/callback?code=made-up&state=any`, { maxRedirects: 0, headers: { cookie: '' } });
    expect(orphan.status()).toBe(400);
    expect((await page.context().cookies()).find((c) => c.name === SESSION_COOKIE)).toBeUndefined();
  });
});
