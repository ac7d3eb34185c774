import { NextResponse, type NextRequest } from 'next/server';
import { gate } from './server/auth/gate';
import { parseEnv } from './server/env-schema';

/**
 * Next's proxy (formerly middleware; Node.js runtime): with sign-in configured, no page and no
 * API route answers without a session (server/auth/gate.ts). The mutation routes check the role
 * again themselves (server/redrive/policy.ts), so a matcher change cannot open them.
 */
export function proxy(request: NextRequest) {
  const parsed = parseEnv(process.env);
  // A bad configuration stops the start (instrumentation.ts); never let it open the gate here.
  if (!parsed.ok) return NextResponse.json({ error: { code: 'internal', message: 'Eddy’s configuration is invalid.' } }, { status: 500 });
  const decision = gate(request, parsed.env);
  return decision.pass ? NextResponse.next() : decision.response;
}

export const config = {
  // Everything but Next's own static files and the icon: pages, API routes, SSE streams.
  matcher: ['/((?!_next/static|_next/image|icon\\.svg).*)'],
};
