import 'server-only';
import { cookies } from 'next/headers';
import type { MutationPolicy } from '@/lib/types/queues';
import { publicOrigin, safeReturnPath, signInSettings, type SignInSettings } from '../auth/config';
import { sessionFromCookie } from '../auth/identity';
import { issuerConfig, oidc } from '../auth/oidc';
import { environmentsOperated, resolveRole, roleInEnvironment } from '../auth/roles';
import { cookieFrom, idTokenOf, seal, sealSession, SESSION_COOKIE, SESSION_SECONDS, SIGN_IN_COOKIE, SIGN_IN_SECONDS, unseal, type Session } from '../auth/session';
import { providerSignOutUrl } from '../auth/sign-out';
import { getEnv } from '../env';
import { currentEnvironment, getEnvironments } from '../environments';
import { mutationPolicy } from '../redrive/policy';

/** How this Eddy admits people, for the header: signed in (who, which role), or today's rules without sign-in. */
export type AccessMode =
  | { mode: 'sign-in'; email: string; role: Session['role'] }
  | { mode: 'open' }
  | { mode: 'token' }
  | { mode: 'read-only'; reason: string };

/** The signed-in user of the page being rendered, if sign-in is configured and they are. */
export async function currentSession(): Promise<Session | undefined> {
  const settings = signInSettings(getEnv());
  if (!settings) return undefined;
  const session = sessionFromCookie((await cookies()).get(SESSION_COOKIE)?.value, settings);
  // The role in the page's environment: its own `operators` may make a viewer an operator there.
  return session && { ...session, role: roleInEnvironment(session, currentEnvironment(getEnv())) };
}

/** What the page's user may change, and why not. */
export async function policyForViewer(): Promise<MutationPolicy> {
  return mutationPolicy(getEnv(), await currentSession());
}

/**
 * Why the page's user may not take an operator's action that changes nothing in AWS (the access
 * page's "Check now", the demo's switches), or undefined when they may: without sign-in anyone
 * may (as the routes allow), with sign-in operators only.
 */
export async function actionRefusal(): Promise<string | undefined> {
  if (!signInSettings(getEnv())) return undefined;
  const session = await currentSession();
  if (session?.role === 'operator') return undefined;
  return session ? `You are signed in as ${session.email}, a viewer: this needs the operator role (EDDY_OPERATORS).` : 'Sign in first.';
}

/** The header's words for how Eddy admits people. */
export async function describeAccess(): Promise<AccessMode> {
  const env = getEnv();
  const session = await currentSession();
  if (session) return { mode: 'sign-in', email: session.email, role: session.role };
  const policy = mutationPolicy(env);
  if (policy.readOnly) return { mode: 'read-only', reason: policy.reason ?? 'Eddy runs read-only.' };
  return policy.tokenRequired ? { mode: 'token' } : { mode: 'open' };
}

interface SignInTransaction {
  state: string;
  nonce: string;
  verifier: string;
  next: string;
}

function cookie(name: string, value: string, maxAge: number, secure: boolean, path = '/'): string {
  return `${name}=${value}; Path=${path}; Max-Age=${maxAge}; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`;
}

function page(status: number, title: string, message: string, setCookies: string[] = []): Response {
  const escape = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c);
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escape(title)} · Eddy</title><meta name="viewport" content="width=device-width, initial-scale=1"></head><body style="font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;color:#0f172a"><h1 style="font-size:1.25rem">${escape(title)}</h1><p>${escape(message)}</p><p><a href="/auth/signin">Sign in</a></p></body></html>`;
  const headers = new Headers({ 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  for (const c of setCookies) headers.append('set-cookie', c);
  return new Response(html, { status, headers });
}

function redirect(location: string, setCookies: string[]): Response {
  const headers = new Headers({ location, 'cache-control': 'no-store' });
  for (const c of setCookies) headers.append('set-cookie', c);
  return new Response(null, { status: 303, headers });
}

function settingsOrPage(): SignInSettings | Response {
  return signInSettings(getEnv()) ?? page(404, 'Sign-in is not configured', 'This Eddy runs without sign-in (EDDY_OIDC_ISSUER is not set).');
}

/** GET /auth/signin: starts the authorization code flow (PKCE S256, state, nonce) at the issuer. */
export async function startSignIn(request: Request): Promise<Response> {
  const settings = settingsOrPage();
  if (settings instanceof Response) return settings;
  const origin = publicOrigin(request, settings);
  let config;
  try {
    config = await issuerConfig(settings);
  } catch (error) {
    return page(502, 'The identity provider did not answer', `Discovery at ${settings.issuer} failed: ${(error as Error).message}`);
  }
  const tx: SignInTransaction = {
    state: oidc.randomState(),
    nonce: oidc.randomNonce(),
    verifier: oidc.randomPKCECodeVerifier(),
    next: safeReturnPath(new URL(request.url).searchParams.get('next')),
  };
  const target = oidc.buildAuthorizationUrl(config, {
    redirect_uri: `${origin}/auth/callback`,
    scope: settings.scopes,
    response_type: 'code',
    code_challenge: await oidc.calculatePKCECodeChallenge(tx.verifier),
    code_challenge_method: 'S256',
    state: tx.state,
    nonce: tx.nonce,
  });
  const sealed = seal(tx, settings.sessionSecret, 'sign-in', Math.floor(Date.now() / 1000) + SIGN_IN_SECONDS);
  return redirect(target.href, [cookie(SIGN_IN_COOKIE, sealed, SIGN_IN_SECONDS, origin.startsWith('https:'), '/auth')]);
}

/**
 * GET /auth/callback: checks state, exchanges the code with the PKCE verifier, verifies the ID
 * token (issuer keys, audience, nonce, expiry — openid-client), resolves the role and sets the
 * session cookie.
 */
export async function finishSignIn(request: Request): Promise<Response> {
  const settings = settingsOrPage();
  if (settings instanceof Response) return settings;
  const origin = publicOrigin(request, settings);
  const secure = origin.startsWith('https:');
  const clearTx = cookie(SIGN_IN_COOKIE, '', 0, secure, '/auth');
  const tx = unseal<SignInTransaction>(cookieFrom(request.headers.get('cookie'), SIGN_IN_COOKIE), settings.sessionSecret, 'sign-in');
  if (!tx) return page(400, 'Sign-in expired', 'This sign-in was not started here or took too long. Start again.', [clearTx]);
  const current = new URL(`${origin}/auth/callback${new URL(request.url).search}`);
  let claims: Record<string, unknown>;
  let idToken: string | undefined;
  try {
    const config = await issuerConfig(settings);
    const tokens = await oidc.authorizationCodeGrant(config, current, { pkceCodeVerifier: tx.verifier, expectedState: tx.state, expectedNonce: tx.nonce, idTokenExpected: true });
    claims = { ...(tokens.claims() ?? {}) };
    idToken = tokens.id_token;
    // Many providers put email and groups only in the UserInfo answer, not the ID token.
    if (typeof claims.email !== 'string' && tokens.access_token) {
      claims = { ...(await oidc.fetchUserInfo(config, tokens.access_token, String(claims.sub))), ...claims };
    }
  } catch (error) {
    return page(400, 'Sign-in failed', `The answer from the identity provider was refused: ${(error as Error).message}`, [clearTx]);
  }
  const resolved = resolveRole(claims, settings.rules);
  if (!resolved.ok) return page(403, 'Not allowed', resolved.reason, [clearTx]);
  // Environments of their own operators (eddy.config.json): named in the session, not the groups.
  const operatorIn = resolved.role === 'operator' ? [] : environmentsOperated(resolved.email, claims, settings.rules.groupsClaim, getEnvironments(getEnv()));
  const session: Session = { email: resolved.email, name: resolved.name, role: resolved.role, ...(operatorIn.length > 0 ? { operatorIn } : {}) };
  // The ID token rides along (when it fits) for signing out at the provider later.
  const sealed = sealSession(session, idToken, settings.sessionSecret, Math.floor(Date.now() / 1000) + SESSION_SECONDS);
  return redirect(tx.next, [clearTx, cookie(SESSION_COOKIE, sealed, SESSION_SECONDS, secure)]);
}

/**
 * POST /auth/signout: forgets Eddy's session, then, when the provider advertises an
 * end_session_endpoint, sends the browser there to end the provider's session too (with the ID
 * token as hint; it comes back to /auth/signed-out). Otherwise sign-out is Eddy's alone, and the
 * page says so: the next sign-in may pass the provider without a password.
 */
export async function signOut(request: Request): Promise<Response> {
  const settings = settingsOrPage();
  if (settings instanceof Response) return settings;
  const origin = publicOrigin(request, settings);
  // Only Eddy's own pages sign out (a form on another site must not).
  const from = request.headers.get('origin');
  if (from && from !== 'null' && new URL(from).origin !== origin) return page(403, 'Not signed out', 'Sign-out is accepted only from Eddy’s own pages.');
  const clear = cookie(SESSION_COOKIE, '', 0, origin.startsWith('https:'));
  const idToken = idTokenOf(cookieFrom(request.headers.get('cookie'), SESSION_COOKIE), settings.sessionSecret);
  const provider = new URL(settings.issuer).host;
  let atProvider: URL | undefined;
  try {
    atProvider = providerSignOutUrl(await issuerConfig(settings), { origin, idToken });
  } catch (error) {
    return page(200, 'Signed out of Eddy only', `You are signed out of Eddy. The identity provider (${provider}) could not be asked to end its session (${(error as Error).message}): sign out there to end it.`, [clear]);
  }
  if (atProvider) return redirect(atProvider.href, [clear]);
  return page(200, 'Signed out of Eddy only', `You are signed out of Eddy. Your session at the identity provider (${provider}) goes on: it offers no sign-out endpoint (end_session_endpoint), so signing in again may not ask for your password. Sign out at the provider to end it.`, [clear]);
}

/** GET /auth/signed-out: where the provider sends the browser back after its sign-out. */
export function signedOut(): Response {
  const settings = settingsOrPage();
  if (settings instanceof Response) return settings;
  const provider = new URL(settings.issuer).host;
  return page(200, 'Signed out', `You are signed out of Eddy, and Eddy asked the identity provider (${provider}) to end your session there too.`);
}
