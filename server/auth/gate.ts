import { withoutEnvironment } from '@/lib/environments/route';
import { OPERATOR_TOKEN_HEADER } from '@/lib/queues/schemas';
import type { Env } from '../env-schema';
import { publicOrigin, signInSettings } from './config';
import { sessionOf } from './identity';
import { tokensMatch } from './token';

/** What the proxy does with a request before any page or route sees it. */
export type GateDecision = { pass: true } | { pass: false; response: Response };

/** Paths that never need a session: signing in itself and the load balancer's health check. */
export function isPublicPath(pathname: string): boolean {
  return pathname === '/auth' || pathname.startsWith('/auth/') || pathname === '/api/healthz';
}

/**
 * With sign-in configured, every page and API route (SSE streams included) needs a session: an
 * API request without one gets 401 JSON, a page a redirect to sign-in that returns to it. A
 * script's valid operator token passes too. Without sign-in, everything passes (the mutation
 * routes keep their own rules).
 */
export function gate(request: Request, env: Partial<Env> & Pick<Env, 'EDDY_OPERATOR_TOKEN'>, now = Date.now()): GateDecision {
  const settings = signInSettings(env);
  if (!settings) return { pass: true };
  const url = new URL(request.url);
  // `/e/<environment>/api/…` is the API too (the browser's calls carry the environment).
  const route = withoutEnvironment(url.pathname);
  if (isPublicPath(route)) return { pass: true };
  if (sessionOf(request, settings, now)) return { pass: true };
  const token = request.headers.get(OPERATOR_TOKEN_HEADER);
  if (token && env.EDDY_OPERATOR_TOKEN && tokensMatch(token, env.EDDY_OPERATOR_TOKEN)) return { pass: true };
  if (route.startsWith('/api/')) {
    const body = { error: { code: 'unauthenticated', message: 'Sign in first: this Eddy requires a session (or the operator token for scripts).' } };
    return { pass: false, response: Response.json(body, { status: 401, headers: { 'cache-control': 'no-store' } }) };
  }
  const next = `${url.pathname}${url.search}`;
  // Absolute: Next refuses a relative Location from the proxy.
  return { pass: false, response: new Response(null, { status: 307, headers: { location: `${publicOrigin(request, settings)}/auth/signin?next=${encodeURIComponent(next)}`, 'cache-control': 'no-store' } }) };
}
