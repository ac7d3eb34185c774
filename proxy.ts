import { NextResponse, type NextRequest } from 'next/server';
import { ENVIRONMENT_HEADER, UNKNOWN_ENVIRONMENT_HEADER } from './lib/environments/schema';
import { routeEnvironment, UNKNOWN_ENVIRONMENT_PATH } from './lib/environments/route';
import { publicOrigin } from './server/auth/config';
import { gate } from './server/auth/gate';
import { parseEnv } from './server/env-schema';
import { loadEnvironments } from './server/environments';

/**
 * Next's proxy (formerly middleware; Node.js runtime): with sign-in configured, no page and no
 * API route answers without a session (server/auth/gate.ts). The mutation routes check the role
 * again themselves (server/redrive/policy.ts), so a matcher change cannot open them.
 *
 * Then the environment (eddy.config.json `environments`; lib/environments/route.ts): `/e/<name>/…`
 * is rewritten to the route that exists with the `x-eddy-environment` request header set — the
 * server reads it in server/services.ts `currentEnvironmentName` — and a page URL without the
 * prefix is redirected to the default environment's. The header is always set here, so a client
 * cannot choose an environment by sending it itself.
 */
export function proxy(request: NextRequest) {
  const parsed = parseEnv(process.env);
  // A bad configuration stops the start (instrumentation.ts); never let it open the gate here.
  if (!parsed.ok) return NextResponse.json({ error: { code: 'internal', message: 'Eddy’s configuration is invalid.' } }, { status: 500 });
  const decision = gate(request, parsed.env);
  if (!decision.pass) return decision.response;
  const environments = loadEnvironments(parsed.env);
  if (!environments.ok) return NextResponse.json({ error: { code: 'internal', message: 'Eddy’s environments are invalid.' } }, { status: 500 });
  const route = routeEnvironment(request.nextUrl.pathname, environments.environments.map((e) => e.name));
  const headers = new Headers(request.headers);
  // Only the proxy names an unknown environment: a client's own header is dropped.
  headers.delete(UNKNOWN_ENVIRONMENT_HEADER);
  switch (route.kind) {
    case 'unknown': {
      if (!route.page) return NextResponse.json({ error: { code: 'not_found', message: `There is no environment "${route.name}" in this Eddy.` } }, { status: 404 });
      // The app's own not-found page (it answers 404), in the default environment so its layout,
      // sidebar and links work; the URL the browser shows stays as it was.
      headers.set(ENVIRONMENT_HEADER, route.environment);
      headers.set(UNKNOWN_ENVIRONMENT_HEADER, encodeURIComponent(route.name));
      return NextResponse.rewrite(rewriteTarget(request, UNKNOWN_ENVIRONMENT_PATH), { request: { headers } });
    }
    case 'redirect': {
      // The origin the browser sees (NextURL would say localhost for 127.0.0.1, another cookie jar).
      const origin = publicOrigin(request, { publicUrl: parsed.env.EDDY_PUBLIC_URL, trustProxy: parsed.env.EDDY_TRUST_PROXY });
      return NextResponse.redirect(`${origin}${route.pathname}${request.nextUrl.search}`, 307);
    }
    case 'pass':
      headers.set(ENVIRONMENT_HEADER, route.environment);
      return NextResponse.next({ request: { headers } });
    case 'rewrite': {
      headers.set(ENVIRONMENT_HEADER, route.environment);
      return NextResponse.rewrite(rewriteTarget(request, route.pathname), { request: { headers } });
    }
  }
}

/**
 * The URL to rewrite to, on the origin the request came to. Next proxies a rewrite whose origin is
 * not `http://<the hostname it listens on>:<port>` as an external URL; `request.nextUrl` says
 * `localhost` for 127.0.0.1 (Eddy's default), which made every rewrite loop back through this proxy.
 * `skipProxyUrlNormalize` (next.config.js) keeps `request.url` and the rewrite as they are.
 */
function rewriteTarget(request: NextRequest, pathname: string): URL {
  const url = new URL(request.url);
  url.pathname = pathname;
  return url;
}

export const config = {
  // Everything but Next's own static files and the icon: pages, API routes, SSE streams.
  matcher: ['/((?!_next/static|_next/image|icon\\.svg).*)'],
};
