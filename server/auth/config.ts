import type { Env } from '../env-schema';
import { parseList, type RoleRules } from './roles';

/** Sign-in as configured; undefined when Eddy runs without sign-in. */
export interface SignInSettings {
  issuer: string;
  clientId: string;
  clientSecret: string;
  scopes: string;
  sessionSecret: string;
  rules: RoleRules;
  publicUrl?: string;
  trustProxy: boolean;
}

type AuthEnv = Pick<
  Env,
  | 'EDDY_OIDC_ISSUER'
  | 'EDDY_OIDC_CLIENT_ID'
  | 'EDDY_OIDC_CLIENT_SECRET'
  | 'EDDY_OIDC_SCOPES'
  | 'EDDY_OIDC_GROUPS_CLAIM'
  | 'EDDY_SESSION_SECRET'
  | 'EDDY_OPERATORS'
  | 'EDDY_VIEWERS'
  | 'EDDY_PUBLIC_URL'
  | 'EDDY_TRUST_PROXY'
>;

export function signInSettings(env: Partial<AuthEnv>): SignInSettings | undefined {
  const { EDDY_OIDC_ISSUER: issuer, EDDY_OIDC_CLIENT_ID: clientId, EDDY_OIDC_CLIENT_SECRET: clientSecret, EDDY_SESSION_SECRET: sessionSecret } = env;
  // The schema refuses half a configuration; all four or none reach here.
  if (!issuer || !clientId || !clientSecret || !sessionSecret) return undefined;
  return {
    issuer,
    clientId,
    clientSecret,
    sessionSecret,
    scopes: env.EDDY_OIDC_SCOPES ?? 'openid email profile',
    rules: { operators: parseList(env.EDDY_OPERATORS), viewers: parseList(env.EDDY_VIEWERS), groupsClaim: env.EDDY_OIDC_GROUPS_CLAIM ?? 'groups' },
    publicUrl: env.EDDY_PUBLIC_URL?.replace(/\/+$/, ''),
    trustProxy: env.EDDY_TRUST_PROXY ?? false,
  };
}

/**
 * The origin the browser sees: EDDY_PUBLIC_URL when set; the X-Forwarded-Proto/Host a trusted
 * proxy sent (EDDY_TRUST_PROXY); otherwise the Host the request came to.
 */
export function publicOrigin(request: Request, settings: Pick<SignInSettings, 'publicUrl' | 'trustProxy'>): string {
  if (settings.publicUrl) return new URL(settings.publicUrl).origin;
  const url = new URL(request.url);
  const host = (settings.trustProxy && request.headers.get('x-forwarded-host')?.split(',')[0]?.trim()) || request.headers.get('host') || url.host;
  const proto = (settings.trustProxy && request.headers.get('x-forwarded-proto')?.split(',')[0]?.trim()) || url.protocol.replace(/:$/, '');
  return `${proto}://${host}`;
}

/** Only a path on this origin may be where sign-in returns to (no `//evil.example`). */
export function safeReturnPath(next: string | null | undefined): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\') || next.startsWith('/auth/')) return '/';
  return next;
}
