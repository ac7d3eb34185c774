import type { Role } from './session';

/** Who may sign in and who is an operator: emails (any case) or values of the groups claim. */
export interface RoleRules {
  operators: string[];
  /** Empty: anyone the issuer admits may sign in (as a viewer, unless an operator). */
  viewers: string[];
  groupsClaim: string;
}

/** `a@x.com, ops ,b@y.com` → three entries; unset → none. */
export function parseList(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);
}

export type RoleResolution = { ok: true; email: string; name?: string; role: Role } | { ok: false; reason: string };

function groupsOf(claims: Record<string, unknown>, claim: string): string[] {
  const value = claims[claim];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  if (typeof value === 'string') return value.split(/[\s,]+/).filter(Boolean);
  return [];
}

/**
 * The role of a verified ID token's claims. It needs an email the issuer does not call
 * unverified; an entry matches the email case-insensitively or a group value exactly.
 */
export function resolveRole(claims: Record<string, unknown>, rules: RoleRules): RoleResolution {
  const email = typeof claims.email === 'string' ? claims.email.trim() : '';
  if (!email) return { ok: false, reason: 'The identity provider sent no email address (ask for the "email" scope).' };
  if (claims.email_verified === false) return { ok: false, reason: `The identity provider has not verified ${email}.` };
  const groups = groupsOf(claims, rules.groupsClaim);
  const matches = (entry: string) => entry.toLowerCase() === email.toLowerCase() || groups.includes(entry);
  const name = typeof claims.name === 'string' ? claims.name : undefined;
  if (rules.operators.some(matches)) return { ok: true, email, name, role: 'operator' };
  if (rules.viewers.length > 0 && !rules.viewers.some(matches)) return { ok: false, reason: `${email} may not sign in to this Eddy (not in EDDY_VIEWERS or EDDY_OPERATORS).` };
  return { ok: true, email, name, role: 'viewer' };
}

/**
 * The role of a signed-in user in one environment: an operator everywhere stays one; a viewer
 * listed in that environment's `operators` (eddy.config.json `environments[].operators`) operates
 * that environment only. Matched by email (any case): the session keeps no groups claim, so group
 * values there apply only once the session carries them.
 */
export function roleInEnvironment(session: { email: string; role: Role }, environmentOperators: readonly string[] | undefined): Role {
  if (session.role === 'operator') return 'operator';
  const email = session.email.toLowerCase();
  return environmentOperators?.some((entry) => entry.toLowerCase() === email) ? 'operator' : 'viewer';
}
